// A fake page for the invitation engine's tests: a window and document that count listeners and insist
// they are passive, an in-memory store, and a fake clock that fails any test whose timers poll faster
// than once a second.
import { afterEach, beforeEach, expect, vi } from 'vitest';
import {
  createInvitationEngine,
  type Invitation,
  type InvitationEngineOptions,
  type KeyValueStore,
  type Rule,
  type RuleError,
} from '../../../widget/invitations/index.js';

// A minimal event target that also checks every listener is passive and counts what is attached.
export class Target {
  listeners = new Map<string, Set<(e: unknown) => void>>();
  addEventListener(type: string, fn: (e: unknown) => void, opts?: AddEventListenerOptions) {
    expect(opts?.passive).toBe(true);
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(fn);
  }
  removeEventListener(type: string, fn: (e: unknown) => void) {
    this.listeners.get(type)?.delete(fn);
  }
  emit(type: string, e: unknown = {}) {
    for (const fn of [...(this.listeners.get(type) ?? [])]) fn(e);
  }
  get count() {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
}

export function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: async (k) => (data.has(k) ? JSON.parse(data.get(k)!) : undefined),
    set: async (k, v) => void data.set(k, JSON.stringify(v)),
  };
}

export const SEC = 1000;
export const MIN = 60 * SEC;
export const ID = /^[A-Za-z0-9_-]{8,64}$/;

let delays: number[] = [];

/** The delay of every timer the engine set during this test. */
export function timerDelays(): number[] {
  return delays;
}

/** Opens a page of a 4000 px tall site in a 1000 px window: scrolling to y shows (y + 1000) / 40 percent. */
export async function visitPage(
  url: string,
  o: { store: KeyValueStore; rules: unknown; referrer?: string } & Partial<InvitationEngineOptions>,
) {
  const [pathname, search = ''] = url.split(/(?=\?)/);
  const win = Object.assign(new Target(), { scrollY: 0, innerHeight: 1000, location: { pathname: pathname!, search } });
  const doc = Object.assign(new Target(), { referrer: o.referrer ?? '', hidden: false, documentElement: { scrollHeight: 4000 } });
  const shown: Invitation[] = [];
  const errors: RuleError[] = [];
  const engine = createInvitationEngine({
    touch: false,
    ...o,
    win,
    doc,
    setTimer: (fn, ms) => (delays.push(ms), setTimeout(fn, ms)),
    onShow: (i) => shown.push(i),
    onError: (e) => errors.push(e),
  });
  await engine.start();
  return {
    engine,
    win,
    doc,
    shown,
    errors,
    /** What the visitor currently sees: the rule ids shown so far. */
    get seen() {
      return shown.map((i) => i.ruleId);
    },
    scrollTo(y: number) {
      win.scrollY = y;
      win.emit('scroll');
    },
    leaveThroughTop() {
      doc.emit('mouseout', { relatedTarget: null, clientY: -3 });
    },
  };
}

export const wait = (ms: number) => vi.advanceTimersByTime(ms);
export const r = (id: string, conditions: Rule['conditions'], extra: Partial<Rule> = {}): Rule => ({
  id,
  text: `text of ${id}`,
  conditions,
  ...extra,
});


/** Runs each test on a fake clock and checks, after it, that nothing polled faster than once a second. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-03-01T09:00:00Z') });
    delays = [];
  });
  afterEach(() => {
    // Nothing polls faster than once a second.
    expect(delays.every((ms) => ms >= 1000)).toBe(true);
    vi.useRealTimers();
  });
}
