// The practical limit: the same routing on bare `ws` and node:http with nothing else — a visitor says
// hello and gets an id, its messages are forwarded as signed webhooks and acked after the helpdesk's
// 2xx, and the helpdesk's POST .../visitors/:id/messages (Bearer secret) reaches the visitor's sockets.
//   node --expose-gc bench/relay/server-ws.mjs <helpdesk webhook URL>
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { serve } from './ipc.mjs';
import { API_SECRET, SITE, serverControl, webhookPoster } from './shared.mjs';

const post = webhookPoster(process.argv[2]);
const sockets = new Map();
const secret = createHash('sha256').update(API_SECRET).digest();
const PUSH = /^\/v1\/sites\/([^/]+)\/visitors\/([^/]+)\/messages$/;

const server = http.createServer((req, res) => {
  const m = req.method === 'POST' && PUSH.exec(req.url);
  const auth = req.headers.authorization ?? '';
  if (!m || m[1] !== SITE || !timingSafeEqual(createHash('sha256').update(auth.slice(7)).digest(), secret)) return res.writeHead(404).end();
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const { text } = JSON.parse(Buffer.concat(chunks).toString());
    const id = randomBytes(12).toString('base64url');
    const frame = JSON.stringify({ t: 'message', id, from: 'agent', text, at: new Date().toISOString() });
    const mine = sockets.get(m[2]);
    if (mine) for (const ws of mine) ws.send(frame);
    const body = JSON.stringify({ id, delivered: !!mine });
    res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
});

const wss = new WebSocketServer({ server, path: '/v1/ws', clientTracking: false });
wss.on('connection', (ws) => {
  let visitor = null;
  ws.on('message', async (data) => {
    const f = JSON.parse(String(data));
    if (f.t === 'hello') {
      visitor = randomBytes(15).toString('base64url');
      let set = sockets.get(visitor);
      if (!set) sockets.set(visitor, (set = new Set()));
      set.add(ws);
      await post('visitor.connected', { site: SITE, visitor: { id: visitor } });
      ws.send(JSON.stringify({ t: 'welcome', visitorId: visitor }));
    } else if (f.t === 'message' && visitor) {
      const status = await post('message.created', { site: SITE, visitor: { id: visitor }, message: { id: f.id, text: f.text } });
      ws.send(JSON.stringify(status >= 200 && status < 300 ? { t: 'ack', id: f.id } : { t: 'nack', id: f.id, retryable: true }));
    }
  });
  ws.on('close', () => {
    const set = visitor && sockets.get(visitor);
    if (!set) return;
    set.delete(ws);
    if (set.size === 0) sockets.delete(visitor);
  });
});

await new Promise((r) => server.listen(0, '127.0.0.1', r));
serve({ ...serverControl(process.memoryUsage().rss), port: () => server.address().port });
