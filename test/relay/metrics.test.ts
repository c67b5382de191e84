// A support team runs a relay for a day: visitors chat, wait for answers, rate, leave messages after
// hours, the helpdesk resolves, a visitor misbehaves and the helpdesk stumbles. The operator's
// Prometheus scrapes /metrics, Debian's promtool accepts the scrape, and the manager reads the
// support KPIs off it: how long visitors waited, how many chats were missed, how satisfied they were.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirstResponse } from '../../relay/first-response.js';
import { callApi, eventually, metric, samples, startHelpdesk, startRelay, testConfig, until, Visitor, type Helpdesk } from './helpers.js';

type Started = Awaited<ReturnType<typeof startRelay>>;
let helpdesk: Helpdesk;
let relay: Started;
let other: Started;
let scrape = '';
/** Bounds of Lan's two waits as the test saw them, in seconds. */
const waitedAtMost: number[] = [];

let release = () => {};
const held = new Promise<void>((r) => (release = r));

const agentSays = (visitorId: string, id: string, text: string) =>
  callApi(relay.http, `/v1/sites/acme/visitors/${visitorId}/messages`, { id, text, author: { name: 'Linh' } });

beforeAll(async () => {
  helpdesk = await startHelpdesk(async (w) => {
    // One page view is held, so the next ones wait in the queue (one delivery at a time here).
    if (w.body.type === 'visitor.page_viewed' && w.body.data.page.url.endsWith('/hold')) await held;
    if (w.body.type === 'message.created' && w.body.data.message.text === 'please fail') return { status: 400 };
    return { status: 200 };
  });
  relay = await startRelay(testConfig(helpdesk.url, { typingPreview: { enabled: true } }, { webhookDelivery: { tries: 3, timeoutMs: 1000, baseDelayMs: 20, maxDelayMs: 100, maxSockets: 1 } }));
  other = await startRelay(testConfig(helpdesk.url));

  const lan = await Visitor.join(relay.ws);
  const minh = await Visitor.join(relay.ws);
  const lanId = lan.welcome.visitorId;

  // Page views pile up behind a slow answer: the newest replaces the one still waiting.
  lan.v.send({ t: 'page', url: 'https://shop.example/hold' });
  await until(() => helpdesk.of('visitor.page_viewed').length === 1, 5000, 'the held page view');
  lan.v.send({ t: 'page', url: 'https://shop.example/cart' });
  lan.v.send({ t: 'page', url: 'https://shop.example/checkout' });
  lan.v.send({ t: 'ping' });
  await lan.v.next((f) => f.t === 'pong');
  release();
  await until(() => helpdesk.of('visitor.page_viewed').some((w) => w.body.data.page.url.endsWith('/checkout')), 5000, 'the newest page view');

  // Lan writes twice before anyone answers: one wait.
  const t0 = performance.now();
  lan.v.send({ t: 'message', id: 'lan_msg_00001', text: 'Xin chào' });
  lan.v.send({ t: 'message', id: 'lan_msg_00002', text: 'Đơn hàng của tôi đâu?' });
  await lan.v.next((f) => f.t === 'ack' && f.id === 'lan_msg_00002');
  expect((await agentSays(lanId, 'agent_msg_0001', 'Chào bạn, mình xem ngay')).body.delivered).toBe(true);
  await lan.v.next((f) => f.id === 'agent_msg_0001');
  waitedAtMost.push((performance.now() - t0) / 1000);
  // A second answer with nothing new asked is no wait at all.
  await agentSays(lanId, 'agent_msg_0002', 'Đơn đã gửi hôm qua');
  await lan.v.next((f) => f.id === 'agent_msg_0002');
  const t1 = performance.now();
  lan.v.send({ t: 'message', id: 'lan_msg_00003', text: 'Cảm ơn!' });
  await lan.v.next((f) => f.t === 'ack' && f.id === 'lan_msg_00003');
  await agentSays(lanId, 'agent_msg_0003', 'Không có gì');
  await lan.v.next((f) => f.id === 'agent_msg_0003');
  waitedAtMost.push((performance.now() - t1) / 1000);
  // The helpdesk refuses one message: a failed delivery, and no message counted.
  lan.v.send({ t: 'message', id: 'lan_msg_00004', text: 'please fail' });
  expect(await lan.v.next((f) => f.t === 'nack' && f.id === 'lan_msg_00004')).toMatchObject({ retryable: false });

  // The helpdesk resolves Lan's chat; Lan rates it 5. Minh, after hours, leaves a message, rates 2 and ends the chat.
  expect((await callApi(relay.http, `/v1/sites/acme/visitors/${lanId}/resolve`, { askRating: true })).status).toBe(202);
  await lan.v.next((f) => f.t === 'resolved');
  lan.v.send({ t: 'rating', id: 'lan_rating_001', score: 5 });
  await lan.v.next((f) => f.t === 'ack' && f.id === 'lan_rating_001');
  minh.v.send({ t: 'offline_message', id: 'minh_offline_1', name: 'Minh', phone: '0912 345 678', callback: true, text: 'Gọi lại cho tôi' });
  minh.v.send({ t: 'rating', id: 'minh_rating_01', score: 2 });
  minh.v.send({ t: 'end', id: 'minh_end_00001' });
  await minh.v.next((f) => f.t === 'ack' && f.id === 'minh_end_00001');

  // A misbehaving client: garbage, an unknown frame, a message before hello, a typing flood.
  minh.v.send('not json');
  minh.v.send({ t: 'teleport' });
  for (let i = 0; i < 20; i++) minh.v.send({ t: 'typing', text: `draft ${i}` });
  minh.v.send({ t: 'ping' });
  await minh.v.next((f) => f.t === 'pong');
  const early = Visitor.connect(relay.ws);
  await early.opened;
  early.send({ t: 'message', id: 'early_msg_001', text: 'too soon' });
  await early.next((f) => f.t === 'error');
  early.close();
  await early.whenClosed();

  // The scrape once the early socket's close is counted (two visitors stay).
  const connected = async () => samples((scrape = await (await fetch(`${relay.http}/metrics`)).text()), 'parley_connections')[0]?.value === 2;
  await eventually(connected, 5000, 'two visitors connected');
  lan.v.close();
  minh.v.close();
});

afterAll(async () => {
  await relay?.relay.close();
  await other?.relay.close();
  await helpdesk?.close();
});

/** The one sample of `name` with exactly these labels (0 when absent). */
function value(name: string, labels: Record<string, string> = {}): number {
  const keys = Object.keys(labels);
  const hit = samples(scrape, name).find((s) => Object.keys(s.labels).length === keys.length && keys.every((k) => s.labels[k] === labels[k]));
  return hit?.value ?? 0;
}

describe('the operator scrapes /metrics after a day of chats', () => {
  it('Debian\'s promtool accepts the scrape as it is', () => {
    const r = spawnSync('promtool', ['check', 'metrics'], { input: scrape, encoding: 'utf8' });
    expect(r.error, 'promtool (Debian package prometheus) must be installed').toBeUndefined();
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  it('the support manager reads first response, missed chats, satisfaction and resolved chats', () => {
    // Two waits (three visitor messages, two of them before the first answer; a reply to nothing is no wait).
    expect(value('parley_first_response_seconds_count', { site: 'acme' })).toBe(2);
    const waited = value('parley_first_response_seconds_sum', { site: 'acme' });
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(waitedAtMost[0]! + waitedAtMost[1]!);
    // Both answered within 5 s: the median a dashboard shows is in the first bucket.
    expect(value('parley_first_response_seconds_bucket', { site: 'acme', le: '5' })).toBe(2);
    expect(value('parley_offline_messages_total', { site: 'acme' })).toBe(1);
    expect(value('parley_ratings_total', { site: 'acme', score: '5' })).toBe(1);
    expect(value('parley_ratings_total', { site: 'acme', score: '2' })).toBe(1);
    expect(value('parley_ratings_total', { site: 'acme', score: '1' })).toBe(0);
    // The helpdesk's resolve and Minh's End chat.
    expect(value('parley_resolved_total', { site: 'acme' })).toBe(2);
  });

  it('the operator sees traffic, latency, refusals, failures and shed webhooks', () => {
    expect(value('parley_connections', { site: 'acme' })).toBe(2);
    expect(value('parley_messages_total', { site: 'acme' })).toBe(3);
    // Three messages, two ratings, one offline message, one end: each acked, each timed.
    expect(value('parley_ack_seconds_count')).toBe(7);
    expect(value('parley_ack_seconds_bucket', { le: '+Inf' })).toBe(7);
    expect(value('parley_webhook_seconds_count', { type: 'visitor.connected', outcome: 'ok' })).toBe(2);
    expect(value('parley_webhook_seconds_count', { type: 'message.created', outcome: 'ok' })).toBe(3);
    expect(value('parley_webhook_seconds_count', { type: 'message.created', outcome: 'failed' })).toBe(1);
    expect(value('parley_webhooks_dropped_total', { type: 'visitor.page_viewed' })).toBe(1);
    expect(value('parley_webhook_queue', { site: 'acme' })).toBe(0);
    expect(value('parley_frames_refused_total', { reason: 'bad_frame' })).toBe(2);
    expect(value('parley_frames_refused_total', { reason: 'unknown_type' })).toBe(1);
    expect(value('parley_frames_refused_total', { reason: 'rate_limited' })).toBeGreaterThanOrEqual(12);
    expect(value('parley_bus_up')).toBe(1);
    expect(scrape).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(scrape).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
  });

  it('another relay in the same process counts only its own traffic', async () => {
    expect(await metric(other.http, 'parley_messages_total')).toBe(0);
    expect(await metric(other.http, 'parley_connections')).toBe(0);
  });
});

describe('a visitor waiting for an answer', () => {
  it('three messages, then an answer: one wait, from the first message; an answer to nothing is no wait', () => {
    const f = new FirstResponse();
    f.visitorSaid('acme', 'lan', 1_000);
    f.visitorSaid('acme', 'lan', 20_000);
    f.visitorSaid('acme', 'lan', 40_000);
    expect(f.agentSaid('acme', 'lan', 61_000)).toBe(60);
    expect(f.agentSaid('acme', 'lan', 62_000)).toBeUndefined();
    expect(f.agentSaid('acme', 'minh', 62_000)).toBeUndefined();
  });

  it('the same visitor id on two sites is two visitors, each with their own wait', () => {
    const f = new FirstResponse();
    f.visitorSaid('acme', 'lan', 1_000);
    f.visitorSaid('shop', 'lan', 5_000);
    expect(f.agentSaid('shop', 'lan', 15_000)).toBe(10);
    expect(f.agentSaid('acme', 'lan', 31_000)).toBe(30);
  });

  it('a wait longer than a day is forgotten, not counted', () => {
    const f = new FirstResponse(24 * 3600_000);
    f.visitorSaid('acme', 'lan', 0);
    expect(f.agentSaid('acme', 'lan', 25 * 3600_000)).toBeUndefined();
  });
});
