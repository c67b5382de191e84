// Local persistence with graceful degradation: the widget's own IndexedDB database (never the
// page's default idb-keyval store), else localStorage, else memory. Private modes, blocked storage
// and full quotas must never crash the widget; they only cost durability, and the status says so.
// While the page is hidden (pagehide: leaving, or going into the back/forward cache) writes go to a
// synchronous localStorage journal instead: WebKit freezes a page with an IndexedDB write just
// started, the write never completes, and every later transaction on the database, from any page of
// the site, waits behind it. The next page that opens IndexedDB takes the journal over.
// Owns: the backend, its degradation and the journal. Must not: know what any key means.
import { createStore, get, promisifyRequest, type UseStore } from 'idb-keyval/compat';

export type StorageKind = 'indexeddb' | 'localstorage' | 'memory';

export interface KV {
  readonly kind: StorageKind;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  /** Every key this store holds. */
  keys(): Promise<string[]>;
}

const LS_PREFIX = 'parley:';
/** localStorage key of the journal: each journaled key with the time of its newest value there. */
const JOURNAL = LS_PREFIX + '~journal';
/** IndexedDB keys beside each value: the time it was written, so an older journal entry never wins. */
const STAMP = '~t:';

type Stamps = Record<string, number>;

/** Where JSON keeps a file's bytes: JSON alone turns an ArrayBuffer into `{}`, and the photo is lost. */
const BYTES = '~b';

/** JSON for localStorage that keeps ArrayBuffers (an outbox photo journaled as the page hides) as base64. */
function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => {
    if (!(x instanceof ArrayBuffer)) return x;
    const u = new Uint8Array(x);
    let bin = '';
    // In slices: one call with a whole photo's bytes as arguments overflows the stack.
    for (let i = 0; i < u.length; i += 0x8000) bin += String.fromCharCode(...u.subarray(i, i + 0x8000));
    return { [BYTES]: btoa(bin) };
  });
}

function fromJson<T>(s: string | null | undefined): T | undefined {
  return s == null ? undefined : JSON.parse(s, (_k, x) => (x && typeof x[BYTES] === 'string' ? Uint8Array.from(atob(x[BYTES]), (c) => c.charCodeAt(0)).buffer : x));
}

function memoryKV(): KV {
  const m = new Map<string, string>();
  return {
    kind: 'memory',
    // Values are copied through JSON so callers cannot mutate what is "stored", as with real storage.
    get: async (k) => fromJson(m.get(k)),
    set: async (k, v) => void m.set(k, toJson(v)),
    del: async (k) => void m.delete(k),
    keys: async () => Array.from(m.keys()),
  };
}

function localKV(ls: Storage): KV {
  return {
    kind: 'localstorage',
    get: async (k) => fromJson(ls.getItem(LS_PREFIX + k)),
    set: async (k, v) => ls.setItem(LS_PREFIX + k, toJson(v)),
    del: async (k) => ls.removeItem(LS_PREFIX + k),
    // The page's own keys share localStorage: only ours, without the prefix (and not the journal).
    keys: async () => Object.keys(ls).filter((k) => k.indexOf(LS_PREFIX) === 0 && k !== JOURNAL).map((k) => k.slice(LS_PREFIX.length)),
  };
}

/**
 * Synchronous localStorage writes for the journal: nothing may be left pending when a page freezes.
 * Values sit under the same names localKV uses, so a page that falls back to localStorage reads them.
 */
class Journal {
  constructor(readonly ls: Storage) {}

  /** Journaled keys and when each was written. */
  stamps(): Stamps {
    try {
      const v = JSON.parse(this.ls.getItem(JOURNAL) || '{}');
      return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
    } catch {
      return {};
    }
  }

  get<T>(key: string): T | undefined {
    return fromJson<T>(this.ls.getItem(LS_PREFIX + key));
  }

  /** Records `value` for `key`; undefined records a deletion. Throws when localStorage refuses. */
  put(key: string, value: unknown, at: number): void {
    if (value === undefined) this.ls.removeItem(LS_PREFIX + key);
    else this.ls.setItem(LS_PREFIX + key, toJson(value));
    this.mark(key, at);
  }

  /** Marks `key`, whose value localStorage already holds under the same name, as written at `at`. */
  mark(key: string, at: number): void {
    const st = this.stamps();
    st[key] = at;
    this.ls.setItem(JOURNAL, JSON.stringify(st));
  }

  /** Forgets `key` once IndexedDB holds its value or a newer one. */
  drop(key: string): void {
    this.ls.removeItem(LS_PREFIX + key);
    const st = this.stamps();
    delete st[key];
    if (Object.keys(st).length) this.ls.setItem(JOURNAL, JSON.stringify(st));
    else this.ls.removeItem(JOURNAL);
  }
}

/**
 * Combines a journaled value with the one IndexedDB holds, both defined; undefined when the key does
 * not merge (then the newer of the two wins).
 */
export type Merge = (key: string, journaled: unknown, stored: unknown) => unknown;

/** IndexedDB, each value written with its time in one transaction (see STAMP). */
interface StampedKV extends KV {
  /** Takes a journaled `value` (undefined deletes) written at `at`: merged with what is there, else written unless that is newer. */
  take(key: string, value: unknown, at: number, merge?: Merge): Promise<void>;
}

function idbKV(store: UseStore): StampedKV {
  const write = (s: IDBObjectStore, k: string, v: unknown, at: number) => {
    // A deleted key keeps no stamp: keys come and go (hand-off frames) and stamps must not pile up.
    if (v === undefined) s.delete(k), s.delete(STAMP + k);
    else s.put(v, k), s.put(at, STAMP + k);
  };
  const now = (k: string, v: unknown) =>
    store('readwrite', (s) => {
      write(s, k, v, Date.now());
      return promisifyRequest(s.transaction);
    });
  return {
    kind: 'indexeddb',
    get: (k) => get(k, store),
    set: now,
    del: (k) => now(k, undefined),
    take: (k, v, at, merge) =>
      store('readwrite', (s) => {
        const stamp = s.get(STAMP + k);
        const held = s.get(k);
        // Requests answer in order: the stamp is in when the value is.
        held.onsuccess = () => {
          const t = typeof stamp.result === 'number' ? stamp.result : 0;
          const merged = v !== undefined && held.result !== undefined && merge ? merge(k, v, held.result) : undefined;
          if (merged !== undefined) write(s, k, merged, Math.max(t, at));
          // Same millisecond: the journal was written after (a page journals only once it hides).
          else if (t <= at) write(s, k, v, at);
        };
        return promisifyRequest(s.transaction);
      }),
    // getAllKeys alone (Safari 10.1+): idb-keyval's keys() carries a cursor fallback no target needs.
    // Only strings are ever written here.
    keys: () => store('readonly', (s) => promisifyRequest(s.getAllKeys() as IDBRequest<string[]>)).then((ks) => ks.filter((k) => k.indexOf(STAMP) !== 0)),
  };
}

async function probe(kv: KV): Promise<KV> {
  const k = '__probe__';
  await kv.set(k, 1);
  if ((await kv.get(k)) !== 1) throw new Error('storage probe read back nothing');
  await kv.del(k);
  return kv;
}

const TIMEOUT = 'timeout';

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  // Some private modes leave indexedDB.open pending forever instead of failing.
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(TIMEOUT)), ms))]);
}

function localStorageOf(g: { localStorage?: Storage }): Storage | null {
  try {
    return g.localStorage || null;
  } catch {
    // Reading the property throws where storage is blocked.
    return null;
  }
}

/** A store that degrades to the next backend when the current one starts failing. */
export class Store implements KV {
  private kv: KV;
  private onChange: (kind: StorageKind) => void = () => {};
  private hidden = false;
  /** Values handed to the backend whose write has not finished: journaled if the page hides meanwhile. */
  private readonly pending = new Map<string, { value: unknown; at: number }>();

  /**
   * `journal`: where a hidden page's writes go (over IndexedDB); with `markAll` (IndexedDB too slow,
   * this page on localStorage), where every write is marked for the next page to move to IndexedDB.
   */
  private constructor(kv: KV, private readonly journal: Journal | null = null, private markAll = false, private readonly merge?: Merge) {
    this.kv = kv;
  }

  /** Opens the best available backend, probing each; `prefer` forces a weaker one; `merge` combines keys two pages wrote unseen by each other. */
  static async open(prefer?: StorageKind, merge?: Merge): Promise<Store> {
    const g = globalThis as { indexedDB?: IDBFactory; localStorage?: Storage };
    const ls = localStorageOf(g);
    const journal = ls && prefer !== 'memory' ? new Journal(ls) : null;
    let slow = false;
    if (prefer !== 'memory' && prefer !== 'localstorage') {
      try {
        if (!g.indexedDB) throw new Error('no IndexedDB');
        const store = new Store(await withTimeout(probe(idbKV(createStore('parley', 'kv'))), 3000), journal, false, merge);
        await store.takeJournal();
        return store;
      } catch (e) {
        // A database that is only slow (a transaction stuck behind a frozen page) still holds the
        // conversation: what this page writes is marked so the next page moves it there.
        slow = (e as Error).message === TIMEOUT;
      }
    }
    if (prefer !== 'memory') {
      try {
        if (!ls) throw new Error('no localStorage');
        return new Store(await probe(localKV(ls)), slow ? journal : null, slow);
      } catch {
        // Fall through to memory.
      }
    }
    return new Store(memoryKV());
  }

  /** The page is going away or into the back/forward cache: from now on writes are synchronous, to the journal. */
  hide(): void {
    if (this.hidden || !this.journal || this.kv.kind !== 'indexeddb') return;
    this.hidden = true;
    try {
      this.pending.forEach((p, k) => this.journal!.put(k, p.value, p.at));
    } catch {
      // localStorage full or blocked: the writes already under way are all there is.
    }
  }

  /** The page is shown again (back/forward cache): writes go to the backend again, the journal with them. */
  async show(): Promise<void> {
    if (!this.hidden) return;
    this.hidden = false;
    try {
      await withTimeout(this.takeJournal(), 3000);
    } catch (e) {
      if ((e as Error).message !== TIMEOUT) throw e;
      // A page frozen in the back/forward cache with a transaction still open can block the database
      // for every page of the site: this one goes on in localStorage, where that page journaled, as a
      // page opened while the database is that slow does (see open).
      this.kv = localKV(this.journal!.ls);
      this.markAll = true;
      this.onChange(this.kv.kind);
    }
  }

  /**
   * Moves what a hidden page (an earlier one, or this one) journaled into IndexedDB, then forgets it.
   * Keys that merge (the outbox, the conversation) are merged with what is there; for the others an
   * entry older than the value there is dropped: the journal this page wrote before it froze may
   * have been taken by the next page long ago, and a stale copy of localStorage must not undo later writes.
   */
  private async takeJournal(): Promise<void> {
    const j = this.journal;
    const kv = this.kv as StampedKV;
    if (!j || !kv.take) return;
    const stamps = j.stamps();
    for (const k of Object.keys(stamps)) {
      await kv.take(k, j.get(k), stamps[k]!, this.merge);
      // Given up on (show): this page now reads the journal's values where they are.
      if (this.kv !== kv) return;
      j.drop(k);
    }
  }

  get kind(): StorageKind {
    return this.kv.kind;
  }

  /** Called when a failing backend was replaced by a weaker one. */
  onDegrade(fn: (kind: StorageKind) => void): void {
    this.onChange = fn;
  }

  async get<T>(key: string): Promise<T | undefined> {
    try {
      if (this.hidden && this.journal && key in this.journal.stamps()) return this.journal.get<T>(key);
      return await this.kv.get<T>(key);
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.write(key, value);
  }

  async del(key: string): Promise<void> {
    await this.write(key, undefined);
  }

  /** Every key, or none when the backend fails. */
  keys(): Promise<string[]> {
    return this.kv.keys().catch(() => []);
  }

  /** Writes (undefined: deletes) through the journal while hidden, else the backend, degrading on failure. */
  private async write(key: string, value: unknown): Promise<void> {
    const at = Date.now();
    if (this.hidden && this.journalPut(key, value, at)) return;
    const entry = { value, at };
    this.pending.set(key, entry);
    try {
      if (value === undefined) await this.kv.del(key);
      else await this.kv.set(key, value);
      if (this.markAll) this.journal?.mark(key, at);
    } catch {
      // Nothing to keep when deleting: a key that cannot be deleted from a broken backend is gone with it.
      if (value === undefined) return;
      // Quota or a revoked database: keep working in memory and say so.
      this.kv = memoryKV();
      this.onChange(this.kv.kind);
      await this.kv.set(key, value);
    } finally {
      if (this.pending.get(key) === entry) this.pending.delete(key);
    }
  }

  /** A synchronous journal write; false when the journal cannot take it. */
  private journalPut(key: string, value: unknown, at: number): boolean {
    try {
      this.journal!.put(key, value, at);
      return true;
    } catch {
      return false;
    }
  }
}
