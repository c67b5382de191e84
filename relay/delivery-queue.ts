// One site's webhook queue, bounded like ws's Limiter: at most `concurrency` deliveries run, the rest
// wait in two lanes (acked and essential events first), and when `maxQueued` are waiting the events
// that may be lost (`latest`, `best`) are shed and counted, never the ones a visitor or a helpdesk
// relies on. A `latest` event replaces the one with the same key still waiting (newest draft wins).
import type { DeliveryClass } from '../protocol/webhooks.js';

/** The outcome of a delivery that never ran. */
export type Shed = 'shed' | 'superseded' | 'deadline';

interface Job<R> {
  cls: DeliveryClass;
  key: string | undefined;
  deadline: number;
  run: (deadline: number) => Promise<R>;
  resolve: (r: R | Shed) => void;
}

export class DeliveryQueue<R> {
  private running = 0;
  private readonly urgent: Job<R>[] = [];
  private readonly sheddable: Job<R>[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued: number,
    private readonly onShed: (cls: DeliveryClass, why: Shed) => void = () => {},
  ) {}

  /** How many deliveries wait. */
  get waiting(): number {
    return this.urgent.length + this.sheddable.length;
  }

  /** Queues a delivery; resolves with its result, or why it never ran. */
  push(cls: DeliveryClass, run: (deadline: number) => Promise<R>, opts: { key?: string; deadline?: number } = {}): Promise<R | Shed> {
    return new Promise((resolve) => {
      const job: Job<R> = { cls, key: opts.key, deadline: opts.deadline ?? Infinity, run, resolve };
      const droppable = cls === 'latest' || cls === 'best';
      if (cls === 'latest' && job.key !== undefined) {
        const i = this.sheddable.findIndex((j) => j.key === job.key);
        if (i >= 0) this.drop(this.sheddable.splice(i, 1)[0]!, 'superseded');
      }
      if (this.running < this.concurrency) return this.start(job);
      if (this.waiting >= this.maxQueued) {
        if (droppable) return this.drop(job, 'shed');
        // Room is made from what may be lost; what may not is queued anyway (rate limits bound it).
        const oldest = this.sheddable.shift();
        if (oldest) this.drop(oldest, 'shed');
      }
      (droppable ? this.sheddable : this.urgent).push(job);
    });
  }

  private drop(job: Job<R>, why: Shed): void {
    this.onShed(job.cls, why);
    job.resolve(why);
  }

  private start(job: Job<R>): void {
    if (Date.now() >= job.deadline) {
      this.drop(job, 'deadline');
      return this.next();
    }
    this.running++;
    // Two callbacks rather than then().finally(): every acked message passes here, and each promise
    // less is work the relay does not do per message.
    job.run(job.deadline).then(
      (r) => this.finish(job, r),
      () => this.finish(job, 'shed'),
    );
  }

  private finish(job: Job<R>, r: R | Shed): void {
    this.running--;
    job.resolve(r);
    this.next();
  }

  private next(): void {
    while (this.running < this.concurrency) {
      const job = this.urgent.shift() ?? this.sheddable.shift();
      if (!job) return;
      this.start(job);
    }
  }
}
