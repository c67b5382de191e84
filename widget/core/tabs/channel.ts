// The wire between one site's tabs: a BroadcastChannel whose messages carry the sender's tab id.
// The messages themselves are protocol/tabs.ts's.
// Owns: the BroadcastChannel. Must not: know what the messages mean.
import type { TabMessage, TabMessageBody } from '../../../protocol/tabs.js';

export type { TabMessage };

/** A broadcast bus of one site's tabs (a tab never hears its own posts). */
export interface Bus {
  readonly id: string;
  post(m: TabMessageBody): void;
  on(fn: (m: TabMessage) => void): void;
  close(): void;
}

/** Opens the site's channel, or null where BroadcastChannel is missing. */
export function openBus(name: string, id: string): Bus | null {
  if (typeof BroadcastChannel !== 'function') return null;
  const ch = new BroadcastChannel(name);
  const fns: ((m: TabMessage) => void)[] = [];
  ch.onmessage = (e: MessageEvent) => {
    const m = e.data as TabMessage;
    if (m && typeof m.k === 'string') for (const fn of fns) fn(m);
  };
  return {
    id,
    post: (m) => {
      try {
        ch.postMessage(Object.assign({ from: id }, m));
      } catch {
        // A closed channel (tab going away) or an uncloneable value: nothing useful to do.
      }
    },
    on: (fn) => void fns.push(fn),
    close: () => ch.close(),
  };
}
