// Each site's business hours at run time (DESIGN §8): whether it is open now, when it opens next, and
// one timer per site that fires at the next boundary so this instance can push `presence` to its own
// sockets then. No polling: the timer sleeps until the boundary, capped (Node timers cannot wait
// longer than about 24.8 days, and a shorter cap bounds any drift), and is re-armed when it fires.
// Never over the bus: every instance reads the same config and clock.
import { openState, type Hours, type OpenState } from '../protocol/hours.js';

/** What `welcome`, `presence` and widget-config carry of the schedule. */
export interface Availability {
  open: boolean;
  opensAt?: string;
}

export interface ScheduleOptions {
  /** The clock (tests inject one). */
  now: () => number;
  /** Arms a timer; returns its cancel function (tests inject one). */
  setTimer: (fn: () => void, ms: number) => () => void;
  /** Longest single wait; the timer re-arms after it. */
  maxDelayMs: number;
}

const DEFAULTS: ScheduleOptions = {
  now: Date.now,
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A schedule never keeps a process alive on its own.
    t.unref?.();
    return () => clearTimeout(t);
  },
  maxDelayMs: 24 * 3600 * 1000,
};

interface Entry {
  hours: Hours;
  state: OpenState;
  cancel?: () => void;
}

/** The open state of every site that has `hours`; a site without is always open. */
export class SiteSchedules {
  private readonly entries = new Map<string, Entry>();
  private readonly o: ScheduleOptions;
  private running = false;

  constructor(
    sites: Iterable<{ id: string; hours?: Hours }>,
    /** Called when a site opens, closes or its next opening moves (a boundary passed). */
    private readonly onChange: (site: string, a: Availability) => void,
    options: Partial<ScheduleOptions> = {},
  ) {
    this.o = { ...DEFAULTS, ...options };
    for (const s of sites) if (s.hours) this.entries.set(s.id, { hours: s.hours, state: openState(s.hours, this.o.now()) });
  }

  /** Whether the site is open now and, while closed, when it opens. */
  get(site: string): Availability {
    const e = this.entries.get(site);
    if (!e) return { open: true };
    // A stale cache (the timer has not fired yet, or the process slept) is recomputed, never served.
    if (e.state.nextChange !== undefined && this.o.now() >= e.state.nextChange) e.state = openState(e.hours, this.o.now());
    return view(e.state);
  }

  /** Arms each site's timer. */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const [site, e] of this.entries) this.arm(site, e);
  }

  /** Cancels every timer. */
  stop(): void {
    this.running = false;
    for (const e of this.entries.values()) e.cancel?.(), (e.cancel = undefined);
  }

  private arm(site: string, e: Entry): void {
    e.cancel?.();
    if (!this.running) return;
    const wait = e.state.nextChange === undefined ? this.o.maxDelayMs : Math.min(this.o.maxDelayMs, Math.max(0, e.state.nextChange - this.o.now()));
    e.cancel = this.o.setTimer(() => this.fire(site, e), wait);
  }

  private fire(site: string, e: Entry): void {
    e.cancel = undefined;
    const before = view(e.state);
    e.state = openState(e.hours, this.o.now());
    const after = view(e.state);
    this.arm(site, e);
    if (before.open !== after.open || before.opensAt !== after.opensAt) {
      try {
        this.onChange(site, after);
      } catch {
        // A failing push must not stop the schedule.
      }
    }
  }
}

const view = (s: OpenState): Availability => (s.opensAt === undefined ? { open: s.open } : { open: s.open, opensAt: s.opensAt });
