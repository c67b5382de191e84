// One site's webhook queue, bounded like ws's Limiter: at most `concurrency` deliveries run, the rest
// wait in two lanes (acked and essential events first), and when `maxQueued` are waiting the events
// that may be lost (`latest`, `best`) are shed and counted, never the ones a visitor or a helpdesk
// relies on. A `latest` event replaces the one with the same key still waiting (newest draft wins).
// Jobs are objects with callbacks, not promises: every acked message passes here, and a promise per
// step was most of what the relay spent per message beyond the HTTP request itself.
import type { DeliveryClass } from '../protocol/webhooks.js';

/** The outcome of a delivery that never ran. */
export type Shed = 'shed' | 'superseded' | 'deadline';

/** A delivery the queue can start, or drop before it starts. */
export interface QueuedJob {
  readonly cls: DeliveryClass;
  /** Same-key `latest` jobs replace each other while they wait; undefined for none. */
  readonly key: string | undefined;
  /** Not started at or after this time (ms since epoch; Infinity for never). */
  readonly deadline: number;
  /** Runs it; it calls `done` exactly once when it has ended, however it ended. */
  start(done: () => void): void;
  /** It will never run, and why. */
  shed(why: Shed): void;
}

/**
 * A first-in first-out list whose take from the front is O(1): Array#shift moves every waiting job,
 * and a backed-up queue (up to maxQueued) would pay that on every start.
 */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    // Compacted once the taken part is most of the array, so memory follows what waits.
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Takes out the first item that matches (a superseded draft); O(n), only for `latest` with a key. */
  take(match: (item: T) => boolean): T | undefined {
    for (let i = this.head; i < this.items.length; i++) {
      if (match(this.items[i]!)) return this.items.splice(i, 1)[0];
    }
    return undefined;
  }
}

export class DeliveryQueue<J extends QueuedJob = QueuedJob> {
  private running = 0;
  private readonly urgent = new Fifo<J>();
  private readonly sheddable = new Fifo<J>();
  // One function for every job: a closure per start would be one more allocation per message.
  private readonly done = (): void => {
    this.running--;
    this.next();
  };

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued: number,
  ) {}

  /** How many deliveries wait. */
  get waiting(): number {
    return this.urgent.length + this.sheddable.length;
  }

  /** Starts the job now if a slot is free, else queues it (or sheds what may be lost). */
  push(job: J): void {
    const droppable = job.cls === 'latest' || job.cls === 'best';
    if (job.cls === 'latest' && job.key !== undefined) {
      this.sheddable.take((j) => j.key === job.key)?.shed('superseded');
    }
    if (this.running < this.concurrency) return this.start(job);
    if (this.waiting >= this.maxQueued) {
      if (droppable) return job.shed('shed');
      // Room is made from what may be lost; what may not is queued anyway (rate limits bound it).
      this.sheddable.shift()?.shed('shed');
    }
    (droppable ? this.sheddable : this.urgent).push(job);
  }

  private start(job: J): void {
    if (Date.now() >= job.deadline) {
      job.shed('deadline');
      return this.next();
    }
    this.running++;
    job.start(this.done);
  }

  private next(): void {
    while (this.running < this.concurrency) {
      const job = this.urgent.shift() ?? this.sheddable.shift();
      if (!job) return;
      this.start(job);
    }
  }
}
