// Deduping by webhook-id (DESIGN §3): the relay retries with the same id, and a repeated id must get
// the answer the first one got (a retried visitor.connected still gets its catch-up). The store is
// pluggable, so several helpdesk processes can share one (Redis, a database table).

/** The answer given to one webhook-id. */
export interface StoredAnswer {
  status: number;
  body: string;
}

/** Where answers are remembered by webhook-id; methods may return promises. */
export interface DedupeStore {
  get(id: string): StoredAnswer | undefined | Promise<StoredAnswer | undefined>;
  /** Remembers `answer` for at least `ttlMs` (the timestamp window: a later replay is refused anyway). */
  set(id: string, answer: StoredAnswer, ttlMs: number): void | Promise<void>;
}

/**
 * An in-memory store of at most `max` answers, each kept `ttlMs` at most; when full, the oldest goes
 * first. For one helpdesk process.
 */
export function memoryDedupeStore(o: { max: number }): DedupeStore {
  const answers = new Map<string, StoredAnswer & { until: number }>();
  return {
    get(id) {
      const a = answers.get(id);
      if (a && a.until < Date.now()) answers.delete(id);
      return a && a.until >= Date.now() ? { status: a.status, body: a.body } : undefined;
    },
    set(id, answer, ttlMs) {
      answers.delete(id);
      answers.set(id, { ...answer, until: Date.now() + ttlMs });
      // A Map iterates in insertion order: the first key is the oldest.
      while (answers.size > o.max) answers.delete(answers.keys().next().value!);
    },
  };
}
