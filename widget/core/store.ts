// Local persistence with graceful degradation: the widget's own IndexedDB database (never the
// page's default idb-keyval store), else localStorage, else memory. Private modes, blocked storage
// and full quotas must never crash the widget; they only cost durability, and the status says so.
// Owns: the backend and its degradation. Must not: know what any key means.
import { createStore, del, get, promisifyRequest, set, type UseStore } from 'idb-keyval/compat';

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

function memoryKV(): KV {
  const m = new Map<string, string>();
  return {
    kind: 'memory',
    // Values are copied through JSON so callers cannot mutate what is "stored", as with real storage.
    get: async (k) => (m.has(k) ? JSON.parse(m.get(k)!) : undefined),
    set: async (k, v) => void m.set(k, JSON.stringify(v)),
    del: async (k) => void m.delete(k),
    keys: async () => Array.from(m.keys()),
  };
}

function localKV(ls: Storage): KV {
  return {
    kind: 'localstorage',
    get: async (k) => {
      const v = ls.getItem(LS_PREFIX + k);
      return v == null ? undefined : JSON.parse(v);
    },
    set: async (k, v) => ls.setItem(LS_PREFIX + k, JSON.stringify(v)),
    del: async (k) => ls.removeItem(LS_PREFIX + k),
    // The page's own keys share localStorage: only ours, without the prefix.
    keys: async () => Object.keys(ls).filter((k) => k.indexOf(LS_PREFIX) === 0).map((k) => k.slice(LS_PREFIX.length)),
  };
}

function idbKV(store: UseStore): KV {
  return {
    kind: 'indexeddb',
    get: (k) => get(k, store),
    set: (k, v) => set(k, v, store),
    del: (k) => del(k, store),
    // getAllKeys alone (Safari 10.1+): idb-keyval's keys() carries a cursor fallback no target needs.
    // Only strings are ever written here.
    keys: () => store('readonly', (s) => promisifyRequest(s.getAllKeys() as IDBRequest<string[]>)),
  };
}

async function probe(kv: KV): Promise<KV> {
  const k = '__probe__';
  await kv.set(k, 1);
  if ((await kv.get(k)) !== 1) throw new Error('storage probe read back nothing');
  await kv.del(k);
  return kv;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  // Some private modes leave indexedDB.open pending forever instead of failing.
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('storage timeout')), ms))]);
}

/** A store that degrades to the next backend when the current one starts failing. */
export class Store implements KV {
  private kv: KV;
  private onChange: (kind: StorageKind) => void = () => {};

  private constructor(kv: KV) {
    this.kv = kv;
  }

  /** Opens the best available backend, probing each; `prefer` forces a weaker one. */
  static async open(prefer?: StorageKind): Promise<Store> {
    const g = globalThis as { indexedDB?: IDBFactory; localStorage?: Storage };
    if (prefer !== 'memory' && prefer !== 'localstorage') {
      try {
        if (!g.indexedDB) throw new Error('no IndexedDB');
        return new Store(await withTimeout(probe(idbKV(createStore('parley', 'kv'))), 3000));
      } catch {
        // Fall through to localStorage.
      }
    }
    if (prefer !== 'memory') {
      try {
        if (!g.localStorage) throw new Error('no localStorage');
        return new Store(await probe(localKV(g.localStorage)));
      } catch {
        // Fall through to memory.
      }
    }
    return new Store(memoryKV());
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
      return await this.kv.get<T>(key);
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    try {
      await this.kv.set(key, value);
    } catch {
      // Quota or a revoked database: keep working in memory and say so.
      this.kv = memoryKV();
      this.onChange(this.kv.kind);
      await this.kv.set(key, value);
    }
  }

  async del(key: string): Promise<void> {
    try {
      await this.kv.del(key);
    } catch {
      // Nothing to keep: a key that cannot be deleted from a broken backend is gone with it.
    }
  }

  /** Every key, or none when the backend fails. */
  keys(): Promise<string[]> {
    return this.kv.keys().catch(() => []);
  }
}
