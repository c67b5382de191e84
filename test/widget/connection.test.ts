import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Client } from '../../widget/core/client.js';
import { httpBase, wsUrl } from '../../widget/core/url.js';
import { startFakeRelay, until } from './helpers/fake-relay.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('relay URL', () => {
  it('maps the base URL to the socket and HTTP endpoints', () => {
    expect(wsUrl('https://chat.example.com', 'acme')).toBe('wss://chat.example.com/v1/ws?site=acme');
    expect(wsUrl('http://127.0.0.1:8787/', 'a b')).toBe('ws://127.0.0.1:8787/v1/ws?site=a%20b');
    expect(wsUrl('wss://chat.example.com/parley/', 'acme')).toBe('wss://chat.example.com/parley/v1/ws?site=acme');
    expect(httpBase('wss://chat.example.com/')).toBe('https://chat.example.com');
    expect(httpBase('ws://127.0.0.1:9')).toBe('http://127.0.0.1:9');
  });
});

describe('hello and resume', () => {
  it('resumes with visitor id, token and the newest confirmed message id', async () => {
    const relay = await startFakeRelay({ agentsOnline: 2 });
    cleanups.push(() => relay.close());
    const site = `hello-${Date.now()}`;
    const make = (locale?: 'en' | 'vi') => {
      const c = new Client({ relay: relay.url, site, locale, WebSocket: WebSocket as any, fetchConfig: false, socket: { minDelay: 20, maxDelay: 40 } });
      cleanups.push(() => c.destroy());
      return c;
    };
    const c1 = make('vi');
    await until(() => c1.conv.connection === 'online');
    const first = relay.frames.find((f) => f.t === 'hello');
    expect(first.visitorId).toBeUndefined();
    expect(first.locale).toBe('vi');
    expect(first.page.url).toBeTypeOf('string');
    expect(c1.conv.agentsOnline).toBe(2);
    relay.broadcast({ t: 'message', id: 'agent_reply_1', from: 'agent', text: 'chào bạn', at: new Date().toISOString() });
    await until(() => c1.conv.messages.length === 1);
    await c1.flush();
    c1.destroy();

    const c2 = make();
    await c2.started;
    expect(c2.conv.messages.map((m) => m.text)).toEqual(['chào bạn']);
    await until(() => relay.frames.filter((f) => f.t === 'hello').length === 2);
    const second = relay.frames.filter((f) => f.t === 'hello')[1];
    expect(second).toMatchObject({ visitorId: 'visitor_0001', token: 'tok', lastMessageId: 'agent_reply_1' });
  });

  it('reports a refused site (close 1008) as an error and stops retrying', async () => {
    const relay = await startFakeRelay({ refuse: true });
    cleanups.push(() => relay.close());
    const c = new Client({ relay: relay.url, site: 'nope', storage: 'memory', WebSocket: WebSocket as any, fetchConfig: false, socket: { minDelay: 10, maxDelay: 10 } });
    cleanups.push(() => c.destroy());
    const errors: { code: string; message: string }[] = [];
    c.events.on('error', (e) => errors.push(e));
    await until(() => errors.length > 0);
    expect(errors[0]).toEqual({ code: 'refused', message: 'site_unknown' });
    // Nothing to wait for when nothing should happen: a window fifteen retry delays long.
    await new Promise((r) => setTimeout(r, 150));
    expect(relay.connections).toBe(1);
    expect(c.conv.connection).toBe('offline');
  });
});

describe('cached widget-config', () => {
  it('is applied before connecting: presence, and a masked live typing preview when enabled', async () => {
    const relay = await startFakeRelay({ agentsOnline: 0 });
    cleanups.push(() => relay.close());
    const site = `cfg-${Date.now()}`;
    const { Store } = await import('../../widget/core/store.js');
    const store = await Store.open();
    await store.set(`${site}:config`, { site, agentsOnline: 3, typingPreview: { enabled: true, maskEmails: true } });
    const c = new Client({ relay: relay.url, site, WebSocket: WebSocket as any, fetchConfig: false });
    cleanups.push(() => c.destroy());
    await c.started;
    expect(c.conv.agentsOnline).toBe(3);
    await until(() => c.conv.connection === 'online');
    c.typing('my card 4111 1111 1111 1111, mail lan@shop.vn');
    const f = await relay.waitFor((x) => x.t === 'typing');
    expect(f.text).not.toMatch(/4111 1111|lan@shop/);
    expect(f.text.startsWith('my card ')).toBe(true);
    c.send('done');
    await relay.waitFor((x) => x.t === 'typing' && x.text === '');
  });

  it('stops the agent\'s preview when the visitor closes the panel mid-draft', async () => {
    const relay = await startFakeRelay({});
    cleanups.push(() => relay.close());
    const site = `close-${Date.now()}`;
    const { Store } = await import('../../widget/core/store.js');
    await (await Store.open()).set(`${site}:config`, { site, typingPreview: { enabled: true } });
    const c = new Client({ relay: relay.url, site, WebSocket: WebSocket as any, fetchConfig: false });
    cleanups.push(() => c.destroy());
    await until(() => c.conv.connection === 'online');
    c.conv.setOpen(true);
    c.typing('half a thought');
    await relay.waitFor((x) => x.t === 'typing' && x.text === 'half a thought');
    c.conv.setOpen(false);
    await relay.waitFor((x) => x.t === 'typing' && x.text === '');
  });
});
