// A follower's message is written to storage before it is handed to the leader and stays there
// until a leader has it in the outbox: the leader may be frozen in the background and this tab closed
// before anyone answers, and a message that lived only in a closed tab's memory is lost. Whichever
// tab leads adopts what it finds; everything dedupes by message id, so adopting twice is harmless.
// A closure rather than a class: its names minify, and every byte ships to every visitor.
// Owns: the hand-off entries in storage. Must not: send, or decide who adopts (tabs.ts does).
import type { ChatMessage } from '../conversation.js';
import type { OutboxFrame } from '../outbox.js';
import type { KV } from '../store.js';

/** One handed-over frame as stored, under its own key `k`. */
export interface Handed {
  k: string;
  f: OutboxFrame;
  m?: ChatMessage;
  /** Send order: strictly rising within a tab, wall-clock across tabs. */
  n: number;
}

export type Handoff = ReturnType<typeof handoff>;

/** The site's handed-over frames in `kv`: one key per tab and message. */
export function handoff(kv: KV, site: string) {
  const pre = site + ':handoff:';
  let n = 0;
  let written: Promise<unknown> = Promise.resolve();
  const key = (tab: string, id: string): string => pre + tab + ':' + id;
  /** Every tab's frames no leader has confirmed, oldest first. */
  async function all(): Promise<Handed[]> {
    const ks = (await kv.keys()).filter((k) => k.indexOf(pre) === 0);
    const found = await Promise.all(ks.map((k) => kv.get<Handed>(k)));
    return found.filter((h): h is Handed => !!(h && h.f)).sort((a, b) => a.n - b.n);
  }
  return {
    key,
    /** Records a frame; resolves once it and every frame recorded before it are stored. */
    put(tab: string, f: OutboxFrame, m?: ChatMessage): Promise<unknown> {
      const v: Handed = { k: key(tab, f.id), f, m, n: (n = Math.max(Date.now(), n + 1)) };
      return (written = written.then(() => kv.set(v.k, v)).catch(() => {}));
    },
    /** Resolves once every frame recorded so far is stored. */
    idle: (): Promise<unknown> => written,
    /** Forgets one stored frame (a leader has it in the outbox). */
    drop: (k: string): Promise<void> => kv.del(k),
    all,
    /** Forgets every tab's frames (shutdown wipes the visitor's data), after the writes under way. */
    clear: (): Promise<unknown> => written.then(all).then((hs) => Promise.all(hs.map((h) => kv.del(h.k)))),
  };
}
