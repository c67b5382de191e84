// @vitest-environment happy-dom
// A page that hides (leaving, or into the back/forward cache) writes nothing to IndexedDB from then
// on: the journal in localStorage takes it synchronously, and the next page moves it into IndexedDB.
// WebKit froze a write started at that moment and blocked the database for every later page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSaver } from '../../widget/core/saver.js';
import { Store } from '../../widget/core/store.js';

const g = globalThis as any;

beforeEach(async () => {
  const { IDBFactory, IDBKeyRange } = await import('fake-indexeddb');
  g.indexedDB = new IDBFactory();
  g.IDBKeyRange = IDBKeyRange;
  localStorage.clear();
});

afterEach(() => {
  vi.useRealTimers();
  delete g.indexedDB;
  localStorage.clear();
});

describe('the storage journal', () => {
  it('takes writes made after pagehide, and the next page finds them in IndexedDB', async () => {
    const page1 = await Store.open();
    expect(page1.kind).toBe('indexeddb');
    await page1.set('demo:state', { messages: ['before'] });
    const { IDBDatabase } = await import('fake-indexeddb');
    let started = 0;
    const orig = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...a: any[]) {
      started++;
      return (orig as any).apply(this, a);
    } as any;
    try {
      page1.hide();
      void page1.set('demo:state', { messages: ['before', 'as the page hid'] });
      // Written at once, synchronously, and not to IndexedDB.
      expect(JSON.parse(localStorage.getItem('parley:demo:state')!)).toEqual({ messages: ['before', 'as the page hid'] });
      expect(started).toBe(0);
    } finally {
      IDBDatabase.prototype.transaction = orig;
    }

    const page2 = await Store.open();
    expect(page2.kind).toBe('indexeddb');
    expect(await page2.get('demo:state')).toEqual({ messages: ['before', 'as the page hid'] });
    // Taken over: nothing of ours is left in localStorage.
    expect(Object.keys(localStorage).filter((k) => k.startsWith('parley:'))).toEqual([]);
  });

  it('never lets an older journal entry undo a newer write (a stale copy of localStorage)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const frozen = await Store.open();
    frozen.hide();
    void frozen.set('demo:state', { v: 'old, journaled as the page froze' });
    const journal = { state: localStorage.getItem('parley:demo:state'), list: localStorage.getItem('parley:~journal') };

    vi.setSystemTime(2_000_000);
    const next = await Store.open();
    await next.set('demo:state', { v: 'newer, written by the next page' });
    // The frozen page comes back with its own copy of localStorage, journal included.
    localStorage.setItem('parley:demo:state', journal.state!);
    localStorage.setItem('parley:~journal', journal.list!);
    await frozen.show();
    expect(await frozen.get('demo:state')).toEqual({ v: 'newer, written by the next page' });
    expect(localStorage.getItem('parley:~journal')).toBeNull();
  });

  it("keeps a photo's bytes journaled as the page hid: the next page can still upload the very file", async () => {
    const page1 = await Store.open();
    // Every byte value, and more than one slice of the encoder.
    const photo = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
    page1.hide();
    await page1.set('demo:outbox', [{ id: 'm1', frame: { t: 'message', text: '', file: { n: 'hoa-don.png', b: photo.buffer } } }]);
    const page2 = await Store.open();
    const [item] = (await page2.get<any[]>('demo:outbox'))!;
    expect(item.frame.file.n).toBe('hoa-don.png');
    expect(item.frame.file.b).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(item.frame.file.b)).toEqual(photo);
  });

  it("keeps a photo's bytes where the page has only memory or localStorage, as IndexedDB does", async () => {
    const photo = Uint8Array.from({ length: 1000 }, (_, i) => (i * 13) % 256);
    for (const kind of ['memory', 'localstorage'] as const) {
      const store = await Store.open(kind);
      expect(store.kind).toBe(kind);
      await store.set('demo:outbox', [{ id: 'm1', frame: { t: 'message', file: { n: 'a.png', b: photo.buffer } } }]);
      const [item] = (await store.get<any[]>('demo:outbox'))!;
      expect(new Uint8Array(item.frame.file.b)).toEqual(photo);
    }
  });

  it('a reply that came while the last write was still going is journaled when the page hides at once', async () => {
    const store = await Store.open();
    let messages = ['visitor: trước khi tải lại'];
    const saver = createSaver(() => store, 'demo:state', () => ({ messages }) as any, () => true);
    void saver.save();
    // The first write is under way in IndexedDB when the agent's reply arrives: its write waits behind.
    await Promise.resolve();
    await Promise.resolve();
    messages = [...messages, 'agent: đã nhận'];
    void saver.save();
    // The visitor reloads now: the page hides, and what it shows must be in the journal before it goes.
    store.hide();
    saver.saveNow();
    expect(JSON.parse(localStorage.getItem('parley:demo:state')!)).toEqual({ messages: ['visitor: trước khi tải lại', 'agent: đã nhận'] });
    await saver.idle();
    const next = await Store.open();
    expect(await next.get('demo:state')).toEqual({ messages: ['visitor: trước khi tải lại', 'agent: đã nhận'] });
  });

  it('a slow database is not a missing one: what the page writes meanwhile goes back to IndexedDB on the next page', async () => {
    const real = g.indexedDB;
    // An open that never answers, as behind a transaction stuck on a frozen page.
    g.indexedDB = { open: () => ({}) };
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const slow = Store.open();
    await vi.advanceTimersByTimeAsync(3500);
    vi.useRealTimers();
    const page = await slow;
    expect(page.kind).toBe('localstorage');
    await page.set('demo:outbox', [{ id: 'm1', text: 'written while the database was stuck' }]);

    g.indexedDB = real;
    const later = await Store.open();
    expect(later.kind).toBe('indexeddb');
    expect(await later.get('demo:outbox')).toEqual([{ id: 'm1', text: 'written while the database was stuck' }]);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('parley:'))).toEqual([]);
  });
});

describe('two pages that could not see each other', () => {
  it('keep every pending message of both: the outbox merges by id instead of the later copy winning', async () => {
    const { Client } = await import('../../widget/core/client.js');
    // Page one left a message pending in IndexedDB (the relay was down).
    const one = await Store.open();
    await one.set('m:outbox', [{ id: 'older1', frame: { t: 'message', id: 'older1', text: 'sent on page one' }, state: 'pending', tries: 0 }]);
    // Page two found the database stuck, so it kept its own message in localStorage, marked.
    const real = g.indexedDB;
    g.indexedDB = { open: () => ({}) };
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const stuck = Store.open();
    await vi.advanceTimersByTimeAsync(3500);
    vi.useRealTimers();
    await (await stuck).set('m:outbox', [{ id: 'newer2', frame: { t: 'message', id: 'newer2', text: 'sent on page two' }, state: 'pending', tries: 0 }]);
    g.indexedDB = real;
    // Page three: the widget's own store, with the client's merge.
    const c = new Client({ relay: 'http://127.0.0.1:9', site: 'm', fetchConfig: false, WebSocket: class {} as any, tabs: false });
    await c.started;
    const s = await Store.open();
    expect(((await s.get<{ id: string }[]>('m:outbox')) ?? []).map((i) => i.id)).toEqual(['older1', 'newer2']);
    c.destroy();
  });
});
