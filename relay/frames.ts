// What each visitor frame means: validation, the webhook it becomes, and the answer the visitor sees.
import { ID_PATTERN, type CatchUpMessage, type ChatMessageFrame, type ClientFrame, type HelloFrame, type UserInfo, type WebhookType } from '../protocol/types.js';
import { parseClientFrame } from '../protocol/validate.js';
import { visitorTopic } from './bus.js';
import type { Conn, SocketHub } from './sockets.js';
import { identityHash, issueToken, newVisitorId, safeEqual, verifyToken } from './tokens.js';
import { maskPreview } from './typing.js';
import { webhookBody, type DeliveryResult } from './webhooks.js';

/** Parses and acts on one text frame from a visitor; answers bad input with `error`/`nack`. */
export async function handleFrame(hub: SocketHub, conn: Conn, raw: string): Promise<void> {
  const parsed = parseClientFrame(raw, { maxTextLength: conn.site.limits.maxTextLength });
  if (!parsed.ok) {
    hub.ctx.metrics.frameErrors++;
    const ackable = ackableId(raw);
    if (parsed.code === 'bad_frame' && ackable !== undefined) {
      return hub.send(conn, { t: 'nack', id: ackable, retryable: false, reason: 'bad_frame' });
    }
    return hub.error(conn, parsed.code, parsed.message);
  }
  const f = parsed.frame;
  if (f.t === 'ping') return hub.send(conn, { t: 'pong' });
  if (f.t === 'hello') {
    if (conn.visitor) return hub.error(conn, 'bad_frame', 'hello was already received on this connection');
    return onHello(hub, conn, f);
  }
  if (!conn.visitor) return hub.error(conn, 'bad_frame', 'the first frame must be hello');
  return onVisitorFrame(hub, conn, f);
}

/** The id of a `message`/`offline_message` frame that failed validation, so it can be nacked. */
function ackableId(raw: string): string | undefined {
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    if (o && (o.t === 'message' || o.t === 'offline_message') && typeof o.id === 'string' && o.id !== '') {
      return o.id.slice(0, 128);
    }
  } catch {
    // Not JSON: no id to answer with.
  }
  return undefined;
}

/** Applies a user claim only when its userHash verifies; otherwise tells the visitor and trusts nothing. */
function applyIdentity(hub: SocketHub, conn: Conn, user: UserInfo): void {
  const secret = conn.site.identity?.secret;
  const ok =
    secret !== undefined &&
    typeof user.userId === 'string' &&
    user.userId !== '' &&
    typeof user.userHash === 'string' &&
    safeEqual(user.userHash.toLowerCase(), identityHash(secret, user.userId));
  if (!ok) return hub.error(conn, 'identity_invalid', 'userHash does not verify userId; identity not applied');
  const v = conn.visitor!;
  v.verified = true;
  v.userId = user.userId;
  if (user.name !== undefined) v.name = user.name;
  if (user.email !== undefined) v.email = user.email;
}

async function onHello(hub: SocketHub, conn: Conn, f: HelloFrame): Promise<void> {
  const { site } = conn;
  const secrets = hub.ctx.config.secrets;
  // Without a valid token for exactly this id a visitor gets a new id, never someone's conversation.
  const resumed = f.visitorId !== undefined && verifyToken(secrets, site.id, f.visitorId, f.token);
  const visitorId = resumed ? f.visitorId! : newVisitorId();
  conn.visitor = { id: visitorId, verified: false, page: f.page, ...(f.locale !== undefined ? { locale: f.locale } : {}) };
  if (f.user) applyIdentity(hub, conn, f.user);
  // A welcomed visitor is reachable from every relay instance: an API call right after can deliver.
  await hub.attach(conn);
  if (conn.ws.readyState !== conn.ws.OPEN) return;
  hub.send(conn, {
    t: 'welcome',
    visitorId,
    token: issueToken(secrets, site.id, visitorId, hub.ctx.config.tokenTtlSeconds),
    agentsOnline: hub.ctx.presence.get(site.id) ?? site.agentsOnline,
  });
  conn.announced = true;
  const r = await webhook(hub, conn, 'visitor.connected', undefined, { page: conn.visitor.page, since: f.lastMessageId });
  if (r.ok) for (const m of catchUp(r.body)) hub.send(conn, m);
}

/** Catch-up messages from a helpdesk's answer to visitor.connected; malformed items are skipped. */
function catchUp(body: string): ChatMessageFrame[] {
  let o: unknown;
  try {
    o = JSON.parse(body);
  } catch {
    return [];
  }
  const items = (o as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(items)) return [];
  const out: ChatMessageFrame[] = [];
  for (const item of items.slice(0, 500) as Partial<CatchUpMessage>[]) {
    if (!item || typeof item !== 'object' || typeof item.id !== 'string' || !ID_PATTERN.test(item.id) || typeof item.text !== 'string') continue;
    const frame: ChatMessageFrame = {
      t: 'message',
      id: item.id,
      from: item.from === 'visitor' ? 'visitor' : 'agent',
      text: item.text,
      at: typeof item.at === 'string' ? item.at : new Date().toISOString(),
    };
    if (item.author && typeof item.author === 'object' && typeof item.author.name === 'string') {
      frame.author = { name: item.author.name, ...(typeof item.author.avatarUrl === 'string' ? { avatarUrl: item.author.avatarUrl } : {}) };
    }
    out.push(frame);
  }
  return out;
}

function webhook(hub: SocketHub, conn: Conn, type: WebhookType, id: string | undefined, extra: Record<string, unknown>, tries?: number): Promise<DeliveryResult> {
  const body = webhookBody(type, conn.site.id, hub.snapshot(conn), extra);
  return hub.ctx.webhooks.send(conn.site.webhook, type, id, body, tries === undefined ? {} : { tries });
}

async function onVisitorFrame(hub: SocketHub, conn: Conn, f: Exclude<ClientFrame, HelloFrame>): Promise<void> {
  const { site } = conn;
  const v = conn.visitor!;
  switch (f.t) {
    case 'identify':
      return applyIdentity(hub, conn, f.user);
    case 'message':
    case 'offline_message': {
      if (!hub.takeMessageToken(conn)) return hub.send(conn, { t: 'nack', id: f.id, retryable: true, reason: 'rate_limited' });
      // A preview still waiting for its slot is stale once the message exists: drop it.
      if (f.t === 'message') hub.typing.get(site.id)?.forget(v.id);
      const at = new Date().toISOString();
      const r =
        f.t === 'message'
          ? await webhook(hub, conn, 'message.created', f.id, { message: { id: f.id, text: f.text, at } })
          : await webhook(hub, conn, 'offline_message.created', f.id, { message: { id: f.id, name: f.name, email: f.email, text: f.text, at } });
      if (!r.ok) return hub.send(conn, { t: 'nack', id: f.id, retryable: r.retryable, reason: r.reason });
      hub.send(conn, { t: 'ack', id: f.id });
      if (f.t === 'message') {
        // Other tabs of the same visitor show the message too; the widget dedupes by id.
        await hub.ctx.bus.publish(visitorTopic(site.id, v.id), {
          kind: 'frame',
          frame: { t: 'message', id: f.id, from: 'visitor', text: f.text, at },
          exceptConnection: conn.id,
        });
      }
      return;
    }
    case 'typing': {
      if (!site.typingPreview.enabled) return;
      const preview = maskPreview(f.text, site.typingPreview, hub.patterns.get(site.id));
      hub.typing.get(site.id)!.update(v.id, preview, (p) => webhook(hub, conn, 'visitor.typing', undefined, { preview: p }, 1));
      return;
    }
    case 'page': {
      const page = { url: f.url, ...(f.title !== undefined ? { title: f.title } : {}), ...(f.referrer !== undefined ? { referrer: f.referrer } : {}) };
      v.page = page;
      await webhook(hub, conn, 'visitor.page_viewed', undefined, { page });
      return;
    }
    case 'invitation': {
      const rule = site.invitations.find((r) => f.ruleId !== undefined && r.id === f.ruleId);
      const text = f.text ?? (typeof rule?.text === 'string' ? rule.text : '');
      const invitation = { id: f.id, ...(f.ruleId !== undefined ? { ruleId: f.ruleId } : {}), text };
      await webhook(hub, conn, `invitation.${f.action}`, undefined, { invitation });
      return;
    }
    case 'faq':
      await webhook(hub, conn, 'faq.feedback', undefined, { articleId: f.articleId, action: f.action });
      return;
  }
}

/** Fires visitor.disconnected for a socket that had said hello. */
export function onDisconnected(hub: SocketHub, conn: Conn): void {
  void webhook(hub, conn, 'visitor.disconnected', undefined, { page: conn.visitor!.page }).catch(() => {});
}
