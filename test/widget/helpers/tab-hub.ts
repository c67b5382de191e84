// An in-memory stand-in for the tabs' BroadcastChannel, for the election and hand-off tests.
import type { Bus, TabMessage } from '../../../widget/core/tabs/channel.js';

/** A broadcast bus per tab id; a frozen tab neither hears nor speaks, and what it missed is gone. */
export function hub() {
  const tabs = new Map<string, { fns: ((m: TabMessage) => void)[]; frozen: boolean }>();
  return (id: string): Bus & { freeze(): void; thaw(): void } => {
    const me = { fns: [] as ((m: TabMessage) => void)[], frozen: false };
    tabs.set(id, me);
    return {
      id,
      post: (m) => {
        if (me.frozen) return;
        for (const [other, t] of tabs) if (other !== id && !t.frozen) for (const fn of t.fns) setTimeout(() => fn({ ...m, from: id } as TabMessage), 1);
      },
      on: (fn) => void me.fns.push(fn),
      close: () => void tabs.delete(id),
      freeze: () => void (me.frozen = true),
      thaw: () => void (me.frozen = false),
    };
  };
}
