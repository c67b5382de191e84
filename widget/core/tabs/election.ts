// Which tab leads: the holder of a Web Lock where the browser has them (a closed tab releases it at
// once, so the next queued tab leads within milliseconds), else a BroadcastChannel claim where the
// higher term, then the lower tab id, wins. Either way the leader beats every second and answers
// pings at once, because message handlers still run in a throttled background tab while timers do not;
// a leader that answers nothing is frozen, and a follower replaces it (Web Locks `steal`).
// Owns: who leads. Must not: know what leading means (tabs.ts and the client's roles do).
import type { ConnectionState } from '../../../protocol/tabs.js';
import type { Bus, TabMessage } from './channel.js';

/** The part of the Web Locks API the election uses. */
export interface Locks {
  request(name: string, options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal }, cb: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

export interface ElectionOptions {
  bus: Bus;
  /** Web Locks, or null for the BroadcastChannel claim. */
  locks: Locks | null;
  name: string;
  /** Called when this tab starts or stops leading, and when another tab becomes the leader. */
  onChange: (leading: boolean, leader: string | null) => void;
  /** Extra fields for each heartbeat (the leader's connection state). */
  beat?: () => { s: ConnectionState };
  /** Heartbeat period; a leader silent for 3 periods after a ping is replaced. */
  period?: number;
  random?: () => number;
}

/** Elects one leader among a site's tabs and replaces it when it closes or freezes. */
export class Election {
  leading = false;
  leader: string | null = null;
  private term = 0;
  private heard = Date.now();
  private claiming = false;
  private release: (() => void) | null = null;
  private holding: object | null = null;
  private abort: AbortController | null = null;
  private timer: ReturnType<typeof setInterval>;
  private closed = false;
  private readonly period: number;
  private readonly patience: number;

  constructor(private readonly o: ElectionOptions) {
    this.period = o.period ?? 1000;
    // Spread the followers' patience so a frozen leader is replaced by one of them, not all at once.
    this.patience = this.period * (3 + (o.random ?? Math.random)());
    o.bus.on((m) => this.onMsg(m));
    this.timer = setInterval(() => this.tick(), this.period);
  }

  /** Starts: leads at once if nobody does, else follows and waits in line. */
  start(): void {
    const locks = this.o.locks;
    // A leader answers at once, so a follower knows it within milliseconds, not a heartbeat later.
    this.o.bus.post({ k: 'ping' });
    if (locks) {
      const mine = {};
      locks.request(this.o.name, { ifAvailable: true }, (lock) => {
        if (lock) return this.hold(mine);
        this.queue(false);
        this.o.onChange(false, this.leader);
      }).catch(() => this.lost(mine));
      return;
    }
    // Nobody answered in time: nobody leads.
    setTimeout(() => this.leader || this.claim(), this.period / 5);
  }

  /** Resigns (the tab is closing or the widget is destroyed); the next tab takes over at once. */
  close(): void {
    if (this.closed) return;
    if (this.leading) this.o.bus.post({ k: 'bye' });
    this.closed = true;
    this.leading = false;
    clearInterval(this.timer);
    this.abort?.abort();
    this.release?.();
  }

  private queue(steal: boolean): void {
    if (this.closed || this.leading) return;
    this.abort?.abort();
    const ac = (this.abort = typeof AbortController === 'function' ? new AbortController() : null);
    const mine = {};
    const opts = steal ? { steal: true } : ac ? { signal: ac.signal } : {};
    this.o.locks!.request(this.o.name, opts, () => this.hold(mine)).catch(() => this.lost(mine));
  }

  private hold(mine: object): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.holding = mine;
    this.abort = null;
    this.promote();
    return new Promise((r) => (this.release = r));
  }

  /** Our lock request failed: a queued one was aborted, or a held one was stolen from us. */
  private lost(mine: object): void {
    if (this.holding !== mine) return;
    this.holding = null;
    this.demote(null);
  }

  private promote(): void {
    this.term++;
    this.leading = true;
    this.leader = this.o.bus.id;
    this.claiming = false;
    this.beat();
    this.o.onChange(true, this.leader);
  }

  private demote(to: string | null): void {
    const was = this.leading;
    this.leading = false;
    this.leader = to;
    this.holding = null;
    this.heard = Date.now();
    this.release?.();
    this.release = null;
    if (was || to) this.o.onChange(false, to);
    if (this.o.locks) this.queue(false);
  }

  /** Takes the lead from a silent leader, or claims it where there are no locks. */
  private claim(): void {
    if (this.closed || this.leading) return;
    if (this.o.locks) return this.queue(true);
    this.claiming = true;
    this.term++;
    this.o.bus.post({ k: 'hb', t: this.term });
    // A rival claiming at the same moment has had time to answer: its better claim cancels ours.
    setTimeout(() => this.claiming && !this.closed && this.promote(), this.period / 10);
  }

  private beat(): void {
    this.o.bus.post(Object.assign({ k: 'hb' as const, t: this.term }, this.o.beat?.()));
  }

  private tick(): void {
    if (this.leading) return this.beat();
    const quiet = Date.now() - this.heard;
    if (quiet > this.patience) this.claim();
    else if (quiet > this.period * 1.5) this.o.bus.post({ k: 'ping' });
  }

  private onMsg(m: TabMessage): void {
    if (this.closed) return;
    if (m.k === 'ping' && this.leading) return this.beat();
    if (m.k === 'bye' && m.from === this.leader) {
      this.leader = null;
      this.heard = 0;
      // The lock goes to the next tab in line by itself; without locks the first claim wins.
      if (!this.o.locks) setTimeout(() => this.leader || this.claim(), (this.o.random ?? Math.random)() * 50);
      return;
    }
    if (m.k !== 'hb') return;
    const t = Number(m.t) || 0;
    // Ties between claims break on the lower tab id so that exactly one side yields.
    const better = t > this.term || (t === this.term && m.from < this.o.bus.id);
    if (this.leading || this.claiming) {
      if (!better) return this.beat();
      this.claiming = false;
      this.term = t;
      if (this.leading) return this.demote(m.from);
    }
    this.term = Math.max(this.term, t);
    this.heard = Date.now();
    if (this.leader !== m.from) {
      this.leader = m.from;
      this.o.onChange(false, m.from);
    }
  }
}
