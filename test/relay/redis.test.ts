// Two relays sharing a real redis-server: any instance serves any API call, whichever instance holds
// the visitor's socket; a relay without Redis refuses to start; a Redis outage never takes one down.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusError, createRelay } from '../../relay/index.js';
import { API_SECRET, captureLog, testConfig, until, Visitor, type Helpdesk } from './helpers.js';
import { freePort, startRedisServer, type RedisServer } from './redis-server.js';
import { closeRelayPair, startRelayPair, type RelayPair, type Started } from './relay-pair.js';


let redis: RedisServer;
let helpdesk: Helpdesk;
let a: Started;
let b: Started;
let probe: RelayPair['probe'];

const api = (relay: Started, path: string, body: unknown, method = 'POST') =>
  fetch(`${relay.http}/v1/sites/acme${path}`, {
    method,
    headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Listens on port, dropping each connection at once; counts them. */
async function dropConnections(port: number) {
  const seen = { count: 0, close: () => new Promise<void>((r) => server.close(() => r())) };
  const server = net.createServer((s) => {
    seen.count++;
    s.on('error', () => {});
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return seen;
}

/** How many Redis connections subscribe this visitor's channel. */
async function subscribers(visitorId: string): Promise<number> {
  const r = (await probe.pubSubNumSub(`parley:v:acme:${visitorId}`)) as Record<string, number>;
  return Number(Object.values(r)[0] ?? 0);
}

const logA = captureLog();
const logB = captureLog();
/** How many lines of this event each relay logged. */
const said = (event: string) => [logA, logB].map((l) => l.lines.filter((x) => x.event === event).length);

beforeAll(async () => {
  ({ redis, helpdesk, a, b, probe } = await startRelayPair({ a: { logger: logA.logger }, b: { logger: logB.logger } }));
});

afterAll(() => closeRelayPair({ redis, helpdesk, a, b, probe }));

describe('relays sharing Redis', () => {
  it('an agent message POSTed to B reaches the visitor on A, delivered: true', async () => {
    const { v, welcome } = await Visitor.join(a.ws);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const res = await api(b, `/visitors/${welcome.visitorId}/messages`, { id: `agent-msg-${i}-xx`, text: `hi ${i}`, author: { name: 'Lan' } });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ id: `agent-msg-${i}-xx`, delivered: true });
      const f = await v.next((f) => f.t === 'message' && f.id === `agent-msg-${i}-xx`);
      times.push(performance.now() - t0);
      expect(f).toMatchObject({ from: 'agent', text: `hi ${i}`, author: { name: 'Lan' } });
    }
    times.sort((x, y) => x - y);
    console.log(`cross-instance API call -> visitor frame: median ${times[10]!.toFixed(1)} ms, max ${times[19]!.toFixed(1)} ms over 20`);
    v.close();
  });

  it('a message to a visitor connected nowhere is delivered: false, also once their last socket closed', async () => {
    const nowhere = await api(b, '/visitors/nobody-here-123/messages', { text: 'hello?' });
    expect((await nowhere.json()).delivered).toBe(false);

    const { v, welcome } = await Visitor.join(a.ws);
    const id = welcome.visitorId;
    expect((await (await api(b, `/visitors/${id}/typing`, { typing: true })).json()).delivered).toBe(true);
    v.close();
    await v.whenClosed();
    // The unsubscribe travels to Redis after the close; delivered turns false once it has.
    const end = Date.now() + 3000;
    let delivered = true;
    while (delivered && Date.now() < end) {
      delivered = (await (await api(b, `/visitors/${id}/messages`, { text: 'gone?' })).json()).delivered;
      if (delivered) await new Promise((r) => setTimeout(r, 20));
    }
    expect(delivered).toBe(false);
    expect(await subscribers(id)).toBe(0);
  });

  it('presence PUT on B reaches a visitor on A, and A then welcomes and configures with it', async () => {
    const { v } = await Visitor.join(a.ws);
    const res = await api(b, '/presence', { agentsOnline: 4 }, 'PUT');
    expect(await res.json()).toEqual({ agentsOnline: 4, open: true });
    expect(await v.next((f) => f.t === 'presence' && f.agentsOnline === 4)).toBeTruthy();
    const { v: later, welcome } = await Visitor.join(a.ws);
    expect(welcome.agentsOnline).toBe(4);
    const cfg = await (await fetch(`${a.http}/v1/sites/acme/widget-config`)).json();
    expect(cfg.agentsOnline).toBe(4);
    await api(a, '/presence', { agentsOnline: 0 }, 'PUT');
    expect(await later.next((f) => f.t === 'presence' && f.agentsOnline === 0)).toBeTruthy();
    expect((await Visitor.join(b.ws)).welcome.agentsOnline).toBe(0);
    v.close();
    later.close();
  });

  it('agent typing and an invitation through B reach the visitor on A', async () => {
    const { v, welcome } = await Visitor.join(a.ws);
    const typing = await api(b, `/visitors/${welcome.visitorId}/typing`, { typing: true });
    expect(await typing.json()).toEqual({ delivered: true });
    expect(await v.next((f) => f.t === 'agent_typing')).toEqual({ t: 'agent_typing', typing: true });
    const inv = await api(b, `/visitors/${welcome.visitorId}/invitations`, { text: 'Need a hand?', author: { name: 'Lan' } });
    const { id, delivered } = await inv.json();
    expect(delivered).toBe(true);
    expect(await v.next((f) => f.t === 'invitation')).toEqual({ t: 'invitation', id, text: 'Need a hand?', author: { name: 'Lan' } });
    v.close();
  });

  it("a visitor's tab on B shows the message their tab on A sent; one SUBSCRIBE per instance however many tabs", async () => {
    const { v: tabA, welcome } = await Visitor.join(a.ws);
    const { v: tabB } = await Visitor.join(b.ws, { visitorId: welcome.visitorId, token: welcome.token });
    const { v: tabA2 } = await Visitor.join(a.ws, { visitorId: welcome.visitorId, token: welcome.token });
    expect(await subscribers(welcome.visitorId)).toBe(2);
    tabA.send({ t: 'message', id: 'tab-echo-0001', text: 'from tab A' });
    await tabA.next((f) => f.t === 'ack' && f.id === 'tab-echo-0001');
    expect(await tabB.next((f) => f.t === 'message' && f.id === 'tab-echo-0001')).toMatchObject({ from: 'visitor', text: 'from tab A' });
    expect(await tabA2.next((f) => f.t === 'message' && f.id === 'tab-echo-0001')).toMatchObject({ from: 'visitor' });
    // An agent message to both instances counts both, and each tab gets it once.
    const res = await api(a, `/visitors/${welcome.visitorId}/messages`, { id: 'to-all-tabs-01', text: 'to every tab' });
    expect((await res.json()).delivered).toBe(true);
    for (const t of [tabA, tabA2, tabB]) await t.next((f) => f.id === 'to-all-tabs-01');
    // One more the same way: once every tab has it, a late echo or second copy would have come before it.
    const last = await api(a, `/visitors/${welcome.visitorId}/messages`, { id: 'after-all-tabs1', text: 'one more' });
    expect((await last.json()).delivered).toBe(true);
    for (const t of [tabA, tabA2, tabB]) await t.next((f) => f.id === 'after-all-tabs1');
    expect(tabA.frames.filter((f) => f.id === 'tab-echo-0001' && f.t === 'message')).toHaveLength(0);
    for (const t of [tabA, tabA2, tabB]) expect(t.frames.filter((f) => f.id === 'to-all-tabs-01')).toHaveLength(1);
    for (const t of [tabA, tabA2, tabB]) t.close();
  });

  it('garbage on a Parley channel is ignored and the relays keep working', async () => {
    const { v, welcome } = await Visitor.join(a.ws);
    const channel = `parley:v:acme:${welcome.visitorId}`;
    for (const junk of ['not json', '{}', '{"from":"x","event":{"kind":"frame","frame":{"t":"welcome"}}}', '{"from":"x","event":{"kind":"presence","agentsOnline":-1}}', 'null']) {
      expect(await probe.publish(channel, junk)).toBe(1);
    }
    const res = await api(b, `/visitors/${welcome.visitorId}/messages`, { id: 'after-junk-01', text: 'still here' });
    expect((await res.json()).delivered).toBe(true);
    await v.next((f) => f.id === 'after-junk-01');
    expect(v.frames.map((f) => f.t)).toEqual(['welcome', 'message']);
    v.close();
  });
});

describe('when Redis goes away while relays run', () => {
  it('each relay keeps serving its own sockets, logs once, and shares again after Redis returns', async () => {
    const { v, welcome } = await Visitor.join(a.ws);
    await redis.stop();
    await until(() => said('bus_down').every((n) => n >= 1), 5000, 'both relays to notice');

    const local = await api(a, `/visitors/${welcome.visitorId}/messages`, { id: 'while-down-01', text: 'local only' });
    expect((await local.json()).delivered).toBe(true);
    await v.next((f) => f.id === 'while-down-01');
    const remote = await api(b, `/visitors/${welcome.visitorId}/messages`, { id: 'while-down-02', text: 'cannot cross' });
    expect((await remote.json()).delivered).toBe(false);
    const { v: onB } = await Visitor.join(b.ws);
    expect(onB.frames[0].t).toBe('welcome');
    // Reconnect attempts keep failing meanwhile: a listener on Redis's port takes each and drops it
    // at once, so the relays' clients are seen to try again (and fail) before the log is counted.
    const attempts = await dropConnections(redis.port);
    await until(() => attempts.count >= 4, 15_000, 'failed reconnect attempts');
    await attempts.close();
    // Each relay said so once.
    expect(said('bus_down')).toEqual([1, 1]);

    redis = await startRedisServer(redis.port);
    const t0 = Date.now();
    let delivered = false;
    while (!delivered && Date.now() - t0 < 10_000) {
      const r = await api(b, `/visitors/${welcome.visitorId}/messages`, { text: 'back?' });
      delivered = (await r.json()).delivered;
      if (!delivered) await new Promise((r) => setTimeout(r, 50));
    }
    expect(delivered).toBe(true);
    await until(() => said('bus_up').every((n) => n >= 1), 5000, 'both relays to reconnect');
    process.stdout.write(`Redis back -> cross-instance delivery again after ${Date.now() - t0} ms\n`);
    v.close();
    onB.close();
  });
});

describe('when Redis is not there', () => {
  it('listen() fails with a BusError naming redisUrl within the bound', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const relay = createRelay(testConfig(helpdesk.url, {}, { redisUrl: closed }));
    const t0 = Date.now();
    const err = await relay.listen(0, '127.0.0.1').catch((e: unknown) => e);
    const ms = Date.now() - t0;
    expect(err).toBeInstanceOf(BusError);
    expect((err as BusError).code).toBe('redis_unreachable');
    expect((err as BusError).field).toBe('redisUrl');
    expect((err as Error).message).toMatch(/^redisUrl: Redis at redis:\/\/127\.0\.0\.1:\d+ did not answer within 5000 ms/);
    expect(ms).toBeGreaterThanOrEqual(4900);
    expect(ms).toBeLessThan(7000);
    expect(relay.server.listening).toBe(false);
    await relay.close();
  });

  it('the CLI exits non-zero, naming redisUrl', async () => {
    const dir = join(process.cwd(), '.parley-test-redis');
    mkdirSync(dir, { recursive: true });
    const cli = join(dir, 'cli.mjs');
    await build({ entryPoints: ['relay/cli.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: cli, logLevel: 'warning' });
    const env = {
      PATH: process.env.PATH ?? '',
      PARLEY_SITE: 'acme',
      PARLEY_ORIGINS: 'https://shop.example',
      PARLEY_API_SECRET: 'an-api-secret-of-at-least-32-characters',
      PARLEY_WEBHOOK_URL: helpdesk.url,
      PARLEY_WEBHOOK_SECRET: testConfig('http://x').sites[0]!.webhook.secret,
      PARLEY_SECRET: 'a-relay-token-secret-of-32-characters',
      PARLEY_REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      PORT: '0',
    };
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const p = spawn(process.execPath, [cli], { env });
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      const t = setTimeout(() => p.kill('SIGKILL'), 10_000);
      p.on('close', (code) => {
        clearTimeout(t);
        resolve({ code, err });
      });
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain('redisUrl');
  });
});
