// The practical limit: the same routing on bare `ws` and node:http with nothing else — a visitor says
// hello and gets an id, its messages are forwarded as signed webhooks and acked after the helpdesk's
// 2xx, and the helpdesk's POST .../visitors/:id/messages (Bearer secret) reaches the visitor's sockets.
//   node --expose-gc bench/relay/server-ws.mjs <helpdesk webhook URL>
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { serve } from './ipc.mjs';
import { pushHandler, serverControl, SITE, webhookPoster } from './shared.mjs';

const post = webhookPoster(process.argv[2]);
const sockets = new Map();
const server = http.createServer(
  pushHandler((visitorId, message) => {
    const mine = sockets.get(visitorId);
    if (!mine) return false;
    const frame = JSON.stringify({ t: 'message', ...message });
    for (const ws of mine) ws.send(frame);
    return true;
  }),
);

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
