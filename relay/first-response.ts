// The first-response KPI: how long a visitor waits from a message to the next agent message. Kept per
// visitor, not per socket, so a visitor moving to the next page (a new socket) is still waiting; the
// clock starts at the first message an agent has not answered yet, so three quick messages and one
// reply are one wait, measured from the first.

/** Past this a reply no longer counts as an answer to that message; the wait is forgotten. */
const WAIT_TTL_MS = 24 * 60 * 60_000;

export class FirstResponse {
  /** `site|visitor` -> when their unanswered message came in; insertion order is oldest first. */
  private readonly waiting = new Map<string, number>();

  constructor(private readonly ttlMs = WAIT_TTL_MS) {}

  /** The visitor's message was taken at `now` (ms, monotonic). */
  visitorSaid(site: string, visitorId: string, now: number): void {
    const key = `${site}|${visitorId}`;
    if (this.waiting.has(key)) return;
    this.waiting.set(key, now);
    // Oldest first: only waits past their time are dropped, so the map stays as large as live waits.
    for (const [k, at] of this.waiting) {
      if (now - at < this.ttlMs) break;
      this.waiting.delete(k);
    }
  }

  /** An agent's message reached the visitor at `now`: the seconds they waited, if they were waiting. */
  agentSaid(site: string, visitorId: string, now: number): number | undefined {
    const key = `${site}|${visitorId}`;
    const at = this.waiting.get(key);
    if (at === undefined) return undefined;
    this.waiting.delete(key);
    return now - at < this.ttlMs ? (now - at) / 1000 : undefined;
  }
}
