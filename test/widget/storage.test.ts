// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../widget/core/store.js';
import { Client } from '../../widget/core/client.js';
import type { StatusInfo } from '../../widget/core/events.js';

const g = globalThis as any;
/** A localStorage stand-in whose writes throw once `full` is set (quota, blocked storage). */
function fakeLocalStorage() {
  const m = new Map<string, string>();
  const ls = {
    full: false,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (ls.full) throw new DOMException('quota', 'QuotaExceededError');
      m.set(k, v);
    },
    removeItem: (k: string) => void m.delete(k),
  };
  vi.stubGlobal('localStorage', ls);
  return ls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  delete g.indexedDB;
  localStorage.clear();
});

async function statusOf(site: string): Promise<StatusInfo> {
  // A relay nobody listens on: storage must not depend on the network.
  const c = new Client({ relay: 'http://127.0.0.1:9', site, fetchConfig: false, WebSocket: class {} as any });
  await c.started;
  const s = { connection: c.conv.connection, storage: c.conv.storage };
  c.destroy();
  return s;
}

describe('storage fallback', () => {
  it('uses its own IndexedDB database "parley" when available, not the default idb-keyval store', async () => {
    const { indexedDB, IDBKeyRange } = await import('fake-indexeddb');
    g.indexedDB = indexedDB;
    g.IDBKeyRange = IDBKeyRange;
    const s = await Store.open();
    expect(s.kind).toBe('indexeddb');
    await s.set('k', { a: 1 });
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).toContain('parley');
    expect(names).not.toContain('keyval-store');
  });

  it('falls back to localStorage when IndexedDB throws, and says so in status', async () => {
    g.indexedDB = { open: () => { throw new DOMException('blocked', 'SecurityError'); } };
    expect((await Store.open()).kind).toBe('localstorage');
    const c = new Client({ relay: 'http://127.0.0.1:9', site: 'ls', fetchConfig: false, WebSocket: class {} as any });
    const seen: StatusInfo[] = [];
    c.conv.on('status', (s) => seen.push(s));
    await c.started;
    c.send('kept in localStorage');
    await c.flush();
    expect(seen.at(-1)?.storage).toBe('localstorage');
    expect(Object.keys(localStorage).some((k) => k.startsWith('parley:ls:'))).toBe(true);
    c.destroy();
  });

  it('falls back to memory when localStorage throws too, without crashing', async () => {
    g.indexedDB = { open: () => { throw new Error('nope'); } };
    fakeLocalStorage().full = true;
    expect((await statusOf('mem')).storage).toBe('memory');
  });

  it('treats an IndexedDB open that never answers as unavailable', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    g.indexedDB = { open: () => ({}) };
    const p = Store.open();
    await vi.advanceTimersByTimeAsync(3500);
    vi.useRealTimers();
    expect((await p).kind).toBe('localstorage');
  });

  it('degrades to memory and reports it when a write fails later', async () => {
    g.indexedDB = undefined;
    const ls = fakeLocalStorage();
    const s = await Store.open();
    expect(s.kind).toBe('localstorage');
    const kinds: string[] = [];
    s.onDegrade((k) => kinds.push(k));
    ls.full = true;
    await s.set('x', 1);
    expect(kinds).toEqual(['memory']);
    expect(await s.get('x')).toBe(1);
  });
});
