import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Client } from '../../widget/core/client.js';
import { Outbox, type OutboxItem } from '../../widget/core/outbox.js';
import { Store } from '../../widget/core/store.js';
import { startFakeRelay, until, type FakeRelay } from './helpers/fake-relay.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let siteN = 0;
async function setup(relayOpts = {}) {
  const relay = await startFakeRelay(relayOpts);
  cleanups.push(() => relay.close());
  const site = `site${++siteN}-${Date.now()}`;
  const make = () => {
    const c = new Client({ relay: relay.url, site, WebSocket: WebSocket as any, fetchConfig: false, socket: { minDelay: 20, maxDelay: 50 }, outbox: { minDelay: 20, maxDelay: 50 } });
    cleanups.push(() => c.destroy());
    return c;
  };
  return { relay, site, make };
}

const messages = (r: FakeRelay) => r.frames.filter((f) => f.t === 'message');

describe('outbox unit', () => {
  it('writes a message to storage before handing it to the transport', async () => {
    const store = await Store.open();
    expect(store.kind).toBe('indexeddb');
    const seen: { id: string; stored: Promise<OutboxItem[] | undefined> }[] = [];
    const box = new Outbox(store, 'unit:outbox', (f) => (seen.push({ id: f.id, stored: store.get<OutboxItem[]>('unit:outbox') }), true));
    box.connected();
    await box.add({ t: 'message', id: 'msg_000001', text: 'hello' });
    expect(seen.map((s) => s.id)).toEqual(['msg_000001']);
    expect((await seen[0]!.stored)!.map((i) => i.id)).toEqual(['msg_000001']);
    box.stop();
  });

  it('keeps one message in flight and sends in order', async () => {
    const store = await Store.open('memory');
    const sent: string[] = [];
    const box = new Outbox(store, 'k', (f) => (sent.push(f.id), true));
    await box.add({ t: 'message', id: 'msg_00000a', text: 'a' });
    await box.add({ t: 'message', id: 'msg_00000b', text: 'b' });
    box.connected();
    expect(sent).toEqual(['msg_00000a']);
    box.ack('msg_00000a');
    expect(sent).toEqual(['msg_00000a', 'msg_00000b']);
    box.ack('msg_00000b');
    await until(async () => (await store.get<OutboxItem[]>('k'))?.length === 0);
    expect(await store.get('k')).toEqual([]);
  });

  it('treats a missing ack as retryable after the ack timeout, resending the same id', async () => {
    const store = await Store.open('memory');
    const sent: string[] = [];
    const box = new Outbox(store, 'k', (f) => (sent.push(f.id), true), { ackTimeout: 30, minDelay: 10, maxDelay: 10 });
    box.connected();
    await box.add({ t: 'message', id: 'msg_00000c', text: 'c' });
    await until(() => sent.length >= 2);
    expect(sent).toEqual(['msg_00000c', 'msg_00000c']);
    box.stop();
  });
});

describe('outbox through the client and a real socket', () => {
  it('shows "sending" at once, sends once online, and removes the message on ack', async () => {
    const { relay, site, make } = await setup();
    let ackNow = false;
    relay.onMessage = (f, ws) => ackNow && ws.send(JSON.stringify({ t: 'ack', id: f.id }));
    const c = make();
    const id = c.send('xin chào')!;
    expect(c.conv.messages.find((m) => m.id === id)?.status).toBe('sending');
    const first = await relay.waitFor((f) => f.t === 'message');
    expect(first).toMatchObject({ id, text: 'xin chào' });
    expect(first._path).toBe(`/v1/ws?site=${site}`);
    const store = await Store.open();
    expect((await store.get<OutboxItem[]>(`${site}:outbox`))!.map((i) => i.id)).toEqual([id]);

    // The relay restarts before acking: after reconnect, the same id goes out again.
    ackNow = true;
    relay.dropAll();
    await until(() => messages(relay).length >= 2);
    expect(messages(relay).map((f) => f.id)).toEqual([id, id]);
    await until(() => c.conv.messages.find((m) => m.id === id)?.status === 'sent');
    await until(async () => ((await store.get<OutboxItem[]>(`${site}:outbox`)) ?? [1]).length === 0);
    expect(await store.get(`${site}:outbox`)).toEqual([]);
  });

  it('marks a non-retryable nack failed, keeps its text, and retries it with the same id', async () => {
    const { relay, make } = await setup();
    let refuse = true;
    relay.onMessage = (f, ws) => ws.send(JSON.stringify(refuse ? { t: 'nack', id: f.id, retryable: false, reason: 'invalid' } : { t: 'ack', id: f.id }));
    const c = make();
    const id = c.send('bad one')!;
    await until(() => c.conv.messages.find((m) => m.id === id)?.status === 'failed');
    expect(c.conv.messages.find((m) => m.id === id)?.text).toBe('bad one');
    refuse = false;
    c.retry(id);
    await until(() => c.conv.messages.find((m) => m.id === id)?.status === 'sent');
    expect(messages(relay).map((f) => f.id)).toEqual([id, id]);
  });

  it('retries a retryable nack with backoff, keeping order behind it', async () => {
    const { relay, make } = await setup();
    let nacks = 2;
    relay.onMessage = (f, ws) =>
      ws.send(JSON.stringify(nacks-- > 0 ? { t: 'nack', id: f.id, retryable: true, reason: 'helpdesk 503' } : { t: 'ack', id: f.id }));
    const c = make();
    const a = c.send('one')!;
    const b = c.send('two')!;
    await until(() => c.conv.messages.every((m) => m.status === 'sent'));
    expect(messages(relay).map((f) => f.id)).toEqual([a, a, a, b]);
  });

  it('restores unsent messages on the next page and sends them when the relay comes back', async () => {
    const { relay, make } = await setup();
    relay.onMessage = () => {};
    const c1 = make();
    const id = c1.send('typed on page 1')!;
    await relay.waitFor((f) => f.t === 'message');
    await c1.flush();
    c1.destroy();
    relay.onMessage = (f, ws) => ws.send(JSON.stringify({ t: 'ack', id: f.id }));
    const c2 = make();
    await c2.started;
    // Shown before any socket answered: the cached transcript.
    expect(c2.conv.messages.map((m) => [m.id, m.status])).toEqual([[id, 'sending']]);
    await until(() => c2.conv.messages[0]?.status === 'sent');
    expect(messages(relay).map((f) => f.id)).toEqual([id, id]);
    const hello = relay.frames.filter((f) => f.t === 'hello')[1];
    expect(hello.visitorId).toBe('visitor_0001');
    expect(hello.token).toBe('tok');
  });

  it('dedupes agent messages by id (catch-up replays)', async () => {
    const { relay, make } = await setup();
    const c = make();
    await relay.waitFor((f) => f.t === 'hello');
    await until(() => c.conv.connection === 'online');
    const frame = { t: 'message', id: 'agent_msg_1', from: 'agent', text: 'hi', at: new Date().toISOString() };
    relay.broadcast(frame);
    relay.broadcast(frame);
    // A later message on the same socket: once it shows, the replay before it has been handled.
    relay.broadcast({ ...frame, id: 'agent_msg_2', text: 'next' });
    await until(() => c.conv.messages.some((m) => m.id === 'agent_msg_2'));
    expect(c.conv.messages.filter((m) => m.id === 'agent_msg_1')).toHaveLength(1);
    expect(c.conv.unread).toBe(2); // agent_msg_1 once, and agent_msg_2
  });
});
