// The README's helpdesk is copied as it stands into a file and run with node against a real relay, as
// a backend team would on day one: a visitor's message is logged and answered, and a reply the visitor
// was away for reaches them when they come back.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../free-port.js';
import { API_SECRET, startRelay, testConfig, until, Visitor, WEBHOOK_SECRET } from '../relay/helpers.js';

/** The code block after `<!-- example: helpdesk.mjs -->` in the README. */
function readmeExample(): string {
  const m = /<!-- example: helpdesk\.mjs -->\n```js\n([\s\S]*?)\n```/.exec(readFileSync('README.md', 'utf8'));
  if (!m) throw new Error('README.md has no helpdesk.mjs example');
  return m[1]!;
}

let relay: Awaited<ReturnType<typeof startRelay>>;
let child: ChildProcess;
let out = '';

beforeAll(async () => {
  const port = await freePort();
  relay = await startRelay(testConfig(`http://127.0.0.1:${port}/parley/webhooks`, { agentsOnline: 0 }));
  // Inside the package, so `parley-chat/helpdesk` resolves to the built kit as it would once installed.
  mkdirSync('dist/readme', { recursive: true });
  writeFileSync('dist/readme/helpdesk.mjs', readmeExample());
  child = spawn(process.execPath, ['dist/readme/helpdesk.mjs'], {
    env: { ...process.env, PORT: String(port), PARLEY_RELAY: relay.http, PARLEY_SITE: 'acme', PARLEY_API_SECRET: API_SECRET, PARLEY_WEBHOOK_SECRET: WEBHOOK_SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (out += c));
  child.stderr!.on('data', (c: Buffer) => (out += c));
  await until(() => out.includes(`helpdesk on port ${port}`), 10_000, `the example to listen; it printed: ${out}`);
});
afterAll(async () => {
  child?.kill();
  await relay?.relay.close();
});

describe("the README's helpdesk", () => {
  it('is about thirty lines', () => {
    expect(readmeExample().split('\n').length).toBeLessThanOrEqual(35);
  });

  it('comes online, logs a visitor\'s message and answers it', async () => {
    const { v } = await Visitor.join(relay.ws, { user: { name: 'Lan' } });
    await v.next((f) => (f.t === 'presence' || f.t === 'welcome') && f.agentsOnline === 1);
    v.send({ t: 'message', id: 'readme_msg_0001', text: 'Còn size 38 không?' });
    await v.next((f) => f.t === 'ack' && f.id === 'readme_msg_0001');
    const reply = await v.next((f) => f.t === 'message' && f.from === 'agent');
    expect(reply).toMatchObject({ text: 'Cảm ơn bạn! Mình xem ngay nhé.', author: { name: 'Mai' } });
    expect(out).toContain('Lan: Còn size 38 không?');
    v.close();
  });

  it('hands a visitor who left before the answer the reply when they come back', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    // The tab goes at once (the socket cut, no closing handshake) while the helpdesk's reply is on its
    // way: the relay may still count that socket as open, so `delivered` alone cannot tell.
    v.send({ t: 'message', id: 'readme_msg_0002', text: 'Mình đi đây, lát quay lại' });
    v.ws.terminate();
    await until(() => out.includes('Mình đi đây'), 5000, 'the message logged');
    // Back on the next page, the widget says the last message it has: its own.
    const resume = { visitorId: welcome.visitorId, token: welcome.token };
    const back = await Visitor.join(relay.ws, { ...resume, lastMessageId: 'readme_msg_0002' });
    const reply = await back.v.next((f) => f.t === 'message' && f.from === 'agent');
    expect(reply.text).toBe('Cảm ơn bạn! Mình xem ngay nhé.');
    back.v.close();
  });
});
