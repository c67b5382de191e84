// A minimal protocol-v1 relay on a real socket (127.0.0.1, ephemeral port) for widget tests.
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';

export interface FakeRelay {
  url: string;
  frames: any[];
  sockets: Set<WebSocket>;
  connections: number;
  /** Called for each visitor `message` frame; default acks at once. */
  onMessage: (frame: any, ws: WebSocket) => void;
  broadcast(frame: object): void;
  dropAll(): void;
  waitFor(pred: (f: any) => boolean, timeout?: number): Promise<any>;
  close(): Promise<void>;
}

export async function startFakeRelay(opts: { agentsOnline?: number; refuse?: boolean } = {}): Promise<FakeRelay> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as AddressInfo).port;
  const relay: FakeRelay = {
    url: `http://127.0.0.1:${port}`,
    frames: [],
    sockets: new Set(),
    connections: 0,
    onMessage: (f, ws) => ws.send(JSON.stringify({ t: 'ack', id: f.id })),
    broadcast(frame) {
      for (const s of relay.sockets) s.send(JSON.stringify(frame));
    },
    dropAll() {
      for (const s of relay.sockets) s.terminate();
    },
    async waitFor(pred, timeout = 5000) {
      const t0 = Date.now();
      while (Date.now() - t0 < timeout) {
        const f = relay.frames.find(pred);
        if (f) return f;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('timed out waiting for a frame');
    },
    async close() {
      for (const s of relay.sockets) s.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
  wss.on('connection', (ws, req) => {
    relay.connections++;
    if (opts.refuse) {
      ws.close(1008, 'site_unknown');
      return;
    }
    relay.sockets.add(ws);
    ws.on('close', () => relay.sockets.delete(ws));
    ws.on('message', (data) => {
      const f = JSON.parse(String(data));
      f._path = req.url;
      relay.frames.push(f);
      if (f.t === 'hello') {
        ws.send(JSON.stringify({ t: 'welcome', visitorId: f.visitorId ?? 'visitor_0001', token: 'tok', agentsOnline: opts.agentsOnline ?? 1 }));
      } else if (f.t === 'message') relay.onMessage(f, ws);
      else if (f.t === 'ping') ws.send('{"t":"pong"}');
    });
  });
  return relay;
}

/** Polls until `fn` returns truthy. */
export async function until<T>(fn: () => T, timeout = 5000): Promise<NonNullable<T>> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() - t0 > timeout) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
