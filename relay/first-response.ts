// The first-response KPI: how long a visitor waits from a message to the next agent message. Kept per
// visitor, not per socket, so a visitor moving to the next page (a new socket) is still waiting; the
// clock starts at the first message an agent has not answered yet, so three quick messages and one
// reply are one wait, measured from the first.

/** Past this a reply no longer counts as an answer to that message; the wait is forgotten. */
const WAIT_TTL_MS = 24 * 60 * 60_000;

export class FirstResponse {
  /**
   * Per site, visitor id -> when their unanswered message came in; insertion order is oldest first.
   * Keyed by the visitor's own id string, not a `site|visitor` string: every message asks, and a
   * key made per message was a string to build and hash each time.
   */
  private readonly waiting = new Map<string, Map<string, number>>();

  constructor(private readonly ttlMs = WAIT_TTL_MS) {}

  /** The visitor's message was taken at `now` (ms, monotonic). */
  visitorSaid(site: string, visitorId: string, now: number): void {
    let waits = this.waiting.get(site);
    if (!waits) this.waiting.set(site, (waits = new Map()));
    if (waits.has(visitorId)) return;
    waits.set(visitorId, now);
    // Oldest first: only waits past their time are dropped, so the map stays as large as live waits.
    for (const [k, at] of waits) {
      if (now - at < this.ttlMs) break;
      waits.delete(k);
    }
  }

  /** An agent's message reached the visitor at `now`: the seconds they waited, if they were waiting. */
  agentSaid(site: string, visitorId: string, now: number): number | undefined {
    const waits = this.waiting.get(site);
    const at = waits?.get(visitorId);
    if (at === undefined) return undefined;
    waits!.delete(visitorId);
    return now - at < this.ttlMs ? (now - at) / 1000 : undefined;
  }
}
