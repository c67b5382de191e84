// A visitor lands from a password-reset mail or a login redirect: the helpdesk sees where they are,
// never the token in the address.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redactUrl } from '../../protocol/redact.js';
import { startHelpdesk, startRelay, testConfig, until, Visitor, type Helpdesk } from './helpers.js';

let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;
beforeAll(async () => {
  helpdesk = await startHelpdesk();
  relay = await startRelay(testConfig(helpdesk.url, { privacy: { redactQuery: ['order'] } }));
});
afterAll(async () => {
  await relay.relay.close();
  await helpdesk.close();
});

it('the relay drops fragments and secret-looking query parameters from every page it forwards, whatever the widget sent', async () => {
  const { v, welcome } = await Visitor.join(relay.ws, {
    page: { url: 'https://shop.example/reset?reset_token=s3cr3t&step=2#access_token=abc', title: 'Reset', referrer: 'https://mail.example/?auth-code=xyz&folder=inbox' },
  });
  v.send({ t: 'page', url: 'https://shop.example/checkout?Session-Id=42&order=DH991QX&coupon=TET#pay', title: 'Checkout' });
  await until(() => helpdesk.of('visitor.page_viewed').some((w) => w.body.data.visitor.id === welcome.visitorId));
  const connected = helpdesk.of('visitor.connected').find((w) => w.body.data.visitor.id === welcome.visitorId)!;
  expect(connected.body.data.page).toEqual({ url: 'https://shop.example/reset?step=2', title: 'Reset', referrer: 'https://mail.example/?folder=inbox' });
  const viewed = helpdesk.of('visitor.page_viewed').find((w) => w.body.data.visitor.id === welcome.visitorId)!;
  expect(viewed.body.data.page).toEqual({ url: 'https://shop.example/checkout?coupon=TET', title: 'Checkout' });
  // Values no timestamp or id can contain by chance ('991' once matched a timestamp's milliseconds).
  for (const secret of ['s3cr3t', 'access_token', 'xyz', 'Session-Id', 'DH991QX']) expect(JSON.stringify(helpdesk.received)).not.toContain(secret);
  v.close();
});

it('names are matched whole or by their _ and - parts, case-insensitively; other parameters stay in order', () => {
  expect(redactUrl('https://a.example/?q=shoes&API_KEY=1&password=x&utm_source=mail&keyboard=yes')).toBe('https://a.example/?q=shoes&utm_source=mail&keyboard=yes');
  expect(redactUrl('https://a.example/?code')).toBe('https://a.example/');
  expect(redactUrl('https://a.example/p#only-a-fragment')).toBe('https://a.example/p');
  expect(redactUrl('https://a.example/?tok%65n=1&x=2')).toBe('https://a.example/?x=2');
});

it('no visitor address reaches the helpdesk unless the site asks with privacy.forwardIp; then visitor.connected carries it', async () => {
  const { v, welcome } = await Visitor.join(relay.ws);
  await until(() => helpdesk.of('visitor.connected').some((w) => w.body.data.visitor.id === welcome.visitorId));
  const plain = helpdesk.of('visitor.connected').find((w) => w.body.data.visitor.id === welcome.visitorId)!;
  expect(plain.body.data.context?.ip).toBeUndefined();
  expect(plain.raw).not.toContain('127.0.0.1');
  v.close();

  const asking = await startRelay(testConfig(helpdesk.url, { privacy: { forwardIp: true } }));
  try {
    const { v: v2, welcome: w2 } = await Visitor.join(asking.ws);
    await until(() => helpdesk.of('visitor.connected').some((w) => w.body.data.visitor.id === w2.visitorId));
    const told = helpdesk.of('visitor.connected').find((w) => w.body.data.visitor.id === w2.visitorId)!;
    expect(told.body.data.context).toMatchObject({ ip: '127.0.0.1' });
    v2.close();
  } finally {
    await asking.relay.close();
  }
});
