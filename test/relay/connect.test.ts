// A visitor opens the widget: who is let in, who keeps their conversation, what the helpdesk hears.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, metric, startHelpdesk, startRelay, testConfig, Visitor, until, type Helpdesk } from './helpers.js';

describe('connecting', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    helpdesk = await startHelpdesk((w) =>
      w.body.type === 'visitor.connected' && w.body.data.since === 'seen_msg_0001'
        ? {
            status: 200,
            body: {
              messages: [
                { id: 'agent_reply_01', text: 'Chào bạn!', author: { name: 'Mai' }, at: '2024-05-01T10:00:00.000Z' },
                { id: 'visitor_msg_02', text: 'my own earlier message', from: 'visitor', at: '2024-05-01T10:01:00.000Z' },
                { id: 'bad id!', text: 'skipped: not a nanoid', at: '2024-05-01T10:02:00.000Z' },
                {
                  id: 'agent_photo_03',
                  text: 'Ảnh sản phẩm đây ạ',
                  at: '2024-05-01T10:03:00.000Z',
                  attachments: [
                    { url: 'https://helpdesk.example/files/ao-dai.jpg', name: 'ao-dai.jpg', type: 'image/jpeg', size: 48213 },
                    { url: 'javascript:alert(1)', name: 'left out.jpg', type: 'image/jpeg' },
                  ],
                  actions: [{ id: 'buy', label: 'Mua ngay' }],
                },
              ],
            },
          }
        : { status: 200 },
    );
    relay = await startRelay(testConfig(helpdesk.url, { agentsOnline: 2 }));
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
  });

  it('hello → welcome with a new visitor id, a token and agentsOnline; helpdesk gets visitor.connected', async () => {
    const { v, welcome } = await Visitor.join(relay.ws, { page: { url: 'https://shop.example/p/1', title: 'Shoes', referrer: 'https://search.example/' } });
    expect(welcome.visitorId).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(typeof welcome.token).toBe('string');
    expect(welcome.agentsOnline).toBe(2);
    await until(() => helpdesk.of('visitor.connected').some((w) => w.body.data.visitor.id === welcome.visitorId));
    const w = helpdesk.of('visitor.connected').find((x) => x.body.data.visitor.id === welcome.visitorId)!;
    expect(() => helpdesk.verify(w)).not.toThrow();
    expect(w.body.data.page).toEqual({ url: 'https://shop.example/p/1', title: 'Shoes', referrer: 'https://search.example/' });
    v.close();
    await until(() => helpdesk.of('visitor.disconnected').some((x) => x.body.data.visitor.id === welcome.visitorId));
    const d = helpdesk.of('visitor.disconnected').find((x) => x.body.data.visitor.id === welcome.visitorId)!;
    expect(d.body.data.page.url).toBe('https://shop.example/p/1');
    expect(d.headers['webhook-id']).not.toBe(w.headers['webhook-id']);
  });

  it('resuming with the token from welcome keeps the same visitor id', async () => {
    const first = await Visitor.join(relay.ws);
    first.v.close();
    const again = await Visitor.join(relay.ws, { visitorId: first.welcome.visitorId, token: first.welcome.token });
    expect(again.welcome.visitorId).toBe(first.welcome.visitorId);
    again.v.close();
  });

  it('resuming with a forged, missing or foreign token gives a brand-new visitor id', async () => {
    const victim = await Visitor.join(relay.ws);
    const t: string = victim.welcome.token;
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    const forgedMiddle = t.slice(0, -10) + flip(t.at(-10)!) + t.slice(-9);
    // The last base64 character carries spare bits: another spelling of it must not verify either.
    const forgedLast = t.slice(0, -1) + flip(t.at(-1)!);
    const attempts = [
      { visitorId: victim.welcome.visitorId, token: forgedMiddle },
      { visitorId: victim.welcome.visitorId, token: forgedLast },
      { visitorId: victim.welcome.visitorId },
      { visitorId: victim.welcome.visitorId, token: 'v1.9999999999.' + 'x'.repeat(43) },
    ];
    for (const a of attempts) {
      const { v, welcome } = await Visitor.join(relay.ws, a);
      expect(welcome.visitorId).not.toBe(victim.welcome.visitorId);
      v.close();
    }
    // A token of one visitor does not open another visitor's conversation.
    const other = await Visitor.join(relay.ws);
    const { v, welcome } = await Visitor.join(relay.ws, { visitorId: victim.welcome.visitorId, token: other.welcome.token });
    expect(welcome.visitorId).not.toBe(victim.welcome.visitorId);
    for (const x of [v, other.v, victim.v]) x.close();
  });

  it('visitor.connected answered with {messages} → the visitor receives them (agent unless said otherwise)', async () => {
    const { v } = await Visitor.join(relay.ws, { lastMessageId: 'seen_msg_0001' });
    const reply = await v.next((f) => f.t === 'message' && f.id === 'agent_reply_01');
    expect(reply).toEqual({ t: 'message', id: 'agent_reply_01', from: 'agent', text: 'Chào bạn!', author: { name: 'Mai' }, at: '2024-05-01T10:00:00.000Z' });
    expect(await v.next((f) => f.id === 'visitor_msg_02')).toMatchObject({ from: 'visitor' });
    // An agent's photo and quick replies sent while the visitor was away come back with the message; a file that is not http(s) does not.
    expect(await v.next((f) => f.id === 'agent_photo_03')).toMatchObject({
      from: 'agent',
      attachments: [{ url: 'https://helpdesk.example/files/ao-dai.jpg', name: 'ao-dai.jpg', type: 'image/jpeg', size: 48213 }],
      actions: [{ id: 'buy', label: 'Mua ngay' }],
    });
    const w = helpdesk.of('visitor.connected').find((x) => x.body.data.since === 'seen_msg_0001');
    expect(w).toBeDefined();
    v.close();
    expect(v.frames.some((f) => f.id === 'bad id!')).toBe(false);
  });

  it('an Origin outside the allow-list: error origin_refused, then close 1008', async () => {
    const v = Visitor.connect(relay.ws, { origin: 'https://evil.example' });
    const closed = await v.whenClosed();
    expect(closed).toEqual({ code: 1008, reason: 'origin_refused' });
    expect(v.frames[0]).toMatchObject({ t: 'error', code: 'origin_refused' });
  });

  it('a subdomain matching https://*.shop.example is let in; the lookalike shop.example.evil is not', async () => {
    const { v, welcome } = await Visitor.join(relay.ws, {}, { origin: 'https://m.shop.example' });
    expect(welcome.visitorId).toBeTruthy();
    v.close();
    const evil = Visitor.connect(relay.ws, { origin: 'https://shop.example.evil' });
    expect((await evil.whenClosed()).code).toBe(1008);
  });

  it('an unknown site: error site_unknown, then close 1008', async () => {
    const v = Visitor.connect(relay.ws, { site: 'nobody' });
    expect(await v.whenClosed()).toEqual({ code: 1008, reason: 'site_unknown' });
    expect(v.frames[0]).toMatchObject({ t: 'error', code: 'site_unknown' });
  });

  it('an upgrade on another path is refused with HTTP 404 before upgrading', async () => {
    const v = Visitor.connect(relay.ws, { path: '/elsewhere' });
    await expect(v.opened).rejects.toThrow('HTTP 404');
  });

  it('ping → pong, and frames before hello get error bad_frame', async () => {
    const v = Visitor.connect(relay.ws);
    await v.opened;
    v.send({ t: 'message', id: 'early_msg_001', text: 'too soon' });
    v.send({ t: 'ping' });
    expect(await v.next((f) => f.t === 'pong')).toEqual({ t: 'pong' });
    expect(v.frames.find((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame' });
    v.close();
  });
});

describe('connections per IP', () => {
  it('the next socket beyond connectionsPerIp is refused with HTTP 429 before upgrading', async () => {
    const helpdesk = await startHelpdesk();
    const relay = await startRelay(testConfig(helpdesk.url, { limits: { connectionsPerIp: 2 } }));
    const a = Visitor.connect(relay.ws);
    const b = Visitor.connect(relay.ws);
    await Promise.all([a.opened, b.opened]);
    const c = Visitor.connect(relay.ws);
    await expect(c.opened).rejects.toThrow('HTTP 429');
    a.close();
    await a.whenClosed();
    // The relay counts the close when its side of the socket closes: wait until it has (one open left).
    await eventually(async () => (await metric(relay.http, 'parley_connections')) === 1, 5000, 'the relay to count the close');
    const d = Visitor.connect(relay.ws);
    await d.opened;
    b.close();
    d.close();
    await relay.relay.close();
    await helpdesk.close();
  });
});

describe('shutdown', () => {
  it('close() tells visitors 1012 and still delivers their visitor.disconnected', async () => {
    const helpdesk = await startHelpdesk();
    const relay = await startRelay(testConfig(helpdesk.url));
    const { v, welcome } = await Visitor.join(relay.ws);
    await relay.relay.close();
    expect((await v.whenClosed()).code).toBe(1012);
    expect(helpdesk.of('visitor.disconnected').map((w) => w.body.data.visitor.id)).toContain(welcome.visitorId);
    // The server no longer accepts connections.
    await expect(new Promise((resolve, reject) => http.get(`${relay.http}/healthz`, resolve).on('error', reject))).rejects.toThrow();
    await helpdesk.close();
  });
});
