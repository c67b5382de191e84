// One visitor of each server kind, as the load process drives it: connect and say hello, send a
// message and wait for its ack, and hear the helpdesk's pushes. Parley and the bare `ws` forwarder
// speak Parley's frames, the Socket.IO server its own protocol, all over `ws`.
import { WebSocket } from 'ws';
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

/**
 * A visitor of the Socket.IO server, speaking its wire protocol (Engine.IO 4 over WebSocket, Socket.IO
 * 5 packets) straight over `ws`, so the load process costs the same per visitor for every server and
 * the server is what is measured: `40` joins the namespace, `42<ack>[event, data]` emits, `43<ack>[...]`
 * answers, and the server's ping `2` is answered `3`, exactly as socket.io-client does.
 */
async function socketIoVisitor(base, onPush) {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { origin: ORIGIN, perMessageDeflate: false });
  const acks = new Map();
  let nextAck = 0;
  let joined;
  const connected = new Promise((resolve, reject) => {
    joined = resolve;
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed ${code} before connect`)));
  });
  ws.on('message', (data) => {
    const m = String(data);
    if (m === '2') return ws.send('3');
    if (m[0] === '0') return ws.send('40');
    if (m.startsWith('40')) return joined();
    if (m.startsWith('43')) {
      const at = m.indexOf('[');
      const id = Number(m.slice(2, at));
      acks.get(id)?.(JSON.parse(m.slice(at))[0]);
      acks.delete(id);
    } else if (m.startsWith('42')) {
      const [event, payload] = JSON.parse(m.slice(2));
      if (event === 'message') onPush(payload.text);
    }
  });
  await connected;
  ws.on('error', () => {});
  const emitWithAck = (event, payload) =>
    new Promise((resolve) => {
      const id = nextAck++;
      acks.set(id, resolve);
      ws.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  const { visitorId } = await emitWithAck('hello', { page: { url: 'https://bench.example/', title: 'Bench' }, locale: 'en' });
  return {
    id: visitorId,
    send: (messageId, text) => emitWithAck('message', { id: messageId, text }).then((r) => r.ok),
    close: () => ws.terminate(),
  };
}

/** Connects one visitor of `kind` to the server at `base`; `onPush(text)` hears each agent message. */
export function connectVisitor(kind, base, onPush) {
  return kind === 'socketio' ? socketIoVisitor(base, onPush) : frameVisitor(base, onPush);
}
