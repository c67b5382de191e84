// What an instance knows about Redis and about presence set before it started: a relay started after a
// presence PUT elsewhere welcomes with that count, and /readyz, /healthz and /metrics say whether Redis is up.
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SECRET, captureLog, startHelpdesk, startRelay, testConfig, Visitor, type Helpdesk } from './helpers.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

type Started = Awaited<ReturnType<typeof startRelay>>;

let redis: RedisServer;
let helpdesk: Helpdesk;
let a: Started;
let later: Started | undefined;
const log = captureLog();

const putPresence = (relay: Started, agentsOnline: number) =>
  fetch(`${relay.http}/v1/sites/acme/presence`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ agentsOnline }),
  });

const health = async (relay: Started, path: '/healthz' | '/readyz' = '/readyz') => {
  const res = await fetch(`${relay.http}${path}`);
  return { status: res.status, body: await res.json() };
};

const busUp = async (relay: Started) => /^parley_bus_up (\d)$/m.exec(await (await fetch(`${relay.http}/metrics`)).text())?.[1];

/** Polls an async condition every 50 ms, failing after timeoutMs. */
async function eventually(cond: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - t0;
}

beforeAll(async () => {
  redis = await startRedisServer();
  helpdesk = await startHelpdesk();
  a = await startRelay(testConfig(helpdesk.url, { agentsOnline: 1 }, { redisUrl: redis.url }), { logger: log.logger });
});

afterAll(async () => {
  await Promise.all([a?.relay.close(), later?.relay.close()]);
  await helpdesk?.close();
  await redis?.stop();
});

describe('presence set before an instance started', () => {
  it('a relay started after a PUT on another instance welcomes and configures with the PUT value', async () => {
    expect(await (await putPresence(a, 3)).json()).toEqual({ agentsOnline: 3, open: true });
    const probe = createClient({ url: redis.url });
    probe.on('error', () => {});
    await probe.connect();
    expect(await probe.get('parley:presence:acme')).toBe('3');
    await probe.close();

    later = await startRelay(testConfig(helpdesk.url, { agentsOnline: 1 }, { redisUrl: redis.url }));
    const { v, welcome } = await Visitor.join(later.ws);
    expect(welcome.agentsOnline).toBe(3);
    expect((await (await fetch(`${later.http}/v1/sites/acme/widget-config`)).json()).agentsOnline).toBe(3);

    // And later PUTs still travel both ways.
    await putPresence(a, 0);
    expect(await v.next((f) => f.t === 'presence' && f.agentsOnline === 0)).toBeTruthy();
    v.close();
  });

  it('a stored value that is not a count is ignored: the config value stands', async () => {
    const probe = createClient({ url: redis.url });
    probe.on('error', () => {});
    await probe.connect();
    await probe.set('parley:presence:acme', 'lots');
    await probe.close();
    const r = await startRelay(testConfig(helpdesk.url, { agentsOnline: 2 }, { redisUrl: redis.url }));
    try {
      expect((await Visitor.join(r.ws)).welcome.agentsOnline).toBe(2);
    } finally {
      await r.relay.close();
    }
  });

  it('without Redis, /readyz says bus memory and parley_bus_up is 1', async () => {
    const r = await startRelay(testConfig(helpdesk.url));
    try {
      expect(await health(r)).toEqual({ status: 200, body: { ok: true, bus: 'memory' } });
      expect(await busUp(r)).toBe('1');
    } finally {
      await r.relay.close();
    }
  });
});

describe('/readyz, /metrics and the log follow Redis; /healthz stays alive', () => {
  it('ready redis up; 503 redis down while redis-server is stopped (alive all along), local sockets still served; back after restart', async () => {
    expect(await health(a)).toEqual({ status: 200, body: { ok: true, bus: 'redis', redis: 'up' } });
    expect(await busUp(a)).toBe('1');
    const { v, welcome } = await Visitor.join(a.ws);

    await redis.stop();
    const down = await eventually(async () => (await health(a)).status === 503, 5000, '/readyz to answer 503');
    expect(await health(a)).toEqual({ status: 503, body: { ok: false, bus: 'redis', redis: 'down' } });
    // Alive: nothing should restart an instance that only lost Redis.
    expect(await health(a, '/healthz')).toEqual({ status: 200, body: { ok: true, bus: 'redis', redis: 'down' } });
    expect(await busUp(a)).toBe('0');
    // Not ready for new visitors, yet this instance still serves its own sockets and API calls.
    const t0 = Date.now();
    expect((await putPresence(a, 5)).status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1000);
    await v.next((f) => f.t === 'presence' && f.agentsOnline === 5);
    const res = await fetch(`${a.http}/v1/sites/acme/visitors/${welcome.visitorId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'while-unhealthy-1', text: 'still here' }),
    });
    expect((await res.json()).delivered).toBe(true);
    await v.next((f) => f.id === 'while-unhealthy-1');

    redis = await startRedisServer(redis.port);
    const back = await eventually(async () => (await health(a)).status === 200, 10_000, '/readyz to recover');
    expect(await health(a)).toEqual({ status: 200, body: { ok: true, bus: 'redis', redis: 'up' } });
    expect(await busUp(a)).toBe('1');
    // The operator's log says so, once each way.
    expect(log.lines.filter((l) => l.event === 'bus_down').length).toBe(1);
    expect(log.lines.filter((l) => l.event === 'bus_up').length).toBe(1);
    process.stdout.write(`redis stopped -> /readyz 503 after ${down} ms; restarted -> 200 after ${back} ms\n`);
    v.close();
  });
});
