// @vitest-environment happy-dom
// A tab that becomes leader finds a message another tab stored for hand-off (that tab closed before
// any leader took it): the visitor sees it as sending, then sent — never as failed in between.
import 'fake-indexeddb/auto';
import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Client } from '../../widget/core/client.js';
import { Store } from '../../widget/core/store.js';
import { startFakeRelay, until } from './helpers/fake-relay.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

it('a message left in hand-off storage by a closed tab is delivered without ever showing as failed', async () => {
  const relay = await startFakeRelay({});
  cleanups.push(() => relay.close());
  const site = `reconcile-${Date.now()}`;
  const id = 'handed_msg_0001';
  const message = { id, from: 'visitor' as const, text: 'gửi từ tab đã đóng', at: new Date().toISOString(), status: 'sending' as const };
  const store = await Store.open();
  // What the closed tab left: the cached transcript shows it sending; only hand-off storage holds it.
  await store.set(`${site}:state`, { messages: [message], open: true, unread: 0 });
  await store.set(`${site}:handoff:tab_closed_01:${id}`, { k: `${site}:handoff:tab_closed_01:${id}`, f: { t: 'message', id, text: message.text }, m: message, n: 1 });

  const c = new Client({ relay: relay.url, site, WebSocket: WebSocket as any, fetchConfig: false });
  cleanups.push(() => c.destroy());
  const seen: string[] = [];
  c.events.on('change', () => {
    const s = c.conv.messages.find((m) => m.id === id)?.status;
    if (s && seen[seen.length - 1] !== s) seen.push(s);
  });
  await until(() => c.conv.messages.find((m) => m.id === id)?.status === 'sent', 10_000);
  expect(relay.frames.filter((f: any) => f.t === 'message' && f.id === id)).toHaveLength(1);
  expect(seen).not.toContain('failed');
  expect((await store.keys()).filter((k) => k.includes(':handoff:'))).toEqual([]);
});
