// Whoever opens the relay's URL learns what it is; its metrics are for its operator only.
import { afterEach, expect, it } from 'vitest';
import { isLoopback } from '../../relay/address.js';
import { startHelpdesk, startRelay, testConfig, type Helpdesk } from './helpers.js';

let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;
afterEach(async () => {
  await relay.relay.close();
  await helpdesk.close();
});

it('GET / answers a short page that links the widget and health check', async () => {
  helpdesk = await startHelpdesk();
  relay = await startRelay(testConfig(helpdesk.url));
  const res = await fetch(`${relay.http}/`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  const html = await res.text();
  expect(html).toContain('Parley relay');
  expect(html).toContain('href="/healthz"');
});

it('with metricsToken set, /metrics needs it, even from loopback', async () => {
  helpdesk = await startHelpdesk();
  relay = await startRelay(testConfig(helpdesk.url, {}, { metricsToken: 'a-metrics-token-for-tests' }));
  expect((await fetch(`${relay.http}/metrics`)).status).toBe(401);
  expect((await fetch(`${relay.http}/metrics`, { headers: { authorization: 'Bearer wrong-token-for-metrics' } })).status).toBe(401);
  const ok = await fetch(`${relay.http}/metrics`, { headers: { authorization: 'Bearer a-metrics-token-for-tests' } });
  expect(ok.status).toBe(200);
  expect(await ok.text()).toMatch(/^parley_connections\{site="acme"\} \d+$/m);
});

it('without metricsToken, /metrics answers this machine only', async () => {
  helpdesk = await startHelpdesk();
  relay = await startRelay(testConfig(helpdesk.url));
  expect((await fetch(`${relay.http}/metrics`)).status).toBe(200);
  // Tests stay on loopback, so the refusal is shown on the address rule it applies.
  for (const a of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
  for (const a of ['10.0.0.1', '192.168.1.20', '::ffff:10.0.0.1', '2001:db8::1', '1127.0.0.1', undefined]) expect(isLoopback(a), String(a)).toBe(false);
});
