// @vitest-environment happy-dom
// A follower tab's message survives the follower closing while the leader is frozen: it is stored
// before the hand-over, and whichever tab leads next delivers it exactly once, in order.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nanoid } from 'nanoid';
import type { ClientFrame } from '../../protocol/types.js';
import type { ConnectionEvents, RelayLink } from '../../widget/core/connection.js';
import { Emitter } from '../../widget/core/emitter.js';
import { Conversation, type Snapshot } from '../../widget/core/conversation.js';
import { Outbox, type OutboxFrame } from '../../widget/core/outbox.js';
import { Store, type StorageKind } from '../../widget/core/store.js';
import type { Bus } from '../../widget/core/tabs/channel.js';
import { handoff } from '../../widget/core/tabs/handoff.js';
import { Tabs } from '../../widget/core/tabs/tabs.js';
import { hub } from './helpers/tab-hub.js';


/** The relay as the tests see it: every message frame a leader sent, acked at once while `up`. */
function relay() {
  return { up: true, got: [] as string[] };
}

/** One tab of the site: a conversation, an outbox while it leads, and the real Tabs over the bus. */
function tab(bus: Bus, store: Store, site: string, r: ReturnType<typeof relay>, cached?: Snapshot) {
  const conv = new Conversation();
  conv.restore(cached);
  let outbox: Outbox | null = null;
  // The leader's socket: the relay's acks reach the other tabs through it.
  const link = Object.assign(new Emitter<ConnectionEvents>(), { state: 'online' as const, send: () => true, reconnect() {}, close() {} }) as RelayLink & Emitter<ConnectionEvents>;
  const tabs = new Tabs(bus, null, site, store, {
    conv,
    async lead(still) {
      const ob = new Outbox(store, `${site}:outbox`, (f: OutboxFrame) => {
        if (!r.up) return false;
        if (f.t === 'message') r.got.push(f.text);
        setTimeout(() => {
          ob.ack(f.id);
          link.emit('frame', { t: 'ack', id: f.id });
        }, 5);
        return true;
      }, { minDelay: 20, maxDelay: 50 });
      ob.on('sent', (e) => conv.setStatus(e.id, 'sent'));
      await ob.load();
      if (!still()) return null;
      outbox = ob;
      ob.connected();
      return { link, store: (f) => ob.add(f), retry() {} };
    },
    follow() {
      outbox?.stop();
      outbox = null;
    },
  });
  return {
    conv,
    tabs,
    outbox: () => outbox,
    /** What the client does when the visitor presses Enter. */
    send(text: string): string {
      const id = nanoid();
      conv.add({ id, from: 'visitor', text, at: new Date().toISOString(), status: 'sending' });
      const f: ClientFrame & OutboxFrame = { t: 'message', id, text };
      if (outbox) void outbox.add(f);
      tabs.sent(f);
      return id;
    },
    /** The visitor closes the tab: its timers and memory are gone, storage stays. */
    close() {
      outbox?.stop();
      tabs.close();
    },
  };
}

/** Advances the fake clock, letting IndexedDB (real setImmediate) finish its work between steps. */
async function wait(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 10) {
    await vi.advanceTimersByTimeAsync(10);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }
}
let siteN = 0;
let site = '';

beforeEach(() => {
  site = `hand${++siteN}`;
  // IndexedDB (fake-indexeddb) completes on setImmediate: only the clocks the tabs use are faked.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => vi.useRealTimers());

async function handoffKeys(store: Store): Promise<string[]> {
  return (await store.keys()).filter((k) => k.indexOf(`${site}:handoff:`) === 0);
}

/** Two tabs of the site on one store: `a` opened first and leads, `b` follows. */
async function twoTabs(kind: StorageKind) {
  const store = await Store.open(kind);
  expect(store.kind).toBe(kind);
  const bus = hub();
  const r = relay();
  const busA = bus('a');
  const a = tab(busA, store, site, r);
  await wait(1000);
  expect(a.tabs.leading).toBe(true);
  const b = tab(bus('b'), store, site, r);
  await wait(1000);
  return { store, bus, r, busA, a, b };
}

describe.each<StorageKind>(['indexeddb', 'memory'])('follower hand-off (%s)', (kind) => {
  it('a follower closed while the leader is frozen: the next leader delivers its messages once, in order', async () => {
    const { store, bus, r, busA, a, b } = await twoTabs(kind);
    expect(b.tabs.leading).toBe(false);

    a.send('a1');
    await wait(100);
    expect(r.got).toEqual(['a1']);
    // The relay goes away: a2 waits in the leader's outbox (stored), then the leader freezes.
    r.up = false;
    a.send('a2');
    await wait(100);
    busA.freeze();
    b.send('b1');
    b.send('b2');
    await wait(100);
    expect(b.tabs.leading).toBe(false);
    // Nobody confirmed b1, b2; the visitor closes tab B, then the frozen tab A is discarded.
    b.close();
    a.close();
    expect(await handoffKeys(store)).toHaveLength(2);

    r.up = true;
    const c = tab(bus('c'), store, site, r);
    await wait(1000);
    expect(c.tabs.leading).toBe(true);
    await wait(500);
    expect(r.got).toEqual(['a1', 'a2', 'b1', 'b2']);
    const shown = c.conv.messages.map((m) => m.text);
    expect(shown).toEqual(expect.arrayContaining(['b1', 'b2']));
    expect(c.conv.messages.filter((m) => m.text === 'b1')).toHaveLength(1);
    expect(c.conv.messages.find((m) => m.text === 'b2')?.status).toBe('sent');
    expect(await handoffKeys(store)).toEqual([]);
    expect(c.outbox()!.items).toEqual([]);
    // Another tab opening later adopts nothing more.
    const d = tab(bus('d'), store, site, r);
    await wait(1000);
    expect(r.got).toEqual(['a1', 'a2', 'b1', 'b2']);
    c.close();
    d.close();
  });

  it('a leader that wakes adopts what a closed follower left when the next tab opens', async () => {
    const { store, bus, r, busA, a, b } = await twoTabs(kind);
    busA.freeze();
    b.send('while frozen');
    await wait(100);
    b.close();
    busA.thaw();
    await wait(2000);
    // The hand-over was lost with the frozen tab's queue: nothing sent yet.
    expect(r.got).toEqual([]);
    const c = tab(bus('c'), store, site, r);
    await wait(1000);
    expect(c.tabs.leading).toBe(false);
    expect(r.got).toEqual(['while frozen']);
    expect(a.conv.messages.map((m) => m.text)).toEqual(['while frozen']);
    expect(await handoffKeys(store)).toEqual([]);
    a.close();
    c.close();
  });

  it('an acked message is never sent again, and a live follower adopted by itself sends once', async () => {
    const { store, bus, r, busA, a, b } = await twoTabs(kind);
    const id = b.send('confirmed');
    await wait(200);
    expect(r.got).toEqual(['confirmed']);
    expect(b.conv.messages.find((m) => m.id === id)?.status).toBe('sent');
    expect(await handoffKeys(store)).toEqual([]);
    // A stale copy, as if the follower closed before the confirmation and its deletion never ran.
    await handoff(store, site).put('b', { t: 'message', id, text: 'confirmed' }, b.conv.messages.find((m) => m.id === id));
    expect(await handoffKeys(store)).toHaveLength(1);

    // The leader freezes; the follower sends and, unanswered, takes the lead and adopts its own copy.
    busA.freeze();
    b.send('mine');
    await wait(6000);
    expect(b.tabs.leading).toBe(true);
    await wait(500);
    expect(r.got).toEqual(['confirmed', 'mine']);
    expect(await handoffKeys(store)).toEqual([]);

    // A new tab restored from the leader's cached conversation: nothing left to adopt or resend.
    const c = tab(bus('c'), store, site, r, b.conv.snapshot());
    await wait(1000);
    expect(r.got).toEqual(['confirmed', 'mine']);
    a.close();
    b.close();
    c.close();
  });
});
