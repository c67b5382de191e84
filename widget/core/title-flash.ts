// The tab's title flashes "(1) New message" while a new agent message waits in a hidden tab, so a
// visitor who moved to another tab sees that the agent answered. The tabs pick one tab per message
// (widget/core/tabs/tabs.ts), so the title flashes once across tabs, like the sound.
// Owns: the document title while flashing. Must not: decide which tab flashes.

export interface TitleFlashOptions {
  /** How often the title switches between the page's own and the notice, in ms. */
  periodMs?: number;
}

export interface TitleFlash {
  /** One more message waits: starts flashing when the tab is hidden, else does nothing. */
  ping(label: (n: number) => string): void;
  /** Stops flashing and puts the page's title back. */
  stop(): void;
}

/** The title flash of this tab; it stops by itself when the visitor comes back to the tab. */
export function createTitleFlash(o: TitleFlashOptions = {}): TitleFlash {
  const period = o.periodMs ?? 1000;
  let count = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let own = '';
  let shown = '';
  const stop = () => {
    if (timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
    count = 0;
    // The page may have set its own title meanwhile: only ours is taken back.
    if (document.title === shown) document.title = own;
    document.removeEventListener('visibilitychange', onVisible);
  };
  const onVisible = () => {
    if (!document.hidden) stop();
  };
  return {
    ping(label) {
      if (!document.hidden) return;
      count++;
      if (timer === undefined) {
        own = document.title;
        document.addEventListener('visibilitychange', onVisible);
        timer = setInterval(() => {
          if (document.title === shown) document.title = own;
          else {
            own = document.title;
            document.title = shown;
          }
        }, period);
      } else if (document.title !== shown) own = document.title;
      shown = label(count);
      document.title = shown;
    },
    stop,
  };
}
