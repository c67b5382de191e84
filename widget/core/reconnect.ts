// A WebSocket that reconnects by itself, modelled on partysocket's ws.ts: capped exponential
// backoff with full jitter, a connect timeout, and the retry count reset only after a stable uptime
// so a relay that accepts and drops at once does not get hammered at the minimum delay.
// Owns: one WebSocket's lifetime and backoff. Must not: know the protocol (connection.ts does).
import { Emitter } from './emitter.js';

/** The subset of the WebSocket API this class needs; browsers' and `ws`'s both fit. */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: any) => void) | null;
  onclose: ((ev: any) => void) | null;
  onerror: ((ev: any) => void) | null;
  onmessage: ((ev: any) => void) | null;
}
export type SocketConstructor = new (url: string) => SocketLike;

export interface ReconnectOptions {
  /** WebSocket constructor; defaults to the global one (Node 20 has none: pass `ws`'s). */
  WebSocket?: SocketConstructor;
  /** Ceiling of the first retry's delay, ms. */
  minDelay: number;
  /** Largest delay ceiling, ms. */
  maxDelay: number;
  /** Growth of the delay ceiling per failed attempt. */
  growFactor: number;
  /** A connection not open after this long is abandoned and retried, ms. */
  connectTimeout: number;
  /** The retry count resets only after the socket stayed open this long, ms. */
  minUptime: number;
  /** Give up after this many consecutive failed attempts. */
  maxRetries: number;
  /** Close codes after which retrying is pointless (1008: unknown site or foreign origin). */
  fatalCodes: number[];
  /** Close codes that mean "try again later" (1013: rate limited, no hello in time): wait at least this long, ms. */
  laterCodes: number[];
  laterDelay: number;
  /** Random source in [0, 1), injectable for tests. */
  random: () => number;
}

export const RECONNECT_DEFAULTS: ReconnectOptions = {
  minDelay: 1000,
  maxDelay: 30_000,
  growFactor: 2,
  connectTimeout: 8000,
  minUptime: 5000,
  maxRetries: Infinity,
  fatalCodes: [1008],
  laterCodes: [1013],
  laterDelay: 30_000,
  random: Math.random,
};

/** Delay before retry number `retry` (0-based): full jitter over a capped exponential ceiling. */
export function backoffDelay(retry: number, o: Pick<ReconnectOptions, 'minDelay' | 'maxDelay' | 'growFactor' | 'random'>): number {
  const ceiling = Math.min(o.maxDelay, o.minDelay * Math.pow(o.growFactor, retry));
  return Math.floor(o.random() * ceiling);
}

export interface SocketEvents {
  open: { attempt: number };
  message: string;
  close: { code: number; reason: string; willRetry: boolean };
  retry: { attempt: number; delay: number };
  /** Retrying stopped for good: a fatal close code, too many retries, or no WebSocket at all. */
  stopped: { code: number; reason: string };
}

const OPEN = 1;

/** A WebSocket that reconnects with backoff until closed or told to stop by the server. */
export class ReconnectingSocket extends Emitter<SocketEvents> {
  readonly options: ReconnectOptions;
  private ws: SocketLike | null = null;
  private retries = 0;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private uptimeTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly url: string | (() => string),
    options: Partial<ReconnectOptions> = {},
  ) {
    super();
    // Merged once: later reads never need defaults again.
    this.options = { ...RECONNECT_DEFAULTS, ...options };
    // Deferred so listeners attached right after construction hear even an immediate `stopped`.
    queueMicrotask(() => this.connect());
  }

  /** True while the underlying socket is open. */
  get isOpen(): boolean {
    return this.ws?.readyState === OPEN;
  }

  /** Number of consecutive failed attempts since the last stable connection. */
  get retryCount(): number {
    return this.retries;
  }

  /** Sends if open; returns false otherwise (callers keep their own queue). */
  send(data: string): boolean {
    if (!this.isOpen) return false;
    try {
      this.ws!.send(data);
      return true;
    } catch {
      return false;
    }
  }

  /** Drops the current socket and connects again now, e.g. when the browser comes back online. */
  reconnect(): void {
    if (this.closed) return;
    this.clearTimers();
    const had = !!this.ws;
    this.drop(4000, 'reconnect');
    // Listeners must learn the old socket is gone: anything awaiting an answer on it never gets one.
    if (had) this.emit('close', { code: 4000, reason: 'reconnect', willRetry: true });
    this.connect();
  }

  /** Closes for good: no more retries. */
  close(code = 1000, reason = ''): void {
    this.closed = true;
    this.clearTimers();
    this.drop(code, reason);
  }

  private connect(): void {
    if (this.closed) return;
    const Ctor = this.options.WebSocket ?? (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
    if (!Ctor) {
      this.closed = true;
      this.emit('stopped', { code: 0, reason: 'WebSocket is not available' });
      return;
    }
    this.attempts++;
    let ws: SocketLike;
    try {
      ws = new Ctor(typeof this.url === 'function' ? this.url() : this.url);
    } catch (e) {
      this.onClosed(null, 1006, String((e as Error)?.message ?? e));
      return;
    }
    this.ws = ws;
    this.timer = setTimeout(() => {
      // Half-open TCP or a black-holed proxy: never fires onclose by itself in time.
      this.drop(4008, 'connect timeout');
      this.onClosed(null, 1006, 'connect timeout');
    }, this.options.connectTimeout);
    ws.onopen = () => {
      if (ws !== this.ws) return;
      clearTimeout(this.timer);
      this.uptimeTimer = setTimeout(() => (this.retries = 0), this.options.minUptime);
      this.emit('open', { attempt: this.attempts });
    };
    ws.onmessage = (ev: { data: unknown }) => {
      if (ws !== this.ws) return;
      const d = ev.data;
      if (typeof d === 'string') this.emit('message', d);
      else if (d != null && typeof (d as { toString(): string }).toString === 'function') this.emit('message', String(d));
    };
    ws.onerror = () => {
      // Errors are always followed by close; handling both would double-count the failure.
    };
    ws.onclose = (ev: { code?: number; reason?: unknown }) => this.onClosed(ws, ev?.code ?? 1006, String(ev?.reason ?? ''));
  }

  private onClosed(ws: SocketLike | null, code: number, reason: string): void {
    if (ws && ws !== this.ws) return;
    this.ws = null;
    this.clearTimers();
    if (this.closed) return;
    const fatal = this.options.fatalCodes.includes(code);
    const exhausted = this.retries >= this.options.maxRetries;
    const willRetry = !fatal && !exhausted;
    this.emit('close', { code, reason, willRetry });
    if (!willRetry) {
      this.closed = true;
      this.emit('stopped', { code, reason: reason || (fatal ? 'refused by the relay' : 'too many retries') });
      return;
    }
    // Told to come back later: at least laterDelay, jittered so a crowd does not return at once.
    const later = this.options.laterCodes.includes(code);
    const delay = later ? this.options.laterDelay + backoffDelay(this.retries, this.options) : backoffDelay(this.retries, this.options);
    this.retries++;
    this.emit('retry', { attempt: this.retries, delay });
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private drop(code: number, reason: string): void {
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = null;
    ws.onerror = () => {};
    try {
      ws.close(code, reason);
    } catch {
      // A socket still connecting may refuse close codes; it is abandoned either way.
    }
  }

  private clearTimers(): void {
    clearTimeout(this.timer);
    clearTimeout(this.uptimeTimer);
  }
}
