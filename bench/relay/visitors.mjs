// One visitor of each server kind, as the load process drives it: connect and say hello, send a
// message and wait for its ack, and hear the helpdesk's pushes. Parley and the bare `ws` forwarder
// speak Parley's frames over `ws`; the Socket.IO server is reached with socket.io-client.
import { WebSocket } from 'ws';
import { io } from 'socket.io-client';
import { ORIGIN, SITE } from './shared.mjs';

/** A visitor on Parley's wire protocol (Parley and the bare ws forwarder). */
async function frameVisitor(base, onPush) {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/v1/ws?site=${SITE}`, { origin: ORIGIN, perMessageDeflate: false });
  const acks = new Map();
  let welcomed;
  const welcome = new Promise((resolve, reject) => {
    welcomed = resolve;
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed ${code} before welcome`)));
  });
  ws.on('message', (data) => {
    const f = JSON.parse(String(data));
    if (f.t === 'ack' || f.t === 'nack') {
      acks.get(f.id)?.(f.t === 'ack');
      acks.delete(f.id);
    } else if (f.t === 'message' && f.from === 'agent') onPush(f.text);
    else if (f.t === 'welcome') welcomed(f.visitorId);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ t: 'hello', page: { url: 'https://bench.example/', title: 'Bench' }, locale: 'en' }));
  const id = await welcome;
  ws.on('error', () => {});
  return {
    id,
    send: (messageId, text) =>
      new Promise((resolve) => {
        acks.set(messageId, resolve);
        ws.send(JSON.stringify({ t: 'message', id: messageId, text }));
      }),
    close: () => ws.terminate(),
  };
}

/** A visitor of the Socket.IO server: its own connection (forceNew), WebSocket transport, acks by callback. */
async function socketIoVisitor(base, onPush) {
  const socket = io(base, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: ORIGIN } });
  socket.on('message', (m) => onPush(m.text));
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const { visitorId } = await socket.emitWithAck('hello', { page: { url: 'https://bench.example/', title: 'Bench' }, locale: 'en' });
  return {
    id: visitorId,
    send: (messageId, text) => socket.emitWithAck('message', { id: messageId, text }).then((r) => r.ok),
    close: () => socket.disconnect(),
  };
}

/** Connects one visitor of `kind` to the server at `base`; `onPush(text)` hears each agent message. */
export function connectVisitor(kind, base, onPush) {
  return kind === 'socketio' ? socketIoVisitor(base, onPush) : frameVisitor(base, onPush);
}
