// A visitor sends chat messages; the helpdesk gets signed webhooks; the visitor sees ack or nack.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_SECRET, callApi, eventually, startHelpdesk, startRelay, testConfig, Visitor, until, type Answer, type Helpdesk } from './helpers.js';

describe('a visitor sends a message', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  // Each test decides how the helpdesk answers message.created; other events get 200.
  let answerMessage: (n: number) => Answer = () => ({ status: 200 });
  let messageTries = 0;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    helpdesk = await startHelpdesk((w) => (w.body.type === 'message.created' ? answerMessage(++messageTries) : { status: 200 }));
    relay = await startRelay(testConfig(helpdesk.url, {
      limits: { messagesPerMinute: 5 },
      invitations: [{ id: 'welcome', text: { en: 'Need help?', vi: 'Cần giúp không?' }, conditions: {} }],
    }, {
      webhookDelivery: { tries: 3, timeoutMs: 1000, baseDelayMs: 20, maxDelayMs: 1500 },
    }));
  });
  afterEach(() => {
    answerMessage = () => ({ status: 200 });
    messageTries = 0;
    for (const v of visitors.splice(0)) v.close();
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
  });

  async function join() {
    const j = await Visitor.join(relay.ws);
    visitors.push(j.v);
    return j;
  }

  it('reaches the helpdesk as a signed message.created webhook, then the visitor gets ack', async () => {
    const { v, welcome } = await join();
    v.send({ t: 'message', id: 'msg_hello_001', text: 'xin chào' });
    const ack = await v.next((f) => f.t === 'ack' || f.t === 'nack');
    expect(ack).toEqual({ t: 'ack', id: 'msg_hello_001' });

    const [w] = helpdesk.of('message.created');
    expect(w).toBeDefined();
    // The reference library verifies what the relay signed, byte for byte.
    expect(() => helpdesk.verify(w!)).not.toThrow();
    expect(w!.headers['webhook-id']).toBe('msg_hello_001');
    expect(w!.headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(w!.body.data.site).toBe('acme');
    expect(w!.body.data.visitor).toMatchObject({ id: welcome.visitorId, verified: false, locale: 'vi', page: { url: 'https://shop.example/' } });
    expect(w!.body.data.message).toMatchObject({ id: 'msg_hello_001', text: 'xin chào' });
    expect(Date.parse(w!.body.data.message.at)).not.toBeNaN();
  });

  it('a tampered body does not verify (the check above can fail)', async () => {
    const { v } = await join();
    v.send({ t: 'message', id: 'msg_tamper_01', text: 'hi' });
    await v.next((f) => f.id === 'msg_tamper_01');
    const w = helpdesk.of('message.created').find((x) => x.body.data.message.id === 'msg_tamper_01')!;
    expect(() => helpdesk.verify({ ...w, raw: w.raw.replace('hi', 'ho') })).toThrow();
  });

  it('helpdesk answering 500 → nack retryable after exactly 3 tries, never ack', async () => {
    answerMessage = () => ({ status: 500 });
    const { v } = await join();
    v.send({ t: 'message', id: 'msg_fail_0001', text: 'anyone?' });
    const answer = await v.next((f) => f.id === 'msg_fail_0001');
    expect(answer).toMatchObject({ t: 'nack', id: 'msg_fail_0001', retryable: true });
    expect(messageTries).toBe(3);
    // Every try carried the same webhook-id so the helpdesk can dedupe.
    const tries = helpdesk.of('message.created').filter((w) => w.body.data.message.id === 'msg_fail_0001');
    expect(tries.map((w) => w.headers['webhook-id'])).toEqual(['msg_fail_0001', 'msg_fail_0001', 'msg_fail_0001']);
    expect(v.frames.some((f) => f.t === 'ack')).toBe(false);
  });

  it('helpdesk answering 400 → nack not retryable after one try', async () => {
    answerMessage = () => ({ status: 400 });
    const { v } = await join();
    v.send({ t: 'message', id: 'msg_reject_01', text: 'nope' });
    expect(await v.next((f) => f.id === 'msg_reject_01')).toMatchObject({ t: 'nack', retryable: false });
    expect(messageTries).toBe(1);
  });

  it('429 with retry-after: 1 → the relay waits about a second, then the retry succeeds and acks', async () => {
    answerMessage = (n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 201 });
    const { v } = await join();
    const start = helpdesk.received.length;
    v.send({ t: 'message', id: 'msg_later_001', text: 'slow down' });
    expect(await v.next((f) => f.id === 'msg_later_001')).toEqual({ t: 'ack', id: 'msg_later_001' });
    const tries = helpdesk.received.slice(start).filter((w) => w.body.type === 'message.created');
    expect(tries).toHaveLength(2);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('after ack, the same visitor\'s other tab sees the message as from visitor; the sender does not', async () => {
    const { v, welcome } = await join();
    const tab2 = Visitor.connect(relay.ws);
    visitors.push(tab2);
    await tab2.opened;
    tab2.send({ t: 'hello', visitorId: welcome.visitorId, token: welcome.token, page: { url: 'https://shop.example/cart' } });
    expect((await tab2.next((f) => f.t === 'welcome')).visitorId).toBe(welcome.visitorId);
    v.send({ t: 'message', id: 'msg_multitab1', text: 'from tab one' });
    await v.next((f) => f.t === 'ack');
    const echo = await tab2.next((f) => f.t === 'message');
    expect(echo).toMatchObject({ id: 'msg_multitab1', from: 'visitor', text: 'from tab one' });
    expect(v.frames.some((f) => f.t === 'message')).toBe(false);
  });

  it('a tab that opens after another has closed still sees what the first tab sends', async () => {
    const { v, welcome } = await join();
    const tab = async (url: string) => {
      const t = Visitor.connect(relay.ws);
      visitors.push(t);
      await t.opened;
      t.send({ t: 'hello', visitorId: welcome.visitorId, token: welcome.token, page: { url } });
      await t.next((f) => f.t === 'welcome');
      return t;
    };
    const cart = await tab('https://shop.example/cart');
    cart.close();
    await cart.whenClosed();
    const pay = await tab('https://shop.example/pay');
    v.send({ t: 'message', id: 'msg_thirdtab1', text: 'tab ba có thấy không?' });
    await v.next((f) => f.t === 'ack');
    expect(await pay.next((f) => f.t === 'message')).toMatchObject({ id: 'msg_thirdtab1', from: 'visitor' });
    expect(v.frames.some((f) => f.t === 'message')).toBe(false);
  });

  it("an agent's message reaches whichever of a visitor's tabs are still open, and none once all are closed", async () => {
    const { v, welcome } = await join();
    const tabs = [v];
    for (const url of ['https://shop.example/cart', 'https://shop.example/pay']) {
      const t = Visitor.connect(relay.ws);
      await t.opened;
      t.send({ t: 'hello', visitorId: welcome.visitorId, token: welcome.token, page: { url } });
      await t.next((f) => f.t === 'welcome');
      tabs.push(t);
    }
    const push = (text: string) => callApi(relay.http, `/v1/sites/acme/visitors/${welcome.visitorId}/messages`, { text });
    const gone = async (t: Visitor) => {
      t.close();
      await t.whenClosed();
    };
    await gone(tabs[0]!);
    await gone(tabs[2]!);
    expect((await push('còn một tab')).body).toMatchObject({ delivered: true });
    expect(await tabs[1]!.next((f) => f.t === 'message' && f.from === 'agent')).toMatchObject({ text: 'còn một tab' });
    expect(tabs[0]!.frames.concat(tabs[2]!.frames).some((f) => f.from === 'agent')).toBe(false);
    await gone(tabs[1]!);
    // Undelivered once the relay has seen the last close: the helpdesk keeps it for the next visit.
    await eventually(async () => (await push('không còn ai')).body.delivered === false, 5000, 'delivered: false');
  });

  it('offline_message → offline_message.created with the message id as webhook-id → ack', async () => {
    const { v } = await join();
    v.send({ t: 'offline_message', id: 'offline_msg_1', name: 'Lan', email: 'lan@example.com', text: 'call me back' });
    expect(await v.next((f) => f.id === 'offline_msg_1')).toEqual({ t: 'ack', id: 'offline_msg_1' });
    const w = helpdesk.of('offline_message.created').at(-1)!;
    expect(w.headers['webhook-id']).toBe('offline_msg_1');
    expect(w.body.data.message).toMatchObject({ id: 'offline_msg_1', name: 'Lan', email: 'lan@example.com', text: 'call me back' });
  });

  it('more than messagesPerMinute → nack retryable rate_limited', async () => {
    const { v } = await join();
    for (let i = 0; i < 7; i++) v.send({ t: 'message', id: `msg_burst_00${i}`, text: `burst ${i}` });
    await until(() => v.frames.filter((f) => f.t === 'ack' || f.t === 'nack').length === 7, 5000, 'seven answers');
    const limited = v.frames.filter((f) => f.t === 'nack' && f.reason === 'rate_limited');
    expect(limited).toHaveLength(2);
    expect(limited.every((f) => f.retryable === true)).toBe(true);
  });

  it('page, invitation and faq frames become webhooks with fresh unique ids', async () => {
    const { v } = await join();
    v.send({ t: 'page', url: 'https://shop.example/cart', title: 'Cart' });
    v.send({ t: 'invitation', id: 'invite_00001', ruleId: 'welcome', text: 'Need help?', action: 'accepted' });
    v.send({ t: 'faq', articleId: 'shipping', action: 'helpful' });
    await until(() => helpdesk.of('faq.feedback').length > 0 && helpdesk.of('invitation.accepted').length > 0 && helpdesk.of('visitor.page_viewed').length > 0);
    expect(helpdesk.of('visitor.page_viewed')[0]!.body.data.page).toEqual({ url: 'https://shop.example/cart', title: 'Cart' });
    // The rule's own text in the visitor's locale (vi), not the text the frame carried.
    expect(helpdesk.of('invitation.accepted')[0]!.body.data.invitation).toEqual({ id: 'invite_00001', ruleId: 'welcome', text: 'Cần giúp không?' });
    expect(helpdesk.of('faq.feedback')[0]!.body.data).toMatchObject({ articleId: 'shipping', action: 'helpful' });
    const ids = helpdesk.received.filter((w) => !w.body.type.includes('message')).map((w) => w.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("an invitation event carries the rule's or the agent's text, never the visitor's", async () => {
    const { v, welcome } = await join();
    // An agent's invitation through the API: its text is what the helpdesk hears back.
    const res = await fetch(`${relay.http}/v1/sites/acme/visitors/${welcome.visitorId}/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Có mã giảm giá cho bạn', author: { name: 'Mai' } }),
    });
    const { id } = (await res.json()) as { id: string };
    await v.next((f) => f.t === 'invitation' && f.id === id);
    v.send({ t: 'invitation', id, text: 'We will refund you 100%', action: 'shown' });
    // A made-up invitation with a made-up rule: neither its text nor its rule id are passed on.
    v.send({ t: 'invitation', id: 'forged_invite_1', ruleId: 'refunds', text: 'We will refund you 100%', action: 'accepted' });
    await until(() => helpdesk.of('invitation.shown').some((w) => w.body.data.invitation.id === id) && helpdesk.of('invitation.accepted').some((w) => w.body.data.invitation.id === 'forged_invite_1'));
    expect(helpdesk.of('invitation.shown').find((w) => w.body.data.invitation.id === id)!.body.data.invitation).toEqual({ id, text: 'Có mã giảm giá cho bạn' });
    expect(helpdesk.of('invitation.accepted').find((w) => w.body.data.invitation.id === 'forged_invite_1')!.body.data.invitation).toEqual({ id: 'forged_invite_1', text: '' });
    expect(JSON.stringify(helpdesk.received)).not.toContain('refund you');
  });
});
