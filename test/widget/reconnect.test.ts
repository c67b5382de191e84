import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ReconnectingSocket, backoffDelay, RECONNECT_DEFAULTS } from '../../widget/core/reconnect.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A real server that accepts the upgrade and then behaves as `onConn` says. */
async function server(onConn: (ws: import('ws').WebSocket) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const times: number[] = [];
  wss.on('connection', (ws) => {
    times.push(Date.now());
    onConn(ws);
  });
  cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, times };
}

function socket(url: string, opts: ConstructorParameters<typeof ReconnectingSocket>[1]) {
  const s = new ReconnectingSocket(url, { WebSocket: WebSocket as any, ...opts });
  cleanups.push(() => s.close());
  return s;
}

describe('backoffDelay', () => {
  it('grows exponentially up to the cap when the jitter draws its maximum', () => {
    const o = { minDelay: 100, maxDelay: 1000, growFactor: 2, random: () => 0.999999 };
    const d = [0, 1, 2, 3, 4, 5, 6].map((r) => backoffDelay(r, o));
    expect(d).toEqual([99, 199, 399, 799, 999, 999, 999]);
  });

  it('uses full jitter: delays spread over [0, ceiling)', () => {
    const o = { ...RECONNECT_DEFAULTS, minDelay: 1000, maxDelay: 1000 };
    const d = Array.from({ length: 200 }, () => backoffDelay(5, o));
    expect(Math.max(...d)).toBeLessThan(1000);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
    expect(new Set(d).size).toBeGreaterThan(50);
    expect(Math.min(...d)).toBeLessThan(300);
  });
});

describe('ReconnectingSocket over real sockets', () => {
  it('retries a server that drops every connection, with growing capped delays', async () => {
    const srv = await server((ws) => ws.close(1011, 'boom'));
    const s = socket(srv.url, { minDelay: 40, maxDelay: 160, random: () => 0.999999 });
    const delays: number[] = [];
    s.on('retry', ({ delay }) => delays.push(delay));
    await new Promise<void>((r) => s.on('retry', () => delays.length >= 5 && r()));
    expect(delays.slice(0, 5)).toEqual([39, 79, 159, 159, 159]);
    // The server really saw the attempts spaced at least that far apart.
    const t0 = Date.now();
    while (srv.times.length < 4 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 10));
    const gaps = srv.times.slice(1).map((t, i) => t - srv.times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[2]).toBeGreaterThanOrEqual(150);
    expect(srv.times.length).toBeGreaterThanOrEqual(5);
  });

  it('jitters real retry delays', async () => {
    const srv = await server((ws) => ws.close(1011));
    const s = socket(srv.url, { minDelay: 50, maxDelay: 50 });
    const delays: number[] = [];
    await new Promise<void>((r) => s.on('retry', ({ delay }) => (delays.push(delay), delays.length >= 8 && r())));
    expect(new Set(delays).size).toBeGreaterThan(1);
    expect(delays.every((d) => d >= 0 && d < 50)).toBe(true);
  });

  it('stops for good on close code 1008 and reports why', async () => {
    const srv = await server((ws) => ws.close(1008, 'origin_refused'));
    const s = socket(srv.url, { minDelay: 10, maxDelay: 20 });
    const stopped = await new Promise<{ code: number; reason: string }>((r) => s.on('stopped', r));
    expect(stopped).toEqual({ code: 1008, reason: 'origin_refused' });
    // Nothing to wait for when nothing should happen: a window twenty retry delays long.
    await new Promise((r) => setTimeout(r, 200));
    expect(srv.times.length).toBe(1);
  });

  it('resets the retry count only after a stable uptime', async () => {
    let keep = 20;
    const srv = await server((ws) => setTimeout(() => ws.close(1011), keep));
    const s = socket(srv.url, { minDelay: 10, maxDelay: 10_000, minUptime: 100, random: () => 0.999999 });
    const delays: number[] = [];
    s.on('retry', ({ delay }) => delays.push(delay));
    await new Promise<void>((r) => s.on('retry', () => delays.length >= 3 && r()));
    // Short-lived connections do not count as recovered: the delay kept growing.
    expect(delays.slice(0, 3)).toEqual([9, 19, 39]);
    keep = 300;
    const n = delays.length;
    await new Promise<void>((r) => s.on('retry', () => delays.length > n && r()));
    expect(delays[n]).toBe(9);
    expect(s.retryCount).toBe(1);
  });

  it('abandons a connection that never opens after the connect timeout', async () => {
    // A TCP server that accepts and never answers the upgrade.
    const tcp: Server = createServer(() => {});
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => tcp.close(() => r())));
    let accepted = 0;
    tcp.on('connection', (c) => (accepted++, cleanups.push(() => c.destroy())));
    const s = socket(`ws://127.0.0.1:${(tcp.address() as AddressInfo).port}`, { connectTimeout: 100, minDelay: 10, maxDelay: 10 });
    const closes: string[] = [];
    s.on('close', (c) => closes.push(c.reason));
    // Waits for the second attempt to reach the server (a loaded machine may take longer than 450 ms).
    const t0 = Date.now();
    while (accepted < 2 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 10));
    expect(closes[0]).toBe('connect timeout');
    expect(accepted).toBeGreaterThanOrEqual(2);
  });

  it('reports stopped when no WebSocket implementation exists', async () => {
    const g = globalThis as { WebSocket?: unknown };
    const saved = g.WebSocket;
    delete g.WebSocket;
    try {
      const s = new ReconnectingSocket('ws://127.0.0.1:1', {});
      const stopped: unknown[] = [];
      s.on('stopped', (x) => stopped.push(x));
      await new Promise((r) => setTimeout(r, 10));
      expect(stopped).toEqual([{ code: 0, reason: 'WebSocket is not available' }]);
      expect(s.isOpen).toBe(false);
      expect(s.send('x')).toBe(false);
    } finally {
      if (saved) g.WebSocket = saved;
    }
  });
});

describe('forced reconnect', () => {
  it('tells listeners the old socket closed, then opens a new one', async () => {
    const srv = await server(() => {});
    const s = socket(srv.url, { minDelay: 10, maxDelay: 10 });
    await new Promise<void>((r) => s.on('open', () => r()));
    const events: string[] = [];
    s.on('close', (c) => events.push(`close:${c.reason}`));
    s.on('open', () => events.push('open'));
    s.reconnect();
    await new Promise<void>((r) => s.on('open', () => r()));
    expect(events).toEqual(['close:reconnect', 'open']);
    expect(srv.times).toHaveLength(2);
  });
});

describe('told to come back later', () => {
  it('a 1013 close (rate limited, no hello in time) waits laterDelay and more before the next try; other closes keep the usual backoff', async () => {
    const srv = await server((ws) => ws.close(1013, 'rate limit exceeded'));
    const s = socket(srv.url, { minDelay: 40, maxDelay: 160, laterDelay: 300, random: () => 0.5 });
    const delay = await new Promise<number>((r) => s.on('retry', ({ delay }) => r(delay)));
    expect(delay).toBe(300 + 20);
    expect(RECONNECT_DEFAULTS.laterDelay).toBeGreaterThanOrEqual(30_000);
    expect(RECONNECT_DEFAULTS.laterCodes).toContain(1013);
  });
});

