// Two copies of one stored key, written by pages that could not see each other's writes (one was
// frozen in the back/forward cache, or on localStorage while IndexedDB was stuck): the later one must
// not simply win, or a message only the other copy holds would be lost. Keys of the outbox and of the
// conversation merge by id; a message sent twice is absorbed by the relay's and helpdesk's dedup,
// a message dropped is gone for good.
// Owns: how the two copies combine. Must not: know where they came from.
import type { Snapshot } from './conversation.js';

/** Everything in `first`, in its order, then what only `then` has. */
export function unionById<T extends { id: string }>(first: readonly T[], then: readonly T[]): T[] {
  const seen = new Set(first.map((x) => x.id));
  return first.concat(then.filter((x) => !seen.has(x.id)));
}

/** One cached conversation from two: every message of either (the stored copy's order first); delivered wins over sending. */
export function mergeSnapshots(current: Snapshot, incoming: Snapshot): Snapshot {
  const other = new Map((incoming.messages ?? []).map((m) => [m.id, m]));
  const messages = unionById(current.messages ?? [], incoming.messages ?? []).map((m) => {
    const o = other.get(m.id);
    return o && o.status === 'sent' && m.status !== 'sent' ? o : m;
  });
  return { ...current, ...incoming, messages };
}
