// A minimal protocol-v1 relay on a real socket (127.0.0.1, ephemeral port) for widget tests.
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';

export interface FakeRelay {
  url: string;
  frames: any[];
  sockets: Set<WebSocket>;
  connections: number;
  /** Called for each visitor `message` frame; default acks at once. */
  onMessage: (frame: any, ws: WebSocket) => void;
  /** Called for each visitor `upload` frame; default: no answer. */
  onUpload: (frame: any, ws: WebSocket) => void;
  /** Called for each `hello`; default answers `welcome` at once (`welcome(ws, frame)` sends it later). */
  onHello: (frame: any, ws: WebSocket) => void;
  welcome(ws: WebSocket, hello: any): void;
  /** Called for every other frame but `ping` (offline messages, ratings, ends…); default: no answer. */
  onOther: (frame: any, ws: WebSocket) => void;
  /** The frames of one type received so far. */
  of(t: string): any[];
  broadcast(frame: object): void;
  dropAll(): void;
  waitFor(pred: (f: any) => boolean, timeout?: number): Promise<any>;
  close(): Promise<void>;
}

export async function startFakeRelay(opts: { agentsOnline?: number; refuse?: boolean; config?: object } = {}): Promise<FakeRelay> {
  // Plain HTTP answers widget-config when the test gives one (CORS: the widget fetches it cross-origin).
  const server = createServer((req, res) => {
    const ok = !!opts.config && /\/widget-config$/.test(req.url ?? '');
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(ok ? JSON.stringify(opts.config) : '{}');
  });
  const wss = new WebSocketServer({ server });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const relay: FakeRelay = {
    url: `http://127.0.0.1:${port}`,
    frames: [],
    sockets: new Set(),
    connections: 0,
    onMessage: (f, ws) => ws.send(JSON.stringify({ t: 'ack', id: f.id })),
    onUpload: () => {},
    onHello: (f, ws) => relay.welcome(ws, f),
    welcome: (ws, f) => ws.send(JSON.stringify({ t: 'welcome', visitorId: f.visitorId ?? 'visitor_0001', token: 'tok', agentsOnline: opts.agentsOnline ?? 1 })),
    onOther: () => {},
    of: (t) => relay.frames.filter((f) => f.t === t),
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
      await new Promise<void>((r) => server.close(() => r()));
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
      if (f.t === 'hello') relay.onHello(f, ws);
      else if (f.t === 'message') relay.onMessage(f, ws);
      else if (f.t === 'upload') relay.onUpload(f, ws);
      else if (f.t === 'ping') ws.send('{"t":"pong"}');
      else relay.onOther(f, ws);
    });
  });
  return relay;
}

/** Polls until `fn` returns (or resolves to) something truthy. */
export async function until<T>(fn: () => T | Promise<T>, timeout = 5000): Promise<NonNullable<T>> {
  const t0 = Date.now();
  for (;;) {
    // Awaited: an async condition returns a Promise, which is truthy whatever it resolves to.
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() - t0 > timeout) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
