// Someone copies the example console and leaves it running on their laptop all week. A page on
// another origin must not be able to drive it, a DNS-rebound name must not read it, a captured
// webhook replayed must count once, and a busy site must not grow it without bound.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../relay/index.js';
import { startConsole } from '../../examples/agent-console/server.mjs';
import { API_SECRET, rawGet, until, WEBHOOK_SECRET } from '../relay/helpers.js';

let agent: Awaited<ReturnType<typeof startConsole>>;
let host: string;

beforeAll(async () => {
  agent = await startConsole({ site: 'acme', apiSecret: API_SECRET, webhookSecret: WEBHOOK_SECRET, relayUrl: 'http://127.0.0.1:9' });
  host = new URL(agent.url).host;
});
afterAll(() => agent.close());

/** A message.created delivery signed as the relay signs it. */
function webhook(visitor: string, text: string, id = `msg_${Math.random().toString(36).slice(2, 14)}`) {
  const body = JSON.stringify({ type: 'message.created', timestamp: new Date().toISOString(), data: { site: 'acme', visitor: { id: visitor, verified: false }, message: { id, text, at: new Date().toISOString() } } });
  const ts = Math.floor(Date.now() / 1000);
  return { body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(WEBHOOK_SECRET, id, ts, body) } };
}
const deliver = (w: ReturnType<typeof webhook>) => fetch(`${agent.url}/webhooks`, { method: 'POST', headers: w.headers, body: w.body });
const code = (r: { body: Buffer }) => JSON.parse(r.body.toString()).error?.code;

describe('a page on another origin, a rebound name, a caller without the token', () => {
  it('a cross-origin no-cors POST (text/plain, foreign Origin, no token) is refused and changes nothing', async () => {
    await deliver(webhook('visitor_aaaaaaaa', 'xin chào'));
    const before = agent.visitors.get('visitor_aaaaaaaa')!.messages.length;
    const r = await rawGet(`${agent.url}/api/reply`, { host, origin: 'https://evil.example', 'content-type': 'text/plain' }, 'POST', JSON.stringify({ visitorId: 'visitor_aaaaaaaa', text: 'phishing link' }));
    expect(r.status).toBe(403);
    expect(code(r)).toBe('origin_refused');
    // Even with the token (say, leaked), a text/plain body is not JSON to this console.
    const plain = await rawGet(`${agent.url}/api/presence`, { host, 'x-console-token': agent.token, 'content-type': 'text/plain' }, 'POST', '{"agentsOnline":0}');
    expect(plain.status).toBe(415);
    expect(agent.visitors.get('visitor_aaaaaaaa')!.messages).toHaveLength(before);
  });

  it('a wrong Host (DNS rebinding) reads neither the page nor the state, token or not', async () => {
    const port = new URL(agent.url).port;
    for (const path of ['/', '/api/state', `/api/events?token=${agent.token}`]) {
      const r = await rawGet(`${agent.url}${path}`, { host: `attacker.example:${port}`, 'x-console-token': agent.token });
      expect(r.status, path).toBe(421);
      expect(r.body.toString()).not.toContain('xin chào');
    }
    const ok = await rawGet(`${agent.url}/api/state`, { host, 'x-console-token': agent.token });
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toContain('xin chào');
  });

  it('a missing or wrong token is refused; the printed one works', async () => {
    expect((await rawGet(`${agent.url}/api/state`, { host })).status).toBe(401);
    expect((await rawGet(`${agent.url}/api/state`, { host, 'x-console-token': 'guessed-token' })).status).toBe(401);
    expect(agent.pageUrl).toBe(`${agent.url}/#token=${agent.token}`);
    const state = await agent.api('/api/state');
    expect(state.visitors.some((v: any) => v.id === 'visitor_aaaaaaaa')).toBe(true);
  });

  it('a replayed webhook is answered as the first and counted once', async () => {
    const w = webhook('visitor_bbbbbbbb', 'đơn 1042 đến chưa?');
    const first = await deliver(w);
    const again = await deliver(w);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('{}');
    expect(agent.received.filter((e: any) => e.id === w.headers['webhook-id'])).toHaveLength(1);
    expect(agent.visitors.get('visitor_bbbbbbbb')!.messages.map((m: any) => m.text)).toEqual(['đơn 1042 đến chưa?']);
    // A forged one (signed with another key) is not let in at all.
    const forged = webhook('visitor_bbbbbbbb', 'forged');
    forged.headers['webhook-signature'] = signWebhook('whsec_' + Buffer.from('another key of at least 24 bytes').toString('base64'), forged.headers['webhook-id'], Number(forged.headers['webhook-timestamp']), forged.body);
    expect((await deliver(forged)).status).toBe(401);
    expect(agent.visitors.get('visitor_bbbbbbbb')!.messages).toHaveLength(1);
  });
});

describe('a busy week', () => {
  it('6,000 webhooks keep memory bounded and the page is sent a small diff for each', { timeout: 120_000 }, async () => {
    let streamed = 0;
    const stream = await new Promise<http.ClientRequest>((resolve) => {
      const req = http.get(`${agent.url}/api/events?token=${agent.token}`, { agent: false }, (res) => {
        res.on('data', (c: Buffer) => (streamed += c.length));
        resolve(req);
      });
    });
    await until(() => streamed > 0);
    const afterSnapshot = streamed;
    const heapBefore = process.memoryUsage().heapUsed;
    const N = 6000;
    // A thousand visitors once each, then one who writes five thousand times.
    const visitorOf = (i: number) => (i < 1000 ? `visitor_${String(i).padStart(6, '0')}` : 'visitor_chatty00');
    for (let i = 0; i < N; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => deliver(webhook(visitorOf(i + j), `tin nhắn số ${i + j} ${'x'.repeat(200)}`)).then((r) => expect(r.status).toBe(200))));
    }
    await until(() => agent.received.at(-1)?.data.message.text.startsWith(`tin nhắn số ${N - 1} `) ?? false);
    const perWebhook = (streamed - afterSnapshot) / N;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    stream.destroy();
    console.log(`agent console, ${N} webhooks: ${Math.round(perWebhook)} SSE bytes per webhook, heap ${Math.round(heapGrowth / 1e6)} MB more, ${agent.visitors.size} conversations kept`);
    // Bounds (defaults): 500 conversations, 500 messages each, 5,000 remembered webhooks.
    expect(agent.visitors.size).toBeLessThanOrEqual(500);
    expect(agent.visitors.get('visitor_chatty00')!.messages.length).toBe(500);
    expect(agent.received.length).toBeLessThanOrEqual(5000);
    // One message and one header per webhook, not the whole state (which was megabytes by the end).
    expect(perWebhook).toBeLessThan(2000);
    expect(heapGrowth).toBeLessThan(150e6);
  });
});
