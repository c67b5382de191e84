// An agent opens the live list: who is on the site now, on which page, where they came from — on
// every relay instance, so they can invite any of them. With Redis the list is gathered from each
// instance within 500 ms, and an instance that does not answer is named, not hidden.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SECRET, startHelpdesk, startRelay, testConfig, until, Visitor, type Helpdesk } from './helpers.js';
import type { RedisServer } from './redis-server.js';
import { closeRelayPair, startRelayPair, type RelayPair, type Started } from './relay-pair.js';


const list = async (relay: Started, query = '', secret = API_SECRET) => {
  const res = await fetch(`${relay.http}/v1/sites/acme/visitors${query}`, { headers: { authorization: `Bearer ${secret}` } });
  return { status: res.status, body: (await res.json()) as any };
};

const context = { timeZone: 'Asia/Ho_Chi_Minh', languages: ['vi-VN'], device: 'mobile', screen: { w: 390, h: 844 }, utm: { source: 'zalo' }, visits: 2 };

describe('the live list on one relay', () => {
  let helpdesk: Helpdesk;
  let relay: Started;
  beforeAll(async () => {
    helpdesk = await startHelpdesk();
    relay = await startRelay(testConfig(helpdesk.url));
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
  });

  it('lists who is connected now with their page and context, pages through them, and forgets who left', async () => {
    const lan = await Visitor.join(relay.ws, { page: { url: 'https://shop.example/cart?session=s3cret', title: 'Cart' }, context, profile: { name: 'Lan' } });
    const minh = await Visitor.join(relay.ws, { page: { url: 'https://shop.example/shoes', title: 'Shoes' } });
    // A second tab of Lan's is still one visitor, shown on the page she opened last.
    const lanTab = await Visitor.join(relay.ws, {
      visitorId: lan.welcome.visitorId,
      token: lan.welcome.token,
      page: { url: 'https://shop.example/checkout', title: 'Checkout' },
      context,
      profile: { name: 'Lan' },
    });

    const all = await list(relay);
    expect(all.status).toBe(200);
    expect(all.body.missing).toBeUndefined();
    expect(all.body.next).toBeUndefined();
    expect(all.body.visitors).toHaveLength(2);
    const shownLan = all.body.visitors.find((v: any) => v.id === lan.welcome.visitorId);
    expect(shownLan).toMatchObject({ verified: false, name: 'Lan', page: { url: 'https://shop.example/checkout', title: 'Checkout' }, context });
    expect(Date.parse(shownLan.connectedAt)).not.toBeNaN();
    expect(JSON.stringify(all.body)).not.toContain('s3cret');

    const first = await list(relay, '?limit=1');
    expect(first.body.visitors).toHaveLength(1);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await list(relay, `?limit=1&cursor=${encodeURIComponent(first.body.next)}`);
    expect(second.body.visitors).toHaveLength(1);
    expect(second.body.next).toBeUndefined();
    expect(new Set([first.body.visitors[0].id, second.body.visitors[0].id])).toEqual(new Set([lan.welcome.visitorId, minh.welcome.visitorId]));

    minh.v.close();
    await minh.v.whenClosed();
    await until(() => helpdesk.of('visitor.disconnected').length >= 1, 5000, 'the disconnect');
    expect((await list(relay)).body.visitors.map((v: any) => v.id)).toEqual([lan.welcome.visitorId]);
    lan.v.close();
    lanTab.v.close();
  });

  it('needs the API secret, and says what is wrong with a bad limit or cursor', async () => {
    expect((await list(relay, '', 'wrong-secret-wrong-secret-wrong-secret')).status).toBe(401);
    const tooMany = await list(relay, '?limit=1001');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/limit.*1 to 1000/);
    const badCursor = await list(relay, '?cursor=nonsense');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.message).toMatch(/cursor/);
  });
});

describe('the live list across relays sharing Redis', () => {
  let redis: RedisServer;
  let helpdesk: Helpdesk;
  let a: Started;
  let b: Started;
  let probe: RelayPair['probe'];

  beforeAll(async () => {
    ({ redis, helpdesk, a, b, probe } = await startRelayPair());
  });
  afterAll(() => closeRelayPair({ redis, helpdesk, a, b, probe }));

  it('either instance lists the visitors of both, with nothing missing', async () => {
    const onA = await Visitor.join(a.ws, { page: { url: 'https://shop.example/a', title: 'On A' }, context });
    const onB = await Visitor.join(b.ws, { page: { url: 'https://shop.example/b', title: 'On B' } });
    for (const relay of [a, b]) {
      const t0 = performance.now();
      const { status, body } = await list(relay);
      const ms = performance.now() - t0;
      expect(status).toBe(200);
      expect(body.missing).toBeUndefined();
      expect(body.visitors.map((v: any) => v.page.title).sort()).toEqual(['On A', 'On B']);
      // Everyone answered: no waiting out the 500 ms.
      expect(ms).toBeLessThan(450);
    }
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      expect((await list(a)).body.visitors).toHaveLength(2);
      times.push(performance.now() - t0);
    }
    times.sort((x, y) => x - y);
    console.log(`live list gathered from 2 instances: median ${times[10]!.toFixed(1)} ms, max ${times[19]!.toFixed(1)} ms over 20`);
    // Pages run across instances: one visitor per page, both seen once.
    const first = await list(a, '?limit=1');
    const second = await list(a, `?limit=1&cursor=${encodeURIComponent(first.body.next)}`);
    expect([first.body.visitors[0].id, second.body.visitors[0].id].sort()).toEqual([onA.welcome.visitorId, onB.welcome.visitorId].sort());
    expect(second.body.next).toBeUndefined();
    onA.v.close();
    onB.v.close();
  });

  it('an instance that does not answer within 500 ms is reported as missing, and the others are still listed', async () => {
    const onB = await Visitor.join(b.ws, { page: { url: 'https://shop.example/b', title: 'On B' } });
    // An instance that says it is alive but never answers (hung, or cut off from pub/sub).
    await probe.zAdd('parley:instances', { score: Date.now(), value: 'relay-hung-1' });
    const t0 = performance.now();
    const { body } = await list(a);
    const ms = performance.now() - t0;
    expect(body.missing).toEqual(['relay-hung-1']);
    expect(body.visitors.map((v: any) => v.id)).toContain(onB.welcome.visitorId);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(1500);
    await probe.zRem('parley:instances', 'relay-hung-1');
    onB.v.close();
  });
});
