// Behind a load balancer every visitor arrives from one address: with trustProxy the relay counts
// each visitor's own address from X-Forwarded-For, and believes that header from no one else.
import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { TrustedProxies } from '../../relay/address.js';
import { ConfigError, resolveConfig } from '../../relay/index.js';
import { ORIGIN, startHelpdesk, startRelay, testConfig, Visitor, type Helpdesk } from './helpers.js';

let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;
afterEach(async () => {
  await relay.relay.close();
  await helpdesk.close();
});

const via = (forwardedFor: string) =>
  new Visitor(new WebSocket(`${relay.ws}/v1/ws?site=acme`, { origin: ORIGIN, headers: { 'x-forwarded-for': forwardedFor } }));

it('behind a trusted proxy, connectionsPerIp counts each visitor address, not the proxy', async () => {
  helpdesk = await startHelpdesk();
  relay = await startRelay(testConfig(helpdesk.url, { limits: { connectionsPerIp: 1 } }, { trustProxy: ['127.0.0.1', '10.0.0.0/8'] }));
  const a = via('203.0.113.7');
  const b = via('198.51.100.9, 10.1.2.3'); // through a second, internal, trusted hop
  await Promise.all([a.opened, b.opened]);
  const again = via('203.0.113.7');
  await expect(again.opened).rejects.toThrow('HTTP 429');
  a.close();
  b.close();
});

it('without trustProxy, X-Forwarded-For is a claim like any other and changes nothing', async () => {
  helpdesk = await startHelpdesk();
  relay = await startRelay(testConfig(helpdesk.url, { limits: { connectionsPerIp: 1 } }));
  const a = via('203.0.113.7');
  await a.opened;
  const b = via('198.51.100.9');
  await expect(b.opened).rejects.toThrow('HTTP 429');
  a.close();
});

it('the visitor is the rightmost hop that is not a trusted proxy; hops to its left are its own claims', () => {
  const p = new TrustedProxies(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
  expect(p.clientAddress('127.0.0.1', '6.6.6.6, 203.0.113.7, 10.9.9.9')).toBe('203.0.113.7');
  expect(p.clientAddress('::ffff:127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
  expect(p.clientAddress('fd00::1', '2001:db8::7')).toBe('2001:db8::7');
  expect(p.clientAddress('198.51.100.1', '203.0.113.7')).toBe('198.51.100.1'); // not a proxy: header ignored
  expect(p.clientAddress('127.0.0.1', undefined)).toBe('127.0.0.1');
});

it('a trustProxy entry that is not an address or range stops the relay at start, naming it', () => {
  const base = testConfig('http://127.0.0.1:9/hooks');
  try {
    resolveConfig({ ...base, trustProxy: ['10.0.0.0/8', '10.0.0.0/99'] });
    throw new Error('expected a ConfigError');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).field).toBe('trustProxy[1]');
  }
});
