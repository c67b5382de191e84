// An attacker opens upgrade requests that will be refused and never reads the answer: each refused
// socket is destroyed by the relay, not left waiting, so refusals cannot pile up open sockets.
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHelpdesk, startRelay, testConfig, type Helpdesk } from './helpers.js';

let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;
beforeAll(async () => {
  helpdesk = await startHelpdesk();
  relay = await startRelay(testConfig(helpdesk.url, { limits: { connectionsPerIp: 1 } }));
  // Counts the requests that reached the relay, so "let go" is not mistaken for "never arrived".
  relay.relay.server.on('upgrade', () => upgrades++);
});
afterAll(async () => {
  await relay.relay.close();
  await helpdesk.close();
});

let upgrades = 0;
const open = () => new Promise<number>((r) => relay.relay.server.getConnections((_e, n) => r(n)));
async function until(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends an upgrade request on a raw socket that never reads what comes back. */
function deafUpgrade(path: string, origin = 'https://shop.example'): net.Socket {
  const url = new URL(relay.http);
  const s = net.connect(Number(url.port), '127.0.0.1');
  s.on('error', () => {});
  s.pause();
  s.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  return s;
}

it.each([
  ['a path that is not the socket (404)', '/elsewhere', undefined],
  ['an unknown site (accepted, told 1008, closed)', '/v1/ws?site=nobody', undefined],
  ['an origin outside the allow-list (1008)', '/v1/ws?site=acme', 'https://evil.example'],
])('%s: the relay lets go of the socket though the client never reads', async (_what, path, origin) => {
  const before = await open();
  const seen = upgrades;
  const sockets = Array.from({ length: 20 }, () => deafUpgrade(path, origin));
  await until(async () => upgrades === seen + 20);
  // Released within the grace period: nothing waits on a client that does not read.
  await until(async () => (await open()) === before, 4000);
  for (const s of sockets) s.destroy();
});

it('beyond connectionsPerIp (429) the refused socket is let go as well', async () => {
  const keep = deafUpgrade('/v1/ws?site=acme');
  await until(async () => (await open()) >= 1);
  const base = await open();
  const seen = upgrades;
  const refused = Array.from({ length: 10 }, () => deafUpgrade('/v1/ws?site=acme'));
  await until(async () => upgrades === seen + 10);
  await until(async () => (await open()) === base, 4000);
  for (const s of [keep, ...refused]) s.destroy();
});
