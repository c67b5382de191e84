// The same routing as a team would write it on Socket.IO 4: one room per visitor, acknowledgement
// callbacks for messages, the helpdesk's POST .../visitors/:id/messages emitted to the visitor's room.
//   node --expose-gc bench/relay/server-socketio.mjs <helpdesk webhook URL>
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import http from 'node:http';
import { Server } from 'socket.io';
import { serve } from './ipc.mjs';
import { API_SECRET, ORIGIN, SITE, serverControl, webhookPoster } from './shared.mjs';

const post = webhookPoster(process.argv[2]);
const secret = createHash('sha256').update(API_SECRET).digest();
const PUSH = /^\/v1\/sites\/([^/]+)\/visitors\/([^/]+)\/messages$/;

const server = http.createServer();
const io = new Server(server, { cors: { origin: [ORIGIN] } });

// Socket.IO answers its own path; the API is every other request.
server.on('request', (req, res) => {
  if (req.url.startsWith('/socket.io/')) return;
  const m = req.method === 'POST' && PUSH.exec(req.url);
  const auth = req.headers.authorization ?? '';
  if (!m || m[1] !== SITE || !timingSafeEqual(createHash('sha256').update(auth.slice(7)).digest(), secret)) return res.writeHead(404).end();
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const { text } = JSON.parse(Buffer.concat(chunks).toString());
    const id = randomBytes(12).toString('base64url');
    const room = `visitor:${m[2]}`;
    const delivered = (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
    io.to(room).emit('message', { id, from: 'agent', text, at: new Date().toISOString() });
    const body = JSON.stringify({ id, delivered });
    res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
});

io.on('connection', (socket) => {
  let visitor = null;
  socket.on('hello', async (_hello, reply) => {
    visitor = randomBytes(15).toString('base64url');
    socket.join(`visitor:${visitor}`);
    await post('visitor.connected', { site: SITE, visitor: { id: visitor } });
    reply({ visitorId: visitor });
  });
  socket.on('message', async (m, reply) => {
    if (!visitor) return;
    const status = await post('message.created', { site: SITE, visitor: { id: visitor }, message: { id: m.id, text: m.text } });
    reply({ ok: status >= 200 && status < 300 });
  });
});

await new Promise((r) => server.listen(0, '127.0.0.1', r));
serve({ ...serverControl(process.memoryUsage().rss), port: () => server.address().port });
