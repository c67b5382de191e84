// A site tells the widget who the visitor is and what they do; the helpdesk behind a real relay sees
// it as claims, on this page and the next: identify without a hash, Parley('update'), Parley('track'),
// and the visit's context.
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Client } from '../../widget/core/client.js';
import { startHelpdesk, startRelay, testConfig, until, type Helpdesk } from '../relay/helpers.js';

let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;
const clients: Client[] = [];
let n = 0;

beforeAll(async () => {
  helpdesk = await startHelpdesk();
  // One site per test, so no stored claims or visit carry over; Node's socket sends no Origin.
  const config = testConfig(helpdesk.url, { origins: ['*'] });
  config.sites = [1, 2, 3, 4].map((i) => ({ ...config.sites[0]!, id: `claims-${i}` }));
  relay = await startRelay(config);
});
afterEach(() => {
  while (clients.length) clients.pop()!.destroy();
});
afterAll(async () => {
  await relay.relay.close();
  await helpdesk.close();
});

/** A page of the site with the widget on it (tabs off: one page at a time). */
const page = (site: string) => {
  const c = new Client({ relay: relay.http, site, WebSocket: WebSocket as any, fetchConfig: false, tabs: false });
  clients.push(c);
  return c;
};

const connectedOf = (visitorId: string) => helpdesk.of('visitor.connected').filter((w) => w.body.data.visitor.id === visitorId);

describe('what the page says about the visitor', () => {
  it('identify without a userHash and Parley("update") reach the helpdesk as claims at once', async () => {
    const c = page(`claims-${++n}`);
    c.identify({ name: 'Lan', email: 'lan@example.vn', phone: '0912 345 678' });
    await until(() => c.conv.connection === 'online');
    expect(c.update({ attributes: { plan: 'pro', cart: 1250000 } })).toBe(true);
    const id = c.conv.visitorId!;
    await until(() => helpdesk.of('visitor.updated').filter((w) => w.body.data.visitor.id === id).length >= 1, 5000, 'visitor.updated');
    await until(() => helpdesk.of('visitor.updated').some((w) => w.body.data.visitor.id === id && w.body.data.profile.attributes), 5000, 'the update');
    const last = helpdesk.of('visitor.updated').filter((w) => w.body.data.visitor.id === id).at(-1)!;
    expect(last.body.data.visitor).toMatchObject({ verified: false, name: 'Lan', email: 'lan@example.vn', phone: '0912 345 678', attributes: { plan: 'pro', cart: 1250000 } });
    expect(last.body.data.visitor.userId).toBeUndefined();
  });

  it('Parley("track") becomes visitor.event; an update beyond the bounds is refused and the page hears why', async () => {
    const c = page(`claims-${++n}`);
    const errors: { code: string; message: string }[] = [];
    c.events.on('error', (e) => errors.push(e));
    await until(() => c.conv.connection === 'online');
    c.track('added_to_cart', { sku: 'SHOE-42', price: 890000 });
    const id = c.conv.visitorId!;
    await until(() => helpdesk.of('visitor.event').some((w) => w.body.data.visitor.id === id), 5000, 'visitor.event');
    expect(helpdesk.of('visitor.event').find((w) => w.body.data.visitor.id === id)!.body.data.event).toMatchObject({ name: 'added_to_cart', props: { sku: 'SHOE-42', price: 890000 } });
    c.update({ attributes: { note: 'x'.repeat(501) } });
    await until(() => errors.length > 0, 5000, 'the error event');
    expect(errors[0]).toMatchObject({ code: 'bad_frame', message: expect.stringMatching(/attributes\.note/) });
    expect(c.update(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) as never)).toBe(true);
    expect(c.update({ attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) })).toBe(false);
    expect(errors.at(-1)!.code).toBe('bad_claims');
  });

  it('Parley("track") as the page loads, before the relay has welcomed it, still reaches the helpdesk once welcomed', async () => {
    const c = page(`claims-${++n}`);
    // Called in the same tick as the widget starts: the socket is not even open yet.
    c.track('landing', { campaign: 'tet-sale' });
    c.track('viewed_price');
    expect(c.conv.connection).not.toBe('online');
    await until(() => c.conv.visitorId !== undefined && helpdesk.of('visitor.event').filter((w) => w.body.data.visitor.id === c.conv.visitorId).length === 2, 5000, 'both events');
    const events = helpdesk.of('visitor.event').filter((w) => w.body.data.visitor.id === c.conv.visitorId);
    expect(events.map((w) => w.body.data.event)).toMatchObject([{ name: 'landing', props: { campaign: 'tet-sale' } }, { name: 'viewed_price' }]);
  });

  it('the next page repeats the claims and the visit in hello: visitor.connected already knows them, the visit is the same', async () => {
    const site = `claims-${++n}`;
    const first = page(site);
    first.identify({ name: 'Hoa' });
    await until(() => first.conv.connection === 'online');
    first.update({ attributes: { orderId: 'A-17' } });
    await first.flush();
    const visitorId = first.conv.visitorId!;
    await until(() => connectedOf(visitorId).length === 1);
    const firstContext = connectedOf(visitorId)[0]!.body.data.context;
    expect(firstContext).toMatchObject({ timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, visits: 1, landing: 'about:blank' });
    // Let the update land before the page goes.
    await until(() => helpdesk.of('visitor.updated').some((w) => w.body.data.visitor.id === visitorId && w.body.data.profile.attributes));
    first.destroy();

    const next = page(site);
    await until(() => next.conv.connection === 'online');
    const nextId = next.conv.visitorId!;
    await until(() => connectedOf(nextId).length >= 1);
    const seen = connectedOf(nextId).at(-1)!.body.data;
    expect(seen.visitor).toMatchObject({ name: 'Hoa', attributes: { orderId: 'A-17' } });
    expect(seen.context.visits).toBe(1);
  });
});

describe('said while the socket is still being welcomed', () => {
  it('an identify and an update made after hello went out but before welcome are said again once welcomed', async () => {
    const { startFakeRelay } = await import('./helpers/fake-relay.js');
    const fake = await startFakeRelay();
    let release = () => {};
    fake.onHello = (f, ws) => (release = () => fake.welcome(ws, f));
    const c = new Client({ relay: fake.url, site: `window-${Date.now()}`, WebSocket: WebSocket as any, fetchConfig: false, tabs: false, storage: 'memory' });
    clients.push(c);
    const hello = await fake.waitFor((f) => f.t === 'hello');
    expect(hello.profile).toEqual({});
    c.identify({ userId: 'u-7', name: 'Minh', userHash: 'ab'.repeat(32) });
    c.update({ attributes: { plan: 'pro' } });
    release();
    const identify = await fake.waitFor((f) => f.t === 'identify');
    expect(identify.user).toMatchObject({ userId: 'u-7', name: 'Minh' });
    expect((await fake.waitFor((f) => f.t === 'profile')).attributes).toEqual({ plan: 'pro' });
    c.destroy();
    await fake.close();
  });
});

describe('what the widget tells of the visit', () => {
  it('a visit lands once with its campaign and redacted landing page, and counts again after 30 minutes away', async () => {
    const { nextVisit, visitContext } = await import('../../widget/core/context.js');
    const t0 = Date.parse('2027-01-28T08:00:00Z');
    const landed = nextVisit(undefined, 'https://shop.example/sale?utm_source=zalo&utm_campaign=tet-2027&reset_token=abc&order=991#x', t0);
    const later = nextVisit(landed, 'https://shop.example/cart', t0 + 29 * 60_000);
    expect(later).toMatchObject({ visits: 1, utm: { source: 'zalo', campaign: 'tet-2027' } });
    const c = visitContext(later, ['order']);
    expect(c.landing).toBe('https://shop.example/sale?utm_source=zalo&utm_campaign=tet-2027');
    expect(c.visits).toBe(1);
    const back = nextVisit(later, 'https://shop.example/?utm_source=email', t0 + 29 * 60_000 + 31 * 60_000);
    expect(back).toMatchObject({ visits: 2, landing: 'https://shop.example/?utm_source=email', utm: { source: 'email' } });
  });
});
