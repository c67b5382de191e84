// An operator's load balancer asks two questions: is the process alive (/healthz: restart it if not)
// and should it get new visitors (/readyz). A relay that is draining answers "alive, not ready" to a
// health check already on its way, so no new visitor is sent to an instance that is going away.
import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { startHelpdesk, startRelay, testConfig, Visitor, until, type Helpdesk } from './helpers.js';

let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;
afterEach(async () => {
  await relay.relay.close();
  await helpdesk.close();
});

/** A GET whose headers are sent only when `finish` is called: a check that is on its way. */
function pendingGet(port: number, path: string) {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
  let raw = '';
  socket.on('data', (d) => (raw += d));
  const answered = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => {
      const m = /^HTTP\/1\.1 (\d+)[^]*?\r\n\r\n([^]*)$/.exec(raw);
      if (!m) return reject(new Error(`no answer: ${JSON.stringify(raw)}`));
      resolve({ status: Number(m[1]), body: JSON.parse(m[2]!) });
    });
  });
  answered.catch(() => {});
  return { finish: () => socket.write('Connection: close\r\n\r\n'), answered };
}

it('a serving relay is alive and ready', async () => {
  helpdesk = await startHelpdesk();
  relay = await startRelay(testConfig(helpdesk.url));
  for (const path of ['/healthz', '/readyz']) {
    const res = await fetch(`${relay.http}${path}`);
    expect(res.status, path).toBe(200);
    expect(await res.json(), path).toEqual({ ok: true, bus: 'memory' });
  }
});

it('while draining, /readyz answers 503 and /healthz still 200', async () => {
  // A message the helpdesk takes its time with keeps the relay draining: in-flight webhooks finish.
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  helpdesk = await startHelpdesk(async (w) => {
    if (w.body.type === 'message.created') await held;
    return { status: 200 };
  });
  relay = await startRelay(testConfig(helpdesk.url));
  const { v } = await Visitor.join(relay.ws);
  v.send({ t: 'message', id: 'drain_msg_0001', text: 'one more thing' });
  await until(() => helpdesk.of('message.created').length === 1, 5000, 'the message webhook');

  const seen: net.Socket[] = [];
  relay.relay.server.on('connection', (s: net.Socket) => seen.push(s));
  const ready = pendingGet(relay.port, '/readyz');
  const alive = pendingGet(relay.port, '/healthz');
  // Once the relay has read their first bytes, both checks are requests in progress, not idle sockets.
  await until(() => seen.length === 2 && seen.every((s) => s.bytesRead > 0), 5000, 'the relay to read both checks');
  let stopped = false;
  const closing = relay.relay.close().then(() => (stopped = true));
  await v.whenClosed();
  expect(stopped).toBe(false);
  ready.finish();
  alive.finish();
  expect(await ready.answered).toEqual({ status: 503, body: { ok: false, bus: 'memory', draining: true } });
  expect(await alive.answered).toEqual({ status: 200, body: { ok: true, bus: 'memory', draining: true } });

  release();
  await closing;
  expect(stopped).toBe(true);
});

it('a webhook waiting out a long Retry-After does not hold shutdown: drain ends it at once', async () => {
  // The helpdesk asks for 30 s; the relay may wait that long between tries, but not while stopping.
  helpdesk = await startHelpdesk((w) => (w.body.type === 'message.created' ? { status: 503, headers: { 'retry-after': '30' } } : { status: 200 }));
  relay = await startRelay(testConfig(helpdesk.url, {}, { webhookDelivery: { tries: 3, timeoutMs: 1000, baseDelayMs: 20, maxDelayMs: 60_000, deadlineMs: 60_000 } }));
  const { v } = await Visitor.join(relay.ws);
  v.send({ t: 'message', id: 'wait_msg_0001', text: 'still there?' });
  await until(() => helpdesk.of('message.created').length === 1, 5000, 'the first try');
  const started = performance.now();
  await relay.relay.close();
  expect(performance.now() - started).toBeLessThan(5000);
  // It was tried once, not again on the way out.
  expect(helpdesk.of('message.created')).toHaveLength(1);
});
