// Frame handling: what each visitor frame means — validation, the webhook it becomes, the answer the
// visitor sees. One handler per frame type (protocol/route.ts): a new frame type fails the typecheck
// until handled. It reaches sockets, the registry and visitor state only through `FrameDeps`, and
// must not accept sockets or hold state of its own.
import { NACKED_FRAMES, clientFrameSchema, parseClientFrame, type ClientFrame, type HelloFrame, type UploadFrame } from '../protocol/client-frames.js';
import { attachmentRefusal } from '../protocol/attachments.js';
import { MAX_ATTRIBUTES } from '../protocol/claims.js';
import { toLocale } from '../protocol/locales.js';
import type { LocalizedText } from '../protocol/rules.js';
import { route, unreachable, type Handlers } from '../protocol/route.js';
import { check, type Infer } from '../protocol/schema.js';
import type { PageInfo, UserInfo } from '../protocol/client-frames.js';
import { redactUrl } from '../protocol/redact.js';
import { connectedAnswerSchema, type WebhookData, type WebhookType } from '../protocol/webhooks.js';
import { visitorTopic } from './bus.js';
import type { ResolvedSite } from './config.js';
import { connId, webhookVisitor, type Conn } from './conn.js';
import type { RelayContext } from './context.js';
import { CloseCode, type ChatMessageFrame, type ErrorCode, type ServerFrame } from '../protocol/server-frames.js';
import type { VisitorStates } from './visitor-state.js';
import { identityHash, issueToken, newVisitorId, safeEqual, verifyToken } from './tokens.js';
import { maskPreview } from './typing.js';
import { addClaims, claimsOf, clearClaims, fittingClaims, forwardedContext } from './profile.js';
import { webhookBody, type DeliveryResult, type SiteTarget } from './webhooks.js';
import { descriptorFor, descriptorsRefusal, shownOf, uploadTargetOf } from './attachments.js';

/** What frame handling needs from the rest of the socket layer. */
export interface FrameDeps {
  readonly ctx: RelayContext;
  readonly state: VisitorStates;
  send(conn: Conn, frame: ServerFrame): void;
  error(conn: Conn, code: ErrorCode, message: string): void;
  /** Makes the socket reachable as its visitor from every instance. */
  attach(conn: Conn): Promise<void>;
  /** Whether the visitor may have a socket besides this one, here or on another instance. */
  mayHaveOtherTabs(conn: Conn): boolean;
  /** Closes the socket (1013 for abuse). */
  close(conn: Conn, code: number, reason: string): void;
}

/** Each site's frame schema, built once: its text bound is the site's. */
const schemas = new WeakMap<ResolvedSite, ReturnType<typeof clientFrameSchema>>();
function schemaOf(site: ResolvedSite) {
  let s = schemas.get(site);
  if (!s) schemas.set(site, (s = clientFrameSchema({ maxTextLength: site.limits.maxTextLength })));
  return s;
}

/** Parses and acts on one text frame from a visitor; answers bad input with `error`/`nack`. */
export async function handleFrame(hub: FrameDeps, conn: Conn, raw: string): Promise<void> {
  const parsed = parseClientFrame(raw, schemaOf(conn.site));
  if (!parsed.ok) {
    refused(hub, conn, parsed.code);
    const ackable = ackableId(raw);
    if (parsed.code === 'bad_frame' && ackable !== undefined) {
      return hub.send(conn, { t: 'nack', id: ackable, retryable: false, reason: 'bad_frame' });
    }
    return hub.error(conn, parsed.code, parsed.message);
  }
  const f = parsed.frame;
  if (f.t !== 'hello' && f.t !== 'ping' && !conn.visitor) return refuse(hub, conn, f.t, 'the first frame must be hello');
  const verdict = hub.state.take(conn.site, conn.ip, conn.visitor?.id, f.t);
  if (verdict !== 'ok') {
    refused(hub, conn, 'rate_limited', f.t);
    // Far beyond its budget a socket is abusive: closed with 1013, so a widget waits before retrying.
    if (verdict === 'abuse') {
      hub.ctx.log.socketRefused('abuse', { site: conn.site.id, conn: connId(conn), ip: conn.ip });
      return hub.close(conn, CloseCode.tryAgainLater, 'rate limit exceeded');
    }
    if (isNacked(f)) return hub.send(conn, { t: 'nack', id: f.id, retryable: true, reason: 'rate_limited' });
    // Excess typing is dropped quietly: the next draft supersedes it anyway.
    if (f.t === 'typing') return;
    return hub.error(conn, 'rate_limited', `too many ${f.t} frames; slow down`);
  }
  return route(handlers, f, { hub, conn });
}

/** Counts and logs a refused frame (the answer is the caller's). */
function refused(hub: FrameDeps, conn: Conn, reason: ErrorCode, t?: ClientFrame['t']): void {
  hub.ctx.metrics.refused(reason);
  hub.ctx.log.frameRefused(conn, reason, t);
}

/** Answers a frame that is well formed but not allowed now with `error bad_frame`, counted. */
function refuse(hub: FrameDeps, conn: Conn, t: ClientFrame['t'], message: string): void {
  refused(hub, conn, 'bad_frame', t);
  hub.error(conn, 'bad_frame', message);
}

type AckedFrame = Extract<ClientFrame, { t: 'message' | 'offline_message' | 'rating' | 'end' | 'transcript' }>;
const isNacked = (f: { t: string }): f is AckedFrame | UploadFrame => (NACKED_FRAMES as readonly string[]).includes(f.t);

/** The id of a frame answered by nack (message, offline message, rating, end, transcript, upload) that failed validation. */
function ackableId(raw: string): string | undefined {
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    if (o && typeof o.t === 'string' && isNacked(o as { t: string }) && typeof o.id === 'string' && o.id !== '') {
      return o.id.slice(0, 128);
    }
  } catch {
    // Not JSON: no id to answer with.
  }
  return undefined;
}

/**
 * Replaces the visitor's identity whole (nothing of user 42 survives an identify as user 43). Only
 * `userId` is ever verified, by its `userHash`; name and email are the page's claims and pass on as
 * such. A userId whose hash does not verify is not passed on at all, and the visitor is told.
 */
function applyIdentity(hub: FrameDeps, conn: Conn, user: UserInfo): void {
  const secret = conn.site.identity?.secret;
  const ok =
    secret !== undefined &&
    typeof user.userId === 'string' &&
    user.userId !== '' &&
    typeof user.userHash === 'string' &&
    safeEqual(user.userHash.toLowerCase(), identityHash(secret, user.userId));
  const v = conn.visitor!;
  // The same verified user identified again (every page does) keeps what the page said of them.
  const attributes = ok && v.userId === user.userId ? v.attributes : undefined;
  v.verified = ok;
  delete v.userId;
  clearClaims(v);
  if (attributes) v.attributes = attributes;
  if (ok) v.userId = user.userId;
  if (user.name !== undefined) v.name = user.name;
  if (user.email !== undefined) v.email = user.email;
  if (user.phone !== undefined) v.phone = user.phone;
  if (!ok && (user.userId !== undefined || user.userHash !== undefined)) {
    hub.ctx.log.frameRefused(conn, 'identity_invalid');
    hub.error(conn, 'identity_invalid', 'userHash does not verify userId; the userId is not passed on');
  }
}

async function onHello(hub: FrameDeps, conn: Conn, f: HelloFrame): Promise<void> {
  const { site } = conn;
  const secrets = hub.ctx.config.secrets;
  // Without a valid token for exactly this id a visitor gets a new id, never someone's conversation.
  const resumed = f.visitorId !== undefined && verifyToken(secrets, site.id, f.visitorId, f.token);
  const visitorId = resumed ? f.visitorId! : newVisitorId();
  const context = forwardedContext(f.context, site, conn.userAgent, conn.ip);
  conn.visitor = {
    id: visitorId,
    verified: false,
    page: redactPage(f.page, site),
    ...(f.locale !== undefined ? { locale: f.locale } : {}),
    ...(context ? { context } : {}),
    connectedAtMs: Date.now(),
  };
  if (f.user) applyIdentity(hub, conn, f.user);
  // The widget's stored claims, said again so they survive page changes; identify's come first.
  const { claims, refused } = fittingClaims(f.profile);
  addClaims(conn.visitor, claims);
  if (refused.length) hub.error(conn, 'bad_frame', `hello: profile ${refused.map((r) => `"${r}"`).join(', ')} out of bounds, not passed on`);
  // A welcomed visitor is reachable from every relay instance: an API call right after can deliver.
  await hub.attach(conn);
  if (conn.ws.readyState !== conn.ws.OPEN) return;
  hub.send(conn, {
    t: 'welcome',
    visitorId,
    token: issueToken(secrets, site.id, visitorId, hub.ctx.config.tokenTtlSeconds),
    agentsOnline: hub.ctx.presence.get(site.id) ?? site.agentsOnline,
    ...hub.ctx.hours.get(site.id),
  });
  conn.announced = true;
  hub.ctx.log.welcomed(conn, resumed);
  const r = await webhook(hub, conn, 'visitor.connected', undefined, { page: conn.visitor.page, since: f.lastMessageId, ...(context ? { context } : {}) });
  if (r.ok) for (const m of catchUp(r.body, site)) hub.send(conn, m);
}

/**
 * Catch-up from a helpdesk's answer to visitor.connected: messages, then a resolve the visitor was
 * offline for; items that do not fit are skipped.
 */
function catchUp(body: string, site: ResolvedSite): ServerFrame[] {
  let o: unknown;
  try {
    o = JSON.parse(body);
  } catch {
    return [];
  }
  const r = check(connectedAnswerSchema, o);
  if (!r.ok) return [];
  const { resolved } = r.value;
  const end: ServerFrame[] = resolved
    ? [{ t: 'resolved', id: resolved.id, ...(resolved.conversationId ? { conversationId: resolved.conversationId } : {}), askRating: resolved.askRating ?? site.rating.enabled }]
    : [];
  return [...messagesOf(r.value.messages ?? []), ...end];
}

function messagesOf(messages: NonNullable<Infer<typeof connectedAnswerSchema>['messages']>): ChatMessageFrame[] {
  return messages.slice(0, 500).map((m) => ({
    t: 'message',
    id: m.id,
    from: m.from ?? 'agent',
    text: m.text,
    at: m.at ?? new Date().toISOString(),
    ...(m.author ? { author: m.author } : {}),
    ...(m.attachments?.length ? { attachments: m.attachments } : {}),
    ...(m.actions ? { actions: m.actions } : {}),
  }));
}

function webhook<T extends WebhookType>(hub: FrameDeps, conn: Conn, type: T, id: string | undefined, data: WebhookData<T>, tries?: number): Promise<DeliveryResult> {
  const body = webhookBody(type, conn.site.id, webhookVisitor(conn.visitor!), data);
  // Latest-wins events of one visitor replace each other while they wait.
  return hub.ctx.webhooks.send(targetOf(conn.site), type, id, body, tries, conn.visitor!.id);
}

/** Each site's webhook target, made once rather than per event. */
const targets = new WeakMap<ResolvedSite, SiteTarget>();
function targetOf(site: ResolvedSite): SiteTarget {
  let t = targets.get(site);
  if (!t) targets.set(site, (t = { site: site.id, url: site.webhook.url, secret: site.webhook.secret }));
  return t;
}

interface FrameContext {
  hub: FrameDeps;
  conn: Conn;
}

/** The webhook an acked frame becomes, with its frame's id as webhook-id. */
function ackedWebhook(hub: FrameDeps, conn: Conn, f: AckedFrame, at: string): Promise<DeliveryResult> {
  const v = conn.visitor!;
  const cid = (x: { conversationId?: string }) => (x.conversationId !== undefined ? { conversationId: x.conversationId } : {});
  switch (f.t) {
    case 'message':
      return webhook(hub, conn, 'message.created', f.id, {
        message: { id: f.id, text: f.text, ...(f.attachments ? { attachments: f.attachments } : {}), ...(f.replyTo ? { replyTo: f.replyTo } : {}), at },
      });
    case 'offline_message':
      return webhook(hub, conn, 'offline_message.created', f.id, {
        message: {
          id: f.id,
          name: f.name,
          ...(f.email !== undefined ? { email: f.email } : {}),
          ...(f.phone !== undefined ? { phone: f.phone } : {}),
          ...(f.callback ? { callback: true } : {}),
          text: f.text,
          at,
        },
      });
    case 'rating':
      return webhook(hub, conn, 'conversation.rated', f.id, { rating: { id: f.id, ...cid(f), score: f.score, ...(f.comment?.trim() ? { comment: f.comment } : {}), at } });
    case 'end':
      return webhook(hub, conn, 'conversation.ended', f.id, { ...cid(f), by: 'visitor' });
    case 'transcript':
      // Verified only when the address is the verified user's own; anything else is a claim (DESIGN §9).
      return webhook(hub, conn, 'transcript.requested', f.id, {
        request: { id: f.id, ...cid(f), email: f.email, emailVerified: v.verified && v.email !== undefined && v.email.toLowerCase() === f.email.toLowerCase() },
      });
    default:
      return unreachable(f);
  }
}

/**
 * The site takes messages and files from verified users only: a nack that is not retryable, and an
 * `error` saying what would let them through, which the widget shows (and the page can act on).
 */
function refuseUnverified(hub: FrameDeps, conn: Conn, f: AckedFrame | UploadFrame): void {
  refused(hub, conn, 'identity_required', f.t);
  hub.error(conn, 'identity_required', 'this site takes messages from signed-in users only: sign in, then send again');
  hub.send(conn, { t: 'nack', id: f.id, retryable: false, reason: 'identity_required' });
}

/** A frame the visitor's outbox waits on: rate limited, forwarded, acked once the helpdesk has it. */
async function onAckable({ hub, conn }: FrameContext, f: AckedFrame): Promise<void> {
  const started = performance.now();
  const { site } = conn;
  const v = conn.visitor!;
  if (site.identity?.required && !v.verified) return refuseUnverified(hub, conn, f);
  // Only descriptors this relay signed for this visitor, unexpired: never a URL a visitor made up.
  if (f.t === 'message' && f.attachments) {
    const refusal = descriptorsRefusal(hub.ctx.config.secrets, site, v.id, f.attachments);
    if (refusal) return hub.send(conn, { t: 'nack', id: f.id, retryable: false, reason: refusal });
  }
  // A preview still waiting for its slot is stale once the message exists: drop it.
  if (f.t === 'message') hub.state.typingOf(site).forget(v.id);
  const at = new Date().toISOString();
  const r = await ackedWebhook(hub, conn, f, at);
  if (!r.ok) return hub.send(conn, { t: 'nack', id: f.id, retryable: r.retryable, reason: r.reason });
  hub.send(conn, { t: 'ack', id: f.id });
  hub.ctx.metrics.acked(site.id, v.id, f, started);
  // Other tabs of the same visitor show the message too; the widget dedupes by id.
  if (f.t === 'message' && hub.mayHaveOtherTabs(conn)) {
    await hub.ctx.bus.publish(visitorTopic(site.id, v.id), {
      kind: 'frame',
      frame: { t: 'message', id: f.id, from: 'visitor', text: f.text, ...(f.attachments ? { attachments: f.attachments.map(shownOf) } : {}), at },
      exceptConnection: connId(conn),
    });
  }
}

/**
 * Where a visitor's file may go (DESIGN §10): checked against the site's rules, then the helpdesk is
 * asked (webhook-id = the upload id, so a retried request gets the same target) and its answer is
 * passed on with a descriptor this relay signs.
 */
async function onUpload({ hub, conn }: FrameContext, f: UploadFrame): Promise<void> {
  const { site } = conn;
  const v = conn.visitor!;
  if (site.identity?.required && !v.verified) return refuseUnverified(hub, conn, f);
  const refused = attachmentRefusal(site.attachments, f);
  if (refused) return hub.send(conn, { t: 'nack', id: f.id, retryable: false, reason: refused });
  const r = await webhook(hub, conn, 'attachment.requested', f.id, { attachment: { id: f.id, name: f.name, type: f.type, size: f.size } });
  const target = r.ok ? uploadTargetOf(r.body) : undefined;
  if (!target) return hub.send(conn, { t: 'nack', id: f.id, retryable: true, reason: 'helpdesk_unavailable' });
  const { url: _served, ...place } = target;
  hub.send(conn, { t: 'upload_ready', id: f.id, ...place, attachment: descriptorFor(hub.ctx.config.secrets, site, v.id, f, target) });
}

/** The page as the helpdesk may see it: no fragment, no secret-looking query parameter (the widget did the same; it is not trusted to). */
function redactPage(p: PageInfo, site: ResolvedSite): PageInfo {
  const extra = site.privacy.redactQuery;
  return {
    url: redactUrl(p.url, extra),
    ...(p.title !== undefined ? { title: p.title } : {}),
    ...(p.referrer !== undefined ? { referrer: redactUrl(p.referrer, extra) } : {}),
  };
}

/** A rule's text in the visitor's locale, else English, else any it has (as the widget shows it). */
function localizedText(t: LocalizedText, locale: string | undefined): string {
  if (typeof t === 'string') return t;
  const base = toLocale(locale);
  return (base && t[base]) || t.en || Object.values(t).find((x) => typeof x === 'string' && x) || '';
}

const handlers: Handlers<ClientFrame, FrameContext, Promise<void> | void> = {
  ping: (_f, { hub, conn }) => hub.send(conn, { t: 'pong' }),
  hello: (f, { hub, conn }) => {
    if (conn.visitor) return refuse(hub, conn, 'hello', 'hello was already received on this connection');
    return onHello(hub, conn, f);
  },
  identify: async (f, { hub, conn }) => {
    applyIdentity(hub, conn, f.user);
    // Its name, email and phone are claims like any other: the helpdesk hears them at once.
    await webhook(hub, conn, 'visitor.updated', undefined, { profile: claimsOf(conn.visitor!) });
  },
  profile: async ({ t: _, ...said }, { hub, conn }) => {
    if (!addClaims(conn.visitor!, said)) return hub.error(conn, 'bad_frame', `profile: "attributes" would have more than ${MAX_ATTRIBUTES} keys with those already said`);
    await webhook(hub, conn, 'visitor.updated', undefined, { profile: said });
  },
  event: async (f, { hub, conn }) => {
    await webhook(hub, conn, 'visitor.event', undefined, { event: { name: f.name, ...(f.props ? { props: f.props } : {}), at: new Date().toISOString() } });
  },
  message: (f, ctx) => onAckable(ctx, f),
  offline_message: (f, ctx) => onAckable(ctx, f),
  rating: (f, ctx) => onAckable(ctx, f),
  end: (f, ctx) => onAckable(ctx, f),
  transcript: (f, ctx) => onAckable(ctx, f),
  typing: (f, { hub, conn }) => {
    const { site } = conn;
    if (!site.typingPreview.enabled) return;
    const preview = maskPreview(f.text, site.typingPreview, hub.state.patternsOf(site));
    hub.state.typingOf(site).update(conn.visitor!.id, preview, (p) => webhook(hub, conn, 'visitor.typing', undefined, { preview: p }, 1));
  },
  page: async (f, { hub, conn }) => {
    const page = redactPage(f, conn.site);
    conn.visitor!.page = page;
    await webhook(hub, conn, 'visitor.page_viewed', undefined, { page });
  },
  invitation: async (f, { hub, conn }) => {
    // The helpdesk is told the rule's text or the agent's own, never what the visitor claims it said.
    const v = conn.visitor!;
    const rule = f.ruleId === undefined ? undefined : conn.site.invitations.find((r) => r.id === f.ruleId);
    const text = rule ? localizedText(rule.text, v.locale) : (hub.state.invitationText(conn.site, v.id, f.id) ?? '');
    const invitation = { id: f.id, ...(rule ? { ruleId: rule.id } : {}), text };
    await webhook(hub, conn, `invitation.${f.action}`, undefined, { invitation });
  },
  upload: (f, ctx) => onUpload(ctx, f),
  read: (f, { hub, conn }) => {
    const at = () => new Date().toISOString();
    hub.state.readsOf(conn.site).update(conn.visitor!.id, f.upTo, (upTo) => webhook(hub, conn, 'message.read', undefined, { upTo, at: at() }, 1));
  },
  faq: async (f, { hub, conn }) => {
    await webhook(hub, conn, 'faq.feedback', undefined, { articleId: f.articleId, action: f.action });
  },
};

/** Fires visitor.disconnected for a socket that had said hello. */
export function onDisconnected(hub: FrameDeps, conn: Conn): void {
  void webhook(hub, conn, 'visitor.disconnected', undefined, { page: conn.visitor!.page }).catch(() => {});
}
