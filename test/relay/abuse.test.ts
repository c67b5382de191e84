// An abusive visitor floods the relay; the relay keeps every frame type within its budget, closes
// the flood with 1013 (try again later), and the visitor's budget survives a reconnect or a fresh id.
import { afterEach, describe, expect, it } from 'vitest';
import { startHelpdesk, startRelay, testConfig, until, Visitor, type Helpdesk } from './helpers.js';

let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;
afterEach(async () => {
  await relay?.relay.close();
  await helpdesk?.close();
});

async function start(limits: Record<string, unknown> = {}) {
  helpdesk = await startHelpdesk();
  relay = await startRelay(testConfig(helpdesk.url, { limits }));
}
const pageViews = (visitorId?: string) => helpdesk.of('visitor.page_viewed').filter((w) => !visitorId || w.body.data.visitor.id === visitorId);
const pageFrame = (i: number) => ({ t: 'page', url: `https://shop.example/p/${i}`, title: `P${i}` });

describe('rates per frame type', () => {
  it('4,000 page frames from one socket: at most 40 page_viewed webhooks, and the socket is closed with 1013', async () => {
    await start();
    const { v, welcome } = await Visitor.join(relay.ws);
    for (let i = 0; i < 4000; i++) v.send(pageFrame(i));
    const closed = await v.whenClosed();
    expect(closed.code).toBe(1013);
    // The budget (20) went through; page views are latest-wins, so the last of them is what arrives last.
    const last = 'https://shop.example/p/19';
    await until(() => pageViews(welcome.visitorId).some((w) => w.body.data.page.url === last), 5000, 'the last page within the budget');
    await new Promise((r) => setTimeout(r, 300));
    const n = pageViews(welcome.visitorId).length;
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(40);
    expect(pageViews(welcome.visitorId).some((w) => Number(w.body.data.page.url.split('/').pop()) > 19)).toBe(false);
    const refused = v.frames.filter((f) => f.t === 'error' && f.code === 'rate_limited');
    expect(refused.length).toBeGreaterThan(0);
  });

  it('a burst a little over the budget is refused frame by frame, without closing the socket', async () => {
    await start({ rates: { page: { burst: 5, perSecond: 0.5 } } });
    const { v, welcome } = await Visitor.join(relay.ws);
    for (let i = 0; i < 8; i++) v.send(pageFrame(i));
    v.send({ t: 'ping' });
    await v.next((f) => f.t === 'pong');
    await until(() => pageViews(welcome.visitorId).length === 5, 5000, 'five page views');
    expect(v.frames.filter((f) => f.t === 'error' && f.code === 'rate_limited')).toHaveLength(3);
    expect(v.closed).toBeNull();
    v.close();
  });

  it('reconnecting with the same token does not refill the message budget', async () => {
    await start({ messagesPerMinute: 3 });
    const first = await Visitor.join(relay.ws);
    for (let i = 0; i < 3; i++) first.v.send({ t: 'message', id: `msg_budget_${i}`, text: `hi ${i}` });
    for (let i = 0; i < 3; i++) await first.v.next((f) => f.t === 'ack' && f.id === `msg_budget_${i}`);
    first.v.close();
    await first.v.whenClosed();
    const again = await Visitor.join(relay.ws, { visitorId: first.welcome.visitorId, token: first.welcome.token });
    expect(again.welcome.visitorId).toBe(first.welcome.visitorId);
    again.v.send({ t: 'message', id: 'msg_budget_3', text: 'one more' });
    expect(await again.v.next((f) => f.id === 'msg_budget_3')).toEqual({ t: 'nack', id: 'msg_budget_3', retryable: true, reason: 'rate_limited' });
    again.v.close();
  });

  it('fresh visitor ids from one address gain nothing: the address has its budget too', async () => {
    await start({ rates: { page: { burst: 5, perSecond: 0.01 } }, addressRateFactor: 2 });
    const visitors = await Promise.all(Array.from({ length: 5 }, () => Visitor.join(relay.ws)));
    for (const { v } of visitors) for (let i = 0; i < 5; i++) v.send(pageFrame(i));
    for (const { v } of visitors) {
      v.send({ t: 'ping' });
      await v.next((f) => f.t === 'pong' || f.t === 'error');
    }
    await new Promise((r) => setTimeout(r, 200));
    // Each visitor's own budget (5) would allow 25; the address's (2 × 5) allows 10.
    expect(pageViews().length).toBeLessThanOrEqual(10);
    expect(pageViews().length).toBeGreaterThanOrEqual(5);
    for (const { v } of visitors) v.close();
  });

  it('typing frames burst 8, excess dropped quietly', async () => {
    await start();
    const { v } = await Visitor.join(relay.ws);
    for (let i = 0; i < 20; i++) v.send({ t: 'typing', text: `draft ${i}` });
    v.send({ t: 'ping' });
    await v.next((f) => f.t === 'pong');
    const metrics = await (await fetch(`${relay.http}/metrics`)).text();
    expect(Number(/^parley_frames_refused_total\{reason="rate_limited"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(12);
    expect(v.frames.filter((f) => f.t === 'error')).toEqual([]);
    expect(v.closed).toBeNull();
    v.close();
  });
});

describe('a socket that never says hello', () => {
  it('is closed with 1013 after helloTimeoutMs, so idle sockets cannot hold the per-address places', async () => {
    await start({ helloTimeoutMs: 300, connectionsPerIp: 2 });
    const idle = [Visitor.connect(relay.ws), Visitor.connect(relay.ws)];
    await Promise.all(idle.map((v) => v.opened));
    const started = Date.now();
    for (const v of idle) expect((await v.whenClosed()).code).toBe(1013);
    expect(Date.now() - started).toBeLessThan(3000);
    // The places are free again: a real visitor gets in.
    const { v } = await Visitor.join(relay.ws);
    v.close();
  });
});
