// What the page knows about a visitor reaches the helpdesk as claims, never as verified identity:
// identify's name/email/phone with or without a hash, Parley('update') attributes, tracked events,
// and the visit's context on every connection.
import { createHmac } from 'node:crypto';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, startHelpdesk, startRelay, testConfig, until, Visitor, type Helpdesk } from './helpers.js';

const IDENTITY_SECRET = 'site-identity-secret';
const hashFor = (userId: string) => createHmac('sha256', IDENTITY_SECRET).update(userId).digest('hex');

let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;

beforeAll(async () => {
  helpdesk = await startHelpdesk();
  relay = await startRelay(
    testConfig(helpdesk.url, {
      identity: { secret: IDENTITY_SECRET },
      privacy: { redactQuery: ['order'] },
      limits: { rates: { event: { burst: 3, perSecond: 0.01 } } },
    }),
  );
});
afterAll(async () => {
  await relay.relay.close();
  await helpdesk.close();
});

/** The `data.visitor` of the message.created the visitor's message `id` became. */
async function visitorOnMessage(v: Visitor, id: string) {
  v.send({ t: 'message', id, text: 'who am I?' });
  await v.next((f) => f.t === 'ack' && f.id === id);
  return helpdesk.of('message.created').find((w) => w.body.data.message.id === id)!.body.data.visitor;
}

const updatesOf = (visitorId: string) => helpdesk.of('visitor.updated').filter((w) => w.body.data.visitor.id === visitorId);

describe('claims', () => {
  it('identify without a userHash: the helpdesk sees name, email and phone as claims at once and on every later webhook, unverified', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    v.send({ t: 'identify', user: { name: 'Lan', email: 'lan@example.vn', phone: '0912 345 678' } });
    await until(() => updatesOf(welcome.visitorId).length === 1, 5000, 'visitor.updated');
    const [updated] = updatesOf(welcome.visitorId);
    expect(updated!.body.data.profile).toEqual({ name: 'Lan', email: 'lan@example.vn', phone: '0912 345 678' });
    expect(updated!.body.data.visitor).toMatchObject({ verified: false, name: 'Lan', email: 'lan@example.vn', phone: '0912 345 678' });
    expect(v.frames.some((f) => f.t === 'error')).toBe(false);
    expect(await visitorOnMessage(v, 'claim_msg_0001')).toMatchObject({ verified: false, name: 'Lan', phone: '0912 345 678' });
    v.close();
  });

  it('a userId whose hash does not verify is never passed on, while its claims are', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    v.send({ t: 'identify', user: { userId: 'u-42', name: 'Mallory', userHash: hashFor('u-43') } });
    expect(await v.next((f) => f.t === 'error')).toMatchObject({ code: 'identity_invalid' });
    v.send({ t: 'profile', attributes: { plan: 'pro' } });
    const seen = await visitorOnMessage(v, 'claim_msg_0002');
    expect(seen).toMatchObject({ verified: false, name: 'Mallory', attributes: { plan: 'pro' } });
    await until(() => updatesOf(welcome.visitorId).length === 2, 5000, 'both visitor.updated');
    for (const w of helpdesk.received.filter((w) => w.body.data.visitor.id === welcome.visitorId)) expect(w.raw).not.toContain('u-42');
    v.close();
  });

  it('Parley("update") attributes merge with what was said before and ride on every later webhook; a verified user stays verified', async () => {
    const { v, welcome } = await Visitor.join(relay.ws, { user: { userId: 'u-7', name: 'Minh', userHash: hashFor('u-7') } });
    v.send({ t: 'profile', attributes: { plan: 'pro', cart: 1250000 } });
    v.send({ t: 'profile', phone: '+84 912 345 678', attributes: { orderId: 'A-17', vip: true, coupon: null } });
    await until(() => updatesOf(welcome.visitorId).length === 2, 5000, 'visitor.updated twice');
    // Each update tells what was said; data.visitor carries everything said so far.
    expect(updatesOf(welcome.visitorId)[1]!.body.data.profile).toEqual({ phone: '+84 912 345 678', attributes: { orderId: 'A-17', vip: true, coupon: null } });
    expect(await visitorOnMessage(v, 'claim_msg_0003')).toEqual({
      id: welcome.visitorId,
      verified: true,
      userId: 'u-7',
      name: 'Minh',
      phone: '+84 912 345 678',
      attributes: { plan: 'pro', cart: 1250000, orderId: 'A-17', vip: true, coupon: null },
      page: { url: 'https://shop.example/', title: 'Shop' },
      locale: 'vi',
    });
    v.close();
  });

  it('identify as another user replaces every claim: nothing of user 42 survives (the same user again keeps them)', async () => {
    const { v } = await Visitor.join(relay.ws, { user: { userId: 'u-42', name: 'Lan', userHash: hashFor('u-42') }, profile: { attributes: { plan: 'pro' } } });
    v.send({ t: 'identify', user: { userId: 'u-42', name: 'Lan', userHash: hashFor('u-42') } });
    expect((await visitorOnMessage(v, 'claim_msg_0014')).attributes).toEqual({ plan: 'pro' });
    v.send({ t: 'identify', user: { userId: 'u-43', email: 'binh@example.vn', userHash: hashFor('u-43') } });
    const seen = await visitorOnMessage(v, 'claim_msg_0004');
    expect(seen).toMatchObject({ verified: true, userId: 'u-43', email: 'binh@example.vn' });
    expect(seen.name).toBeUndefined();
    expect(seen.attributes).toBeUndefined();
    v.close();
  });

  it('claims beyond the bounds are refused with a clear bad_frame error and nothing is forwarded', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    const cases: [unknown, RegExp][] = [
      [{ attributes: many }, /attributes" must have at most 50 keys/],
      [{ attributes: { ['x'.repeat(41)]: 1 } }, /is not a key of 1 to 40 characters/],
      [{ attributes: { note: 'x'.repeat(501) } }, /attributes\.note" is longer than 500 characters/],
      [{ attributes: { nested: { a: 1 } } }, /attributes\.nested" must be/],
    ];
    for (const [said, message] of cases) {
      const before = v.frames.length;
      v.send({ t: 'profile', ...(said as object) });
      const err = await v.next((f) => f.t === 'error' && v.frames.indexOf(f) >= before);
      expect(err.code).toBe('bad_frame');
      expect(err.message).toMatch(message);
    }
    // Fifty keys fit; one more in a later update would make 51 together.
    v.send({ t: 'profile', attributes: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i])) });
    await until(() => updatesOf(welcome.visitorId).length === 1, 5000, 'the fitting update');
    v.send({ t: 'profile', attributes: { one: 'more' } });
    expect((await v.next((f) => f.t === 'error' && /more than 50 keys/.test(f.message))).code).toBe('bad_frame');
    const seen = await visitorOnMessage(v, 'claim_msg_0005');
    expect(Object.keys(seen.attributes)).toHaveLength(50);
    expect(seen.attributes.one).toBeUndefined();
    expect(updatesOf(welcome.visitorId)).toHaveLength(1);
    v.close();
  });

  it('hello.profile repeats the stored claims on the next page: visitor.connected already carries them', async () => {
    const { v, welcome } = await Visitor.join(relay.ws, { profile: { name: 'Hoa', attributes: { plan: 'free' } } });
    await until(() => helpdesk.of('visitor.connected').some((w) => w.body.data.visitor.id === welcome.visitorId));
    const connected = helpdesk.of('visitor.connected').find((w) => w.body.data.visitor.id === welcome.visitorId)!;
    expect(connected.body.data.visitor).toMatchObject({ verified: false, name: 'Hoa', attributes: { plan: 'free' } });
    v.close();
  });

  it('a stored claim out of bounds in hello.profile costs only itself: the others reach the helpdesk, the page is told', async () => {
    const { v, welcome } = await Visitor.join(relay.ws, { profile: { name: 'Hoa', phone: 'x'.repeat(40), attributes: { plan: 'free', nested: { a: 1 } } } });
    const err = await v.next((f) => f.t === 'error');
    expect(err).toMatchObject({ code: 'bad_frame' });
    expect(err.message).toMatch(/"phone", "attributes\.nested"/);
    await until(() => helpdesk.of('visitor.connected').some((w) => w.body.data.visitor.id === welcome.visitorId));
    const connected = helpdesk.of('visitor.connected').find((w) => w.body.data.visitor.id === welcome.visitorId)!;
    expect(connected.body.data.visitor).toMatchObject({ name: 'Hoa', attributes: { plan: 'free' } });
    expect(connected.body.data.visitor.phone).toBeUndefined();
    expect(connected.body.data.visitor.attributes.nested).toBeUndefined();
    v.close();
  });
});

describe('tracked events', () => {
  it('Parley("track") reaches the helpdesk as visitor.event with its props; beyond its rate the page is told', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    v.send({ t: 'event', name: 'added_to_cart', props: { sku: 'SHOE-42', price: 890000 } });
    v.send({ t: 'event', name: 'checkout_started' });
    await until(() => helpdesk.of('visitor.event').filter((w) => w.body.data.visitor.id === welcome.visitorId).length === 2, 5000, 'two events');
    const [added] = helpdesk.of('visitor.event').filter((w) => w.body.data.visitor.id === welcome.visitorId);
    expect(added!.body.data.event).toMatchObject({ name: 'added_to_cart', props: { sku: 'SHOE-42', price: 890000 } });
    expect(Date.parse(added!.body.data.event.at)).not.toBeNaN();
    v.send({ t: 'event', name: 'third' });
    v.send({ t: 'event', name: 'fourth, over the burst of 3' });
    expect(await v.next((f) => f.t === 'error')).toMatchObject({ code: 'rate_limited' });
    v.send({ t: 'event', name: '' });
    expect((await v.next((f) => f.t === 'error' && f.code === 'bad_frame')).message).toMatch(/name/);
    v.close();
  });
});

describe('visit context', () => {
  it('hello.context reaches visitor.connected with the user agent the relay saw and the landing page redacted', async () => {
    const ws = new WebSocket(`${relay.ws}/v1/ws?site=acme`, { origin: ORIGIN, headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)' } });
    const v = new Visitor(ws);
    await v.opened;
    const context = {
      timeZone: 'Asia/Ho_Chi_Minh',
      languages: ['vi-VN', 'en'],
      device: 'mobile',
      screen: { w: 390, h: 844 },
      landing: 'https://shop.example/sale?utm_source=zalo&reset_token=abc123&order=A-991#top',
      utm: { source: 'zalo', medium: 'social', campaign: 'tet-2027' },
      visits: 3,
    };
    v.send({ t: 'hello', page: { url: 'https://shop.example/sale' }, locale: 'vi', context });
    const { visitorId } = await v.next((f) => f.t === 'welcome');
    await until(() => helpdesk.of('visitor.connected').some((w) => w.body.data.visitor.id === visitorId));
    const sent = helpdesk.of('visitor.connected').find((w) => w.body.data.visitor.id === visitorId)!;
    expect(sent.body.data.context).toEqual({
      ...context,
      landing: 'https://shop.example/sale?utm_source=zalo',
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)',
    });
    expect(sent.raw).not.toContain('abc123');
    v.close();
  });

  it('a context field of the wrong shape is refused as bad_frame, naming it', async () => {
    const v = Visitor.connect(relay.ws);
    await v.opened;
    v.send({ t: 'hello', page: { url: 'https://shop.example/' }, context: { device: 'fridge' } });
    expect(await v.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame', message: expect.stringMatching(/context\.device/) });
    v.close();
  });
});
