// The wire between one site's tabs: a BroadcastChannel whose messages carry the sender's tab id.
// Keys are one or two letters because every byte of the widget ships to every visitor.

/** A message between tabs; `k` is its kind, `from` the sending tab. */
export interface TabMsg {
  k: string;
  from: string;
  [field: string]: unknown;
}

/** A broadcast bus of one site's tabs (a tab never hears its own posts). */
export interface Bus {
  readonly id: string;
  post(m: Omit<TabMsg, 'from'>): void;
  on(fn: (m: TabMsg) => void): void;
  close(): void;
}

/** Opens the site's channel, or null where BroadcastChannel is missing. */
export function openBus(name: string, id: string): Bus | null {
  if (typeof BroadcastChannel !== 'function') return null;
  const ch = new BroadcastChannel(name);
  const fns: ((m: TabMsg) => void)[] = [];
  ch.onmessage = (e: MessageEvent) => {
    const m = e.data as TabMsg;
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
