// Caches the conversation snapshot: one write per burst of changes, writes kept in order.
// Owns: the snapshot's writes. Must not: decide who may write (the current role says, via `mayWrite`).
import type { Snapshot } from './conversation.js';
import type { Store } from './store.js';

export interface Saver {
  /** Schedules a write for the end of this burst of changes. */
  queue(): void;
  /** Writes now; resolves when every write so far is done. */
  save(): Promise<void>;
  /** Hands the snapshot to the store at once, not after the writes before it: the page is hiding and may freeze any moment. */
  saveNow(): void;
  /** Resolves when every write so far is done. */
  idle(): Promise<void>;
}

/** A saver of `snapshot()` under `key`; `mayWrite` false (follower tabs, a dead widget) skips writing. */
export function createSaver(store: () => Store | null, key: string, snapshot: () => Snapshot, mayWrite: () => boolean): Saver {
  let queued = false;
  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    queued = false;
    const s = store();
    if (!s || !mayWrite()) return saving;
    const snap = snapshot();
    saving = saving.then(() => s.set(key, snap)).catch(() => {});
    return saving;
  };
  return {
    queue() {
      if (queued || !store()) return;
      queued = true;
      // A microtask is short enough to survive a quick navigation.
      queueMicrotask(() => void save());
    },
    save,
    saveNow() {
      // Not queued: every change so far is with the store already (written, or journaled by its hide()).
      if (!queued) return;
      queued = false;
      const s = store();
      if (s && mayWrite()) void s.set(key, snapshot());
    },
    idle: () => saving,
  };
}
