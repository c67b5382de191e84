// Per-page facts read from the browser. Only passive listeners, no timers: the engine decides when to
// look again. window/document are injected so tests can drive a fake page with a fake clock.

type Fn = (e: any) => void;

export interface EventTargetLike {
  addEventListener(type: string, fn: Fn, opts?: AddEventListenerOptions): void;
  removeEventListener(type: string, fn: Fn, opts?: AddEventListenerOptions): void;
}

export interface WindowLike extends EventTargetLike {
  scrollY?: number;
  innerHeight?: number;
  location?: { pathname: string; search: string };
  matchMedia?(query: string): { matches: boolean };
}

export interface DocumentLike extends EventTargetLike {
  referrer?: string;
  hidden?: boolean;
  documentElement?: { scrollHeight: number };
}

/** Facts that belong to the current page (the engine adds the visit-wide ones). */
export interface PageFacts {
  url: string;
  referrer: string;
  timeOnPageSec: number;
  scrollPercent: number;
  exitIntent: boolean;
  idleSec: number;
}

export interface SignalsOptions {
  win: WindowLike;
  doc: DocumentLike;
  now: () => number;
  /** Called after anything that might make a rule match (scroll, exit intent, visibility). */
  onChange: () => void;
  /** Touch device: exit intent is a fast scroll up instead of the pointer leaving. Default: coarse pointer. */
  touch?: boolean;
}

export interface Signals {
  facts(): PageFacts;
  page(url?: string): void;
  stop(): void;
}

// A fling up of at least this many pixels, at 1 px/ms or faster, reads as "leaving" on touch devices.
const FLING_PX = 150;

/** Starts listening; `stop()` removes every listener it added. */
export function createSignals(o: SignalsOptions): Signals {
  // No destructuring: the widget's oldest browser target cannot have it lowered.
  const win = o.win;
  const doc = o.doc;
  const now = o.now;
  const onChange = o.onChange;
  const touch = o.touch ?? !!win.matchMedia?.('(pointer: coarse)').matches;
  let url = '';
  let start = 0;
  let deepest = 0;
  let idleFrom = 0;
  let exit = false;
  let runY = 0;
  let runT = 0;

  const y = () => win.scrollY ?? 0;
  const depth = () => {
    const h = doc.documentElement?.scrollHeight ?? 0;
    const vh = win.innerHeight ?? 0;
    return h <= vh ? 100 : Math.min(100, ((y() + vh) / h) * 100);
  };
  // Exit intent is a moment, not a state: it is true only while the rules are checked for it.
  const leaving = () => {
    exit = true;
    try {
      onChange();
    } finally {
      exit = false;
    }
  };
  const input = () => void (idleFrom = now());
  const scroll = () => {
    const t = (idleFrom = now());
    const cur = y();
    const up = runY - cur;
    deepest = Math.max(deepest, depth());
    // An upward run lasts while it keeps at least 1 px/ms; anything slower (or downward) starts a new one.
    if (touch && up >= FLING_PX && up >= t - runT) {
      runY = cur;
      runT = t;
      leaving();
      return;
    }
    if (up < t - runT) (runY = cur), (runT = t);
    onChange();
  };
  const out = (e: { relatedTarget?: unknown; clientY?: number }) => {
    if (!touch && !e.relatedTarget && (e.clientY ?? 1) <= 0) leaving();
  };

  const opts: AddEventListenerOptions = { passive: true };
  const on: [EventTargetLike, string, Fn][] = [
    [win, 'scroll', scroll],
    [doc, 'mouseout', out],
    [doc, 'visibilitychange', onChange],
    ...['pointermove', 'pointerdown', 'keydown', 'touchstart', 'wheel'].map((t): [EventTargetLike, string, Fn] => [win, t, input]),
  ];
  for (const l of on) l[0].addEventListener(l[1], l[2], opts);

  const page = (u?: string) => {
    const l = win.location;
    url = u ? ((x) => x.pathname + x.search)(new URL(u, 'http://x')) : l ? l.pathname + l.search : '';
    start = idleFrom = now();
    deepest = depth();
    runY = y();
    runT = start;
  };
  page();

  return {
    facts: () => ({
      url,
      referrer: doc.referrer ?? '',
      timeOnPageSec: (now() - start) / 1000,
      scrollPercent: deepest,
      exitIntent: exit,
      idleSec: (now() - idleFrom) / 1000,
    }),
    page,
    stop: () => {
      for (const l of on) l[0].removeEventListener(l[1], l[2], opts);
    },
  };
}
