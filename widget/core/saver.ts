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
  // A save waiting for the writes before it: its changes are with nobody yet, not even the journal.
  let behind = false;
  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    queued = false;
    const s = store();
    if (!s || !mayWrite()) return saving;
    behind = true;
    // Taken when the write starts, not before: no write in the chain is older than saveNow's.
    saving = saving
      .then(() => {
        behind = false;
        if (mayWrite()) return s.set(key, snapshot());
      })
      .catch(() => {});
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
      // Neither queued nor behind: every change so far is with the store (written, or journaled by its hide()).
      if (!queued && !behind) return;
      queued = false;
      const s = store();
      if (s && mayWrite()) void s.set(key, snapshot());
    },
    idle: () => saving,
  };
}
