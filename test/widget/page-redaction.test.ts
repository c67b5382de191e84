// @vitest-environment happy-dom
// A visitor arrives from a password-reset link: the widget sends the relay where they are, without the token.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Client } from '../../widget/core/client.js';
import { startFakeRelay, until } from './helpers/fake-relay.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('page addresses', () => {
  it('hello and page frames never carry the fragment or a secret-looking query parameter', async () => {
    const relay = await startFakeRelay({ agentsOnline: 1 });
    cleanups.push(() => relay.close());
    history.replaceState(null, '', '/reset?reset_token=s3cr3t&step=2#access_token=abc');
    const c = new Client({ relay: relay.url, site: `redact-${Date.now()}`, WebSocket: WebSocket as any, fetchConfig: false, tabs: false });
    cleanups.push(() => c.destroy());
    await until(() => c.conv.connection === 'online');
    const hello = relay.frames.find((f) => f.t === 'hello');
    expect(hello.page.url).toMatch(/\/reset\?step=2$/);
    history.replaceState(null, '', '/account?Session-Id=42&tab=orders#x');
    c.setPage();
    const page = await until(() => relay.frames.find((f) => f.t === 'page'));
    expect(page.url).toMatch(/\/account\?tab=orders$/);
    expect(JSON.stringify(relay.frames)).not.toMatch(/s3cr3t|access_token|Session-Id/);
  });
});

