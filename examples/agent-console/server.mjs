// An example helpdesk an agent can work in for a shift: it takes Parley's webhooks through the
// parley-chat/helpdesk kit (signature, timestamp window, webhook-id dedupe, typed events), keeps
// bounded conversations in memory, answers catch-up requests, and serves a page that gets every
// change as a small server-sent diff and replies through the kit's relay client.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createRelayClient, createWebhookHandler } from '../../dist/helpdesk/index.js';
import { createConversations, resolveLimits } from './conversations.mjs';
import { createGuard, TOKEN_HEADER } from './guard.mjs';

const page = readFileSync(new URL('./index.html', import.meta.url));
const script = readFileSync(new URL('./console.js', import.meta.url));
const labels = readFileSync(new URL('./i18n.js', import.meta.url));
const MAX_BODY = 1 << 20;
/** Largest file this console stores, whatever a visitor declares (the site's maxBytes is checked by the relay too). */
const MAX_FILE = 10 << 20;
/** How long an upload URL stays usable. */
const UPLOAD_TTL_MS = 15 * 60_000;
/** A page that reads its stream slower than this many buffered bytes is cut off; it reconnects to a fresh snapshot. */
const MAX_STREAM_BUFFER = 1 << 20;

/** A kept message as the relay's catch-up takes it: its files and buttons too, so a reload shows them again. */
const catchUp = ({ id, text, author, at, from, attachments, actions }) => ({ id, text, author, at, from, ...(attachments ? { attachments } : {}), ...(actions ? { actions } : {}) });

/**
 * Starts the agent console; resolves once it listens. Options: site, apiSecret, webhookSecret, relayUrl
 * (or setRelayUrl later), port, host, hours(), token (random per start by default), limits
 * ({maxConversations, maxMessages, maxTimeline, maxReceived}).
 */
export async function startConsole(options) {
  // relayUrl may be set after start: the relay needs this console's URL first, for its webhook.
  // hours(): the site's configured hours, read when asked (the demo may change the config after start).
  const { port = 0, host = '127.0.0.1', site, apiSecret, webhookSecret } = options;
  const limits = resolveLimits(options.limits);
  const streams = new Set();
  const emit = (event, data) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of streams) {
      if (res.writableLength > MAX_STREAM_BUFFER) res.destroy();
      else res.write(frame);
    }
  };
  const conversations = createConversations(limits, emit);
  const received = []; // every webhook handled, in arrival order (tests read it), the last maxReceived
  let agentsOnline = null;
  // Open now and the next opening, as the relay last said (presence PUT answer or widget-config).
  let hours = null;
  const held = new Map(); // message text -> promise the answer to its webhook waits for (tests)
  // Files, visitors' and agents': id -> {name, type, size, token?, expires?, bytes?}. A visitor's slot
  // takes one upload (the one-time token in its URL), of exactly the declared size, before it expires.
  const files = new Map();
  let base = '';
  let relayClient;
  let relayClientFor = '';
  /** The kit's client for the relay, made once its URL is known. */
  const relay = () => {
    if (relayClientFor !== options.relayUrl) {
      relayClient = createRelayClient({ relay: options.relayUrl, site, apiSecret });
      relayClientFor = options.relayUrl;
    }
    return relayClient;
  };
  const presence = () => ({ agentsOnline, hours });

  const webhooks = createWebhookHandler({
    secret: webhookSecret,
    async onEvent(event) {
      received.push(event);
      if (received.length > limits.maxReceived) received.splice(0, received.length - limits.maxReceived);
      // A slow helpdesk, on demand: the relay acks the message only once this answers.
      if (event.type === 'message.created') await held.get(event.data.message.text);
      return handle(event);
    },
  });

  /** Applies one verified, first-seen webhook; returns the JSON answer for the relay. */
  function handle(event) {
    const d = event.data;
    const at = event.timestamp;
    const c = conversations.of(d.visitor, at);
    const note = (what, extra = {}) => conversations.add(c, 'timeline', { at, what, ...extra });
    let answer = {};
    switch (event.type) {
      case 'visitor.connected': {
        c.connections++;
        if (d.context) c.context = d.context;
        note('connected', { page: d.page });
        // A verified user on any device gets the whole conversation, both sides; the widget merges by id.
        if (d.visitor.verified && d.visitor.userId) answer = { messages: c.messages.slice(-200).map(catchUp) };
        else {
          // Catch-up: hand back what the visitor has not seen (everything after `since`).
          const i = d.since ? c.messages.findIndex((m) => m.id === d.since) : -1;
          const missed = (i >= 0 || !d.since ? c.messages.slice(i + 1) : c.messages).filter((m) => m.from === 'agent');
          answer = { messages: missed.map(catchUp) };
        }
        break;
      }
      case 'visitor.disconnected':
        c.connections = Math.max(0, c.connections - 1);
        if (!c.connections) c.preview = '';
        break;
      case 'visitor.page_viewed':
        note('page', { page: d.page });
        break;
      case 'message.created':
        // A file is shown only once this console holds it, with the type and size the relay vouched for.
        if (!c.messages.some((m) => m.id === d.message.id)) conversations.add(c, 'messages', { ...d.message, attachments: d.message.attachments?.filter(stored), from: 'visitor' });
        c.preview = '';
        break;
      case 'message.read':
        c.readUpTo = d.upTo;
        break;
      case 'attachment.requested': {
        const a = d.attachment;
        const token = randomUUID();
        const expires = Date.now() + UPLOAD_TTL_MS;
        files.set(a.id, { name: a.name, type: a.type, size: a.size, token, expires, from: 'visitor' });
        while (files.size > limits.maxConversations * 4) files.delete(files.keys().next().value);
        // A repeat of this webhook-id gets this same answer from the kit.
        return {
          uploadUrl: `${base}/uploads/${a.id}?t=${token}`,
          method: 'PUT',
          headers: { 'content-type': a.type },
          url: `${base}/files/${a.id}`,
          expiresAt: new Date(expires).toISOString(),
        };
      }
      case 'offline_message.created':
        // Name, email, phone and the callback flag travel with the message: the agent answers by them.
        conversations.add(c, 'messages', { ...d.message, at: d.message.at ?? at, from: 'visitor', offline: true });
        if (d.message.callback) note('callback requested', { text: d.message.phone });
        break;
      case 'conversation.ended':
        note('ended by the visitor', { conversationId: d.conversationId });
        break;
      case 'conversation.rated':
        c.rating = d.rating.score;
        note('rated', { score: d.rating.score, text: d.rating.comment, conversationId: d.rating.conversationId });
        break;
      case 'transcript.requested':
        note('transcript requested', { text: d.request.email, verified: d.request.emailVerified });
        break;
      case 'visitor.typing':
        c.preview = d.preview;
        break;
      case 'visitor.updated':
        note('said', { text: Object.entries({ ...d.profile, ...d.profile.attributes }).filter(([k]) => k !== 'attributes').map(([k, v]) => `${k}: ${v}`).join(', ') });
        break;
      case 'visitor.event':
        note(`did ${d.event.name}`, { text: d.event.props ? JSON.stringify(d.event.props) : '' });
        break;
      case 'faq.feedback':
        note(`faq ${d.action}`, { articleId: d.articleId });
        break;
      case 'invitation.shown':
      case 'invitation.accepted':
      case 'invitation.dismissed':
        note(event.type, { text: d.invitation?.text });
        break;
      default:
        // A type added to protocol/webhooks.ts after this console: shown by name, never dropped.
        note(event.type);
    }
    conversations.changed(c);
    return answer;
  }

  /** Whether a visitor's attachment is a file this console stored, of the type and size it claims. */
  function stored(a) {
    const f = files.get(a.id);
    return !!f?.bytes && a.url === `${base}/files/${a.id}` && f.type === a.type && f.bytes.length === a.size;
  }

  /** The value of a kit call, or a throw carrying the relay's code for the page. */
  async function call(result) {
    const r = await result;
    if (!r.ok) throw Object.assign(new Error(r.error.message), { status: r.error.status && r.error.status < 500 ? r.error.status : 502, code: r.error.code });
    return r.value;
  }
  const authorOf = (b) => ({ name: String(b.author?.name || options.agentName || 'Agent').slice(0, 80) });
  /** PUT /uploads/:id?t=token (a visitor's file, straight from the widget) and GET /files/:id. */
  function fileRoute(req, res) {
    const u = new URL(req.url, 'http://x');
    const m = /^\/(uploads|files)\/([A-Za-z0-9_-]{8,64})$/.exec(u.pathname);
    if (!m) return false;
    const f = files.get(m[2]);
    // The widget uploads from the site's origin: the browser asks first.
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' };
    if (m[1] === 'uploads' && req.method === 'OPTIONS') return res.writeHead(204, cors).end(), true;
    if (m[1] === 'uploads') {
      if (req.method !== 'PUT') return send(res, 405, { error: { code: 'method_not_allowed' } }, cors), true;
      // One-time: a used, expired or unknown slot, or a wrong token, takes nothing.
      if (!f || f.bytes || f.token !== u.searchParams.get('t') || Date.now() > f.expires) return send(res, 403, { error: { code: 'forbidden' } }, cors), true;
      const cap = Math.min(f.size, MAX_FILE);
      const chunks = [];
      let size = 0;
      req.on('data', (c) => {
        size += c.length;
        if (size > cap) {
          send(res, 413, { error: { code: 'too_large' } }, cors);
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => {
        if (size !== f.size) return send(res, 400, { error: { code: 'wrong_size', message: `expected ${f.size} bytes` } }, cors);
        f.bytes = Buffer.concat(chunks);
        f.token = null;
        send(res, 201, { url: `${base}/files/${m[2]}` }, cors);
      });
      req.on('error', () => {});
      return true;
    }
    if (req.method !== 'GET' || !f?.bytes) return send(res, 404, { error: { code: 'not_found' } }), true;
    // Never sniffed into HTML; anything but an image downloads instead of opening in the console's origin.
    const image = /^image\//.test(f.type) && !/svg/i.test(f.type);
    res.writeHead(200, {
      'content-type': f.type,
      'content-length': f.bytes.length,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=3600',
      ...(image ? {} : { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}` }),
    });
    res.end(f.bytes);
    return true;
  }


  /** The /api calls of the agent's page; each gets the parsed JSON body. */
  const api = {
    'POST /api/reply': async (b) => {
      const id = randomUUID().replaceAll('-', '').slice(0, 21);
      const at = new Date().toISOString();
      const author = authorOf(b);
      const extra = { ...(b.attachments?.length ? { attachments: b.attachments } : {}), ...(b.actions?.length ? { actions: b.actions } : {}) };
      // A file alone goes without words.
      const text = b.text ?? '';
      const c = conversations.ofVisitor(b.visitorId);
      // Kept first: if the relay is away, the visitor gets it in the catch-up when they are back.
      if (c) {
        conversations.add(c, 'messages', { id, text, author, at, from: 'agent', ...extra });
        conversations.changed(c);
      }
      // Every device of a verified user shows the reply; the same id, so each shows it once.
      const sent = await Promise.all((c?.visitorIds ?? [b.visitorId]).map((v) => call(relay().sendMessage(v, { id, ...(text ? { text } : {}), author, ...extra }))));
      return { id, delivered: sent.some((r) => r.delivered) };
    },
    // The agent opened the conversation: the visitor's messages so far are read ("Seen" in the widget).
    'POST /api/read': async (b) => {
      const c = conversations.ofVisitor(b.visitorId);
      const last = c?.messages.filter((m) => m.from === 'visitor' && !m.offline).pop();
      if (!last || c.readSent === last.id) return { delivered: false };
      c.readSent = last.id;
      return call(relay().markRead(c.id, { upTo: last.id }));
    },
    // The agent attaches a file: stored here, shown to the visitor from /files/:id.
    'POST /api/agent-file': async (b) => {
      const id = randomUUID().replaceAll('-', '').slice(0, 21);
      const bytes = Buffer.from(String(b.data), 'base64');
      files.set(id, { name: String(b.name).slice(0, 200), type: String(b.type || 'application/octet-stream'), size: bytes.length, bytes, from: 'agent' });
      return { url: `${base}/files/${id}`, name: b.name, type: b.type, size: bytes.length };
    },
    'POST /api/typing': async (b) => call(relay().setTyping(b.visitorId, { typing: !!b.typing })),
    'POST /api/invite': async (b) => call(relay().invite(b.visitorId, { text: String(b.text), author: authorOf(b) })),
    'POST /api/resolve': async (b) => {
      const r = await call(relay().resolve(b.visitorId, {}));
      const c = conversations.ofVisitor(b.visitorId);
      if (c) {
        conversations.add(c, 'timeline', { at: new Date().toISOString(), what: r.delivered === false ? 'resolved (visitor offline, shown on return)' : 'resolved' });
        c.waitingSince = null;
        conversations.changed(c);
      }
      return r;
    },
    'POST /api/presence': async (b) => {
      const r = await call(relay().setPresence({ agentsOnline: Math.max(0, Math.floor(Number(b.agentsOnline) || 0)) }));
      agentsOnline = r.agentsOnline;
      hours = { open: r.open, opensAt: r.opensAt };
      emit('presence', presence());
      return r;
    },
    // The site's configured hours, presence, and whether it is open now by the relay's clock (its public widget-config).
    'GET /api/hours': async () => {
      const cfg = await call(relay().widgetConfig());
      hours = { open: cfg.open, opensAt: cfg.opensAt };
      if (cfg.agentsOnline !== undefined) agentsOnline = cfg.agentsOnline;
      return { ...hours, agentsOnline, hours: options.hours?.() ?? null };
    },
    'GET /api/state': async () => ({ ...presence(), visitors: conversations.snapshot() }),
    // Who is on the site now, on every relay instance (the relay's live list), for the agent to invite.
    'GET /api/live': async () => call(relay().listVisitors({ limit: 200 })),
  };

  /** The stream of diffs: a snapshot first, then one small event per change. */
  function stream(res) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(`event: snapshot\ndata: ${JSON.stringify({ ...presence(), visitors: conversations.snapshot() })}\n\n`);
    streams.add(res);
    // The response closes when the agent's page goes away (the request closes as soon as it is read).
    res.on('close', () => streams.delete(res));
  }

  let guard;
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname;
    if (path === '/webhooks') return void webhooks(req, res);
    if (fileRoute(req, res)) return;
    // The page itself and its script: only under this console's own name (DNS rebinding reads nothing).
    if (!guard.hostOk(req)) return send(res, 421, { error: { code: 'host_refused', message: 'the Host header is not this console' } });
    if (req.method === 'GET' && path === '/') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).end(page);
    if (req.method === 'GET' && path === '/console.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (req.method === 'GET' && path === '/i18n.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(labels);
    if (!path.startsWith('/api/')) return send(res, 404, { error: { code: 'not_found', message: 'no such route' } });
    const refused = guard.refusal(req, url);
    if (refused) return req.resume(), send(res, refused.status, { error: { code: refused.code, message: refused.message } });
    if (req.method === 'GET' && path === '/api/events') return stream(res);
    const route = api[`${req.method} ${path}`];
    if (!route) return send(res, 404, { error: { code: 'not_found', message: 'no such route' } });
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', async () => {
      let body = {};
      if (req.method !== 'GET') {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (!body || typeof body !== 'object') throw new Error('not an object');
        } catch {
          return send(res, 400, { error: { code: 'body_invalid', message: 'the body must be a JSON object' } });
        }
      }
      try {
        send(res, 200, await route(body));
      } catch (e) {
        if (!res.headersSent) send(res, e.status ?? 500, { error: { code: e.code ?? 'failed', message: e.message } });
      }
    });
    req.on('error', () => {});
  });
  await new Promise((r) => server.listen(port, host, r));
  const bound = server.address().port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  guard = createGuard({ host, port: bound, token: options.token });
  base = url;
  return {
    url,
    /** The token the page and every /api call must carry. */
    token: guard.token,
    /** The URL an agent opens: the token travels in the fragment, which no server or log sees. */
    pageUrl: `${url}/#token=${guard.token}`,
    received,
    setRelayUrl: (u) => {
      options.relayUrl = u;
    },
    /** Conversations by key (a visitor id, or "user:<userId>" for a verified user). */
    visitors: conversations.byKey,
    /** Calls the console's own /api as its page does (tests, scripts); a refusal throws with its status and code. */
    api: (path, body) =>
      fetch(`${url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { [TOKEN_HEADER]: guard.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then(async (r) => {
        const json = await r.json();
        if (!r.ok) throw Object.assign(new Error(`${path}: ${r.status} ${json.error?.code}: ${json.error?.message}`), { status: r.status, code: json.error?.code });
        return json;
      }),
    /** Holds the answer to every webhook of a message with `text` until the returned function is called. */
    hold: (text) => {
      let release;
      held.set(text, new Promise((r) => (release = r)));
      return () => (held.delete(text), release());
    },
    close: () =>
      new Promise((r) => {
        for (const s of streams) s.end();
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
