// The same routing as a team would write it on Socket.IO 4: one room per visitor, acknowledgement
// callbacks for messages, the helpdesk's POST .../visitors/:id/messages emitted to the visitor's room.
//   node --expose-gc bench/relay/server-socketio.mjs <helpdesk webhook URL>
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Server } from 'socket.io';
import { serve } from './ipc.mjs';
import { ORIGIN, pushHandler, serverControl, SITE, webhookPoster } from './shared.mjs';

const post = webhookPoster(process.argv[2]);
const server = http.createServer();
const io = new Server(server, { cors: { origin: [ORIGIN] } });

// Socket.IO answers its own path; the API is every other request.
const api = pushHandler((visitorId, message) => {
  const room = `visitor:${visitorId}`;
  const delivered = (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  io.to(room).emit('message', message);
  return delivered;
});
server.on('request', (req, res) => req.url.startsWith('/socket.io/') || api(req, res));

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
