// Token buckets under string keys. A refused take still spends a token, so a bucket can run into
// debt: a client that keeps sending while refused digs deeper and is told it is abusive, while one
// that backs off recovers at the refill rate. A full bucket is the same as none, so idle keys are
// swept and memory follows the visitors who are active now.

/** A bucket of `burst` tokens refilled at `perSecond`. */
export interface Rate {
  burst: number;
  perSecond: number;
}

/** What a take found: allowed, refused, or refused so far beyond the bucket that it is abuse. */
export type Verdict = 'ok' | 'refused' | 'abuse';

interface Bucket {
  tokens: number;
  at: number;
  rate: Rate;
}

export class Buckets {
  private readonly map = new Map<string, Bucket>();

  /** @param abuseFactor how many bursts of debt make a take `abuse`. */
  constructor(private readonly abuseFactor: number) {}

  /** Takes one token from `key`'s bucket. */
  take(key: string, rate: Rate, now = Date.now()): Verdict {
    let b = this.map.get(key);
    if (!b) this.map.set(key, (b = { tokens: rate.burst, at: now, rate }));
    b.rate = rate;
    b.tokens = Math.min(rate.burst, b.tokens + ((now - b.at) / 1000) * rate.perSecond);
    b.at = now;
    b.tokens -= 1;
    if (b.tokens >= 0) return 'ok';
    // Debt is bounded so a client that stops is forgiven in bounded time.
    const floor = -this.abuseFactor * rate.burst;
    if (b.tokens <= floor) {
      b.tokens = floor;
      return 'abuse';
    }
    return 'refused';
  }

  /** Drops buckets that have refilled completely by `now` (they hold nothing worth keeping). */
  sweep(now = Date.now()): void {
    for (const [key, b] of this.map) if (b.tokens + ((now - b.at) / 1000) * b.rate.perSecond >= b.rate.burst) this.map.delete(key);
  }

  /** How many keys are held (tests, metrics). */
  get size(): number {
    return this.map.size;
  }
}
