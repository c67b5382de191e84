// The outbox: what the visitor sent is written to storage before it touches the network and leaves
// storage only when the relay acks it (the helpdesk answered 2xx). One message in flight at a time
// keeps order; the same id on every re-send lets the helpdesk dedupe on `webhook-id`.
// Owns: the durable queue and its storage key. Must not: know sockets or tabs: it sends through the
// transport it is given and hears acks through the leader's routing.
import type { OutboxFrame } from '../../protocol/tabs.js';
import { Emitter } from './emitter.js';
import { backoffDelay } from './reconnect.js';
import type { KV } from './store.js';

export type { OutboxFrame };

export interface OutboxItem {
  id: string;
  frame: OutboxFrame;
  state: 'pending' | 'failed';
  tries: number;
  /** Earliest time (epoch ms) of the next send, after a retryable failure. */
  notBefore?: number;
  reason?: string;
}

export interface OutboxEvents {
  sent: { id: string };
  failed: { id: string; reason: string };
}

export interface OutboxOptions {
  /** Longer than the relay's worst case (all its webhook tries and backoff, ~19 s) so both never retry at once. */
  ackTimeout: number;
  minDelay: number;
  maxDelay: number;
  growFactor: number;
  random: () => number;
  /**
   * Uploads a message's file (widget/uploads): the frame to send, with its descriptor, or whether
   * the try failed for now ('retry') or for good ('failed').
   */
  prepare?: (item: OutboxItem) => Promise<OutboxFrame | 'retry' | 'failed'>;
}

/** Upload tries before a message is marked failed and the outbox moves on (DESIGN §10). */
const UPLOAD_TRIES = 3;

const DEFAULTS: OutboxOptions = { ackTimeout: 25_000, minDelay: 1000, maxDelay: 30_000, growFactor: 2, random: Math.random };

/** A durable, ordered, one-in-flight queue of visitor messages awaiting the relay's ack. */
export class Outbox extends Emitter<OutboxEvents> {
  items: OutboxItem[] = [];
  private inFlight: string | null = null;
  private preparing = false;
  private online = false;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly o: OutboxOptions;

  constructor(
    private readonly store: KV,
    private readonly key: string,
    private readonly transport: (frame: OutboxFrame) => boolean,
    options: Partial<OutboxOptions> = {},
  ) {
    super();
    this.o = { ...DEFAULTS, ...options };
  }

  /** Restores what a previous page left unsent; call before connecting. */
  async load(): Promise<OutboxItem[]> {
    const saved = (await this.store.get<OutboxItem[]>(this.key)) ?? [];
    const known = new Set(this.items.map((i) => i.id));
    // Anything added while loading goes after what an earlier page queued: that is the typing order.
    this.items = [...saved.filter((i) => i && i.id && !known.has(i.id)), ...this.items];
    return this.items;
  }

  /** Persists the frame, then sends it when its turn comes. Resolves once it is stored. */
  async add(frame: OutboxFrame): Promise<void> {
    // Handed over again or adopted from storage: queued once, and "stored" only once it is.
    if (this.items.some((i) => i.id === frame.id)) return this.writing;
    this.items.push({ id: frame.id, frame, state: 'pending', tries: 0 });
    const file = frame.t === 'message' && frame.file;
    // Stored as bytes: a private mode's IndexedDB (WebKit's) refuses Blobs, and the store would fall back to memory.
    if (file && file.b instanceof Blob) file.b = await file.b.arrayBuffer();
    await this.persist();
    this.pump();
  }

  /** Puts a failed message back in the queue with the same id. */
  async retry(id: string): Promise<void> {
    const item = this.items.find((i) => i.id === id);
    if (!item || item.state !== 'failed') return;
    // Back to the end: a retried message is newer than what the visitor typed meanwhile.
    this.items = [...this.items.filter((i) => i !== item), { ...item, state: 'pending', tries: 0, notBefore: undefined, reason: undefined }];
    await this.persist();
    this.pump();
  }

  /** The relay welcomed us: start (or resume) sending. */
  connected(): void {
    this.online = true;
    this.pump();
  }

  /** The socket dropped: whatever was in flight goes again, same id, after reconnect. */
  disconnected(): void {
    this.online = false;
    this.inFlight = null;
    clearTimeout(this.ackTimer);
    clearTimeout(this.wakeTimer);
  }

  /** The helpdesk has it: forget it. */
  ack(id: string): void {
    const had = this.items.some((i) => i.id === id);
    if (this.inFlight === id) this.settle();
    if (!had) return;
    this.items = this.items.filter((i) => i.id !== id);
    void this.persist();
    this.emit('sent', { id });
    this.pump();
  }

  /** The relay gave up on it for now (retryable) or for good. */
  nack(id: string, retryable: boolean, reason: string): void {
    const item = this.items.find((i) => i.id === id);
    if (this.inFlight === id) this.settle();
    if (!item) return;
    if (retryable) {
      item.tries++;
      item.notBefore = Date.now() + backoffDelay(item.tries - 1, this.o);
    } else {
      item.state = 'failed';
      item.reason = reason;
      this.emit('failed', { id, reason });
    }
    void this.persist();
    this.pump();
  }

  /** Drops everything, in memory and in storage. */
  async clear(): Promise<void> {
    this.disconnected();
    this.items = [];
    await this.writing;
    await this.store.del(this.key);
  }

  /** Stops timers without touching storage. */
  stop(): void {
    this.disconnected();
  }

  private settle(): void {
    this.inFlight = null;
    clearTimeout(this.ackTimer);
  }

  private pump(): void {
    if (!this.online || this.inFlight || this.preparing) return;
    const next = this.items.find((i) => i.state === 'pending');
    if (!next) return;
    const wait = (next.notBefore ?? 0) - Date.now();
    clearTimeout(this.wakeTimer);
    if (wait > 0) {
      this.wakeTimer = setTimeout(() => this.pump(), wait);
      return;
    }
    const f = next.frame;
    if (f.t === 'message' && f.file && this.o.prepare) {
      // The file goes first, straight to where the helpdesk said; the message follows with its descriptor.
      // Not cleared by a disconnect: the upload goes on meanwhile, and is never started twice.
      this.preparing = true;
      void this.o.prepare(next).then((r) => {
        this.preparing = false;
        if (!this.items.includes(next)) return this.pump();
        if (typeof r === 'string') return this.nack(next.id, r === 'retry' && next.tries < UPLOAD_TRIES - 1, 'upload_failed');
        // Kept with its descriptor: after a reload the message goes without uploading again.
        next.frame = { ...(r as typeof f), file: f.file };
        void this.persist();
        this.send(next, r);
      });
      return;
    }
    this.send(next, f);
  }

  private send(item: OutboxItem, f: OutboxFrame): void {
    if (!this.online || this.inFlight || !this.transport(f)) return;
    this.inFlight = item.id;
    // No answer in time is treated like a retryable nack: the relay may have lost it in a restart.
    this.ackTimer = setTimeout(() => this.nack(item.id, true, 'timeout'), this.o.ackTimeout);
  }

  private persist(): Promise<void> {
    // Serialised so an older snapshot never overwrites a newer one.
    this.writing = this.writing.then(() => this.store.set(this.key, this.items)).catch(() => {});
    return this.writing;
  }
}
