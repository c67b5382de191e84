// An example helpdesk: receives Parley's signed webhooks, keeps conversations in memory and serves a
// page where an agent sees visitors, their current page and transcript, and replies through the relay.
// Webhooks are verified with the `standardwebhooks` package, the specification's reference library,
// so this also proves the relay's signatures interoperate.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const page = readFileSync(new URL('./index.html', import.meta.url));
const script = readFileSync(new URL('./console.js', import.meta.url));
const MAX_BODY = 1 << 20;
/** Largest file this console stores, whatever a visitor declares (the site's maxBytes is checked by the relay too). */
const MAX_FILE = 10 << 20;
/** How long an upload URL stays usable. */
const UPLOAD_TTL_MS = 15 * 60_000;

/** Starts the agent console; resolves once it listens. */
export async function startConsole(options) {
  // relayUrl may be set after start: the relay needs this console's URL first, for its webhook.
  // hours(): the site's configured hours, read when asked (the demo may change the config after start).
  const { port = 0, host = '127.0.0.1', site, apiSecret, webhookSecret } = options;
  const verifier = new Webhook(webhookSecret);
  // A verified user's conversation is one across every device and visitor id ("user:<userId>"); anyone
  // else's is their visitor id's. An unverified userId is never passed on, so it can key nothing.
  const visitors = new Map(); // conversation key -> conversation
  const keys = new Map(); // visitor id -> conversation key
  const seen = new Set(); // webhook-ids already handled: retries and re-sends are deduped here
  const received = []; // every verified webhook, in arrival order (tests read it)
  const streams = new Set();
  let agentsOnline = null;
  // Open now and the next opening, as the relay last said (presence PUT answer or widget-config).
  let hours = null;
  const held = new Map(); // message text -> promise the answer to its webhook waits for (tests)
  // Files, visitors' and agents': id -> {name, type, size, token?, expires?, bytes?}. A visitor's slot
  // takes one upload (the one-time token in its URL), of exactly the declared size, before it expires.
  const files = new Map();
  const answers = new Map(); // attachment.requested webhook-id -> the answer, the same on a retry
  let base = '';

  const visitor = (v) => {
    const key = v.verified && v.userId ? `user:${v.userId}` : v.id;
    keys.set(v.id, key);
    let c = visitors.get(key);
    if (!c) {
      c = { id: v.id, visitorIds: [], messages: [], timeline: [], connections: 0, draft: '', firstSeen: new Date().toISOString() };
      visitors.set(key, c);
    }
    if (!c.visitorIds.includes(v.id)) c.visitorIds.push(v.id);
    // Replies go to the device the user was last seen on, and to every other through the relay.
    c.id = v.id;
    Object.assign(c, { verified: v.verified, name: v.name, email: v.email, phone: v.phone, attributes: v.attributes, userId: v.userId, locale: v.locale });
    if (v.page) c.page = v.page;
    return c;
  };
  /** The conversation a visitor id belongs to. */
  const conversationOf = (visitorId) => visitors.get(keys.get(visitorId) ?? visitorId);

  const publish = () => {
    const data = `data: ${JSON.stringify(snapshot())}\n\n`;
    for (const res of streams) res.write(data);
  };
  const snapshot = () => ({ agentsOnline, hours, visitors: [...visitors.values()] });

  /** Applies one verified webhook; returns the JSON answer for the relay. */
  function handle(id, event) {
    const d = event.data;
    const c = visitor(d.visitor);
    switch (event.type) {
      case 'visitor.connected': {
        c.connections++;
        if (d.context) c.context = d.context;
        c.timeline.push({ at: event.timestamp, what: 'connected', page: d.page });
        // A verified user on any device gets the whole conversation, both sides; the widget merges by id.
        if (d.visitor.verified && d.visitor.userId) return { messages: c.messages.slice(-200).map(({ id, text, author, at, from }) => ({ id, text, author, at, from })) };
        // Catch-up: hand back what the visitor has not seen (everything after `since`).
        const i = d.since ? c.messages.findIndex((m) => m.id === d.since) : -1;
        const missed = (i >= 0 || !d.since ? c.messages.slice(i + 1) : c.messages).filter((m) => m.from === 'agent');
        return { messages: missed.map(({ id, text, author, at }) => ({ id, text, author, at })) };
      }
      case 'visitor.disconnected':
        c.connections = Math.max(0, c.connections - 1);
        if (!c.connections) c.draft = '';
        break;
      case 'visitor.page_viewed':
        c.timeline.push({ at: event.timestamp, what: 'page', page: d.page });
        break;
      case 'message.created':
        // A file is shown only once this console holds it, with the type and size the relay vouched for.
        if (!c.messages.some((m) => m.id === d.message.id)) c.messages.push({ ...d.message, attachments: d.message.attachments?.filter(stored), from: 'visitor' });
        c.draft = '';
        break;
      case 'message.read':
        c.readUpTo = d.upTo;
        break;
      case 'attachment.requested': {
        const a = d.attachment;
        const token = randomUUID();
        const expires = Date.now() + UPLOAD_TTL_MS;
        files.set(a.id, { name: a.name, type: a.type, size: a.size, token, expires, from: 'visitor' });
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
        c.messages.push({ ...d.message, from: 'visitor', offline: true });
        if (d.message.callback) c.timeline.push({ at: event.timestamp, what: 'callback requested', text: d.message.phone });
        break;
      case 'conversation.ended':
        c.timeline.push({ at: event.timestamp, what: 'ended by the visitor', conversationId: d.conversationId });
        break;
      case 'conversation.rated':
        c.timeline.push({ at: event.timestamp, what: 'rated', score: d.rating.score, text: d.rating.comment, conversationId: d.rating.conversationId });
        break;
      case 'transcript.requested':
        c.timeline.push({ at: event.timestamp, what: 'transcript requested', text: d.request.email, verified: d.request.emailVerified });
        break;
      case 'visitor.typing':
        c.draft = d.preview;
        break;
      case 'visitor.updated':
        c.timeline.push({ at: event.timestamp, what: 'said', text: Object.entries({ ...d.profile, ...d.profile.attributes }).filter(([k]) => k !== 'attributes').map(([k, v]) => `${k}: ${v}`).join(', ') });
        break;
      case 'visitor.event':
        c.timeline.push({ at: event.timestamp, what: `did ${d.event.name}`, text: d.event.props ? JSON.stringify(d.event.props) : '' });
        break;
      case 'faq.feedback':
        c.timeline.push({ at: event.timestamp, what: `faq ${d.action}`, articleId: d.articleId });
        break;
      default:
        if (event.type.startsWith('invitation.')) c.timeline.push({ at: event.timestamp, what: event.type, text: d.invitation?.text });
    }
    return {};
  }

  /** Whether a visitor's attachment is a file this console stored, of the type and size it claims. */
  function stored(a) {
    const f = files.get(a.id);
    return !!f?.bytes && a.url === `${base}/files/${a.id}` && f.type === a.type && f.bytes.length === a.size;
  }

  async function relay(method, path, body) {
    const res = await fetch(`${options.relayUrl}/v1/sites/${site}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw Object.assign(new Error(json.error?.message ?? `relay answered ${res.status}`), { status: res.status });
    return json;
  }

  const routes = {
    'POST /webhooks': async (req, body, res) => {
      let event;
      try {
        event = verifier.verify(body, req.headers);
      } catch (e) {
        return send(res, 401, { error: { code: 'bad_signature', message: String(e.message) } });
      }
      const id = req.headers['webhook-id'];
      received.push({ id, ...event });
      // A slow helpdesk, on demand: the relay acks the message only once this answers.
      if (event.type === 'message.created') await held.get(event.data.message.text);
      // A repeated attachment.requested gets the same target; other repeats an empty 200.
      if (seen.has(id) && event.type !== 'visitor.connected') return send(res, 200, answers.get(id) ?? {});
      seen.add(id);
      const answer = handle(id, event);
      if (event.type === 'attachment.requested') answers.set(id, answer);
      publish();
      send(res, 200, answer);
    },
    'POST /api/reply': async (req, body, res) => {
      const { visitorId, text, author = { name: 'Agent' }, attachments, actions } = JSON.parse(body);
      const id = randomUUID().replaceAll('-', '').slice(0, 21);
      const at = new Date().toISOString();
      const extra = { ...(attachments?.length ? { attachments } : {}), ...(actions?.length ? { actions } : {}) };
      const c = conversationOf(visitorId);
      if (c) c.messages.push({ id, text, author, at, from: 'agent', ...extra });
      // Every device of a verified user shows the reply; the same id, so each shows it once.
      const sent = await Promise.all((c?.visitorIds ?? [visitorId]).map((v) => relay('POST', `/visitors/${v}/messages`, { id, text, author, ...extra })));
      publish();
      send(res, 200, { id, delivered: sent.some((r) => r.delivered) });
    },
    // The agent opened the conversation: the visitor's messages so far are read ("Seen" in the widget).
    'POST /api/read': async (req, body, res) => {
      const c = conversationOf(JSON.parse(body).visitorId);
      const last = c?.messages.filter((m) => m.from === 'visitor' && !m.offline).pop();
      if (!last || c.readSent === last.id) return send(res, 200, { delivered: false });
      c.readSent = last.id;
      send(res, 200, await relay('POST', `/visitors/${c.id}/read`, { upTo: last.id }));
    },
    // The agent attaches a file: stored here, shown to the visitor from /files/:id.
    'POST /api/agent-file': async (req, body, res) => {
      const { name, type, data } = JSON.parse(body);
      const id = randomUUID().replaceAll('-', '').slice(0, 21);
      const bytes = Buffer.from(String(data), 'base64');
      files.set(id, { name: String(name).slice(0, 200), type: String(type || 'application/octet-stream'), size: bytes.length, bytes, from: 'agent' });
      send(res, 200, { url: `${base}/files/${id}`, name, type, size: bytes.length });
    },
    'POST /api/typing': async (req, body, res) => {
      const { visitorId, typing } = JSON.parse(body);
      send(res, 200, await relay('POST', `/visitors/${visitorId}/typing`, { typing }));
    },
    'POST /api/invite': async (req, body, res) => {
      const { visitorId, text, author = { name: 'Agent' } } = JSON.parse(body);
      send(res, 200, await relay('POST', `/visitors/${visitorId}/invitations`, { text, author }));
    },
    'POST /api/resolve': async (req, body, res) => {
      const { visitorId } = JSON.parse(body);
      const r = await relay('POST', `/visitors/${visitorId}/resolve`, {});
      const c = conversationOf(visitorId);
      if (c) c.timeline.push({ at: new Date().toISOString(), what: r.delivered === false ? 'resolved (visitor offline, shown on return)' : 'resolved' });
      publish();
      send(res, 200, r);
    },
    'POST /api/presence': async (req, body, res) => {
      const r = await relay('PUT', '/presence', { agentsOnline: JSON.parse(body).agentsOnline });
      agentsOnline = r.agentsOnline;
      hours = { open: r.open, opensAt: r.opensAt };
      publish();
      send(res, 200, r);
    },
    // The site's configured hours, and whether it is open now by the relay's clock (its public widget-config).
    'GET /api/hours': async (req, body, res) => {
      const r = await fetch(`${options.relayUrl}/v1/sites/${site}/widget-config`);
      const cfg = await r.json();
      hours = { open: cfg.open, opensAt: cfg.opensAt };
      send(res, 200, { ...hours, hours: options.hours?.() ?? null });
    },
    'GET /api/state': async (req, body, res) => send(res, 200, snapshot()),
    // Who is on the site now, on every relay instance (the relay's live list), for the agent to invite.
    'GET /api/live': async (req, body, res) => {
      const r = await fetch(`${options.relayUrl}/v1/sites/${site}/visitors?limit=200`, { headers: { authorization: `Bearer ${apiSecret}` } });
      send(res, r.status, await r.json());
    },
    'GET /api/events': async (req, body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(`data: ${JSON.stringify(snapshot())}\n\n`);
      streams.add(res);
      // The response closes when the agent's page goes away (the request closes as soon as it is read).
      res.on('close', () => streams.delete(res));
    },
    'GET /': async (req, body, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page),
    'GET /console.js': async (req, body, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(script),
  };

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

  const server = createServer((req, res) => {
    if (fileRoute(req, res)) return;
    const route = routes[`${req.method} ${req.url.split('?')[0]}`];
    if (!route) return send(res, 404, { error: { code: 'not_found', message: 'no such route' } });
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      route(req, Buffer.concat(chunks).toString('utf8'), res).catch((e) => {
        if (!res.headersSent) send(res, e.status ?? 500, { error: { code: 'failed', message: e.message } });
      });
    });
    req.on('error', () => {});
  });
  await new Promise((r) => server.listen(port, host, r));
  const url = `http://${host}:${server.address().port}`;
  base = url;
  return {
    url,
    received,
    setRelayUrl: (u) => {
      options.relayUrl = u;
    },
    visitors,
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
