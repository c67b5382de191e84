// Per-visitor state that outlives one frame: the message-rate budget and the live typing preview,
// with each site's compiled masking patterns. Keyed by site and visitor id, so it belongs to the
// visitor, not the socket; forgotten when the visitor's last socket here closes. Limits for more frame
// types belong here too. It must not send frames or know about sockets.
import type { ResolvedSite } from './config.js';
import { sitePatterns, TypingCoalescer } from './typing.js';

interface Bucket {
  tokens: number;
  at: number;
}

export class VisitorStates {
  private readonly typing = new Map<string, TypingCoalescer>();
  private readonly patterns = new Map<string, RegExp[]>();
  private readonly rates = new Map<string, Bucket>();

  constructor(sites: Iterable<ResolvedSite>) {
    for (const site of sites) {
      this.typing.set(site.id, new TypingCoalescer(site.typingPreview.intervalMs));
      this.patterns.set(site.id, sitePatterns(site.typingPreview));
    }
  }

  /** Takes one message token from the visitor's per-minute budget; false when it is spent. */
  takeMessageToken(site: ResolvedSite, visitorId: string): boolean {
    const key = `${site.id}:${visitorId}`;
    const perMinute = site.limits.messagesPerMinute;
    const now = Date.now();
    const b = this.rates.get(key) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) * perMinute) / 60_000);
    b.at = now;
    this.rates.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** The site's typing coalescer: latest draft wins, one send per interval per visitor. */
  typingOf(site: ResolvedSite): TypingCoalescer {
    return this.typing.get(site.id)!;
  }

  /** The site's compiled sensitivePatterns. */
  patternsOf(site: ResolvedSite): RegExp[] {
    return this.patterns.get(site.id) ?? [];
  }

  /** The visitor's last socket here closed. */
  forget(site: ResolvedSite, visitorId: string): void {
    this.typing.get(site.id)?.forget(visitorId);
    this.rates.delete(`${site.id}:${visitorId}`);
  }

  /** Cancels pending previews (shutdown). */
  clear(): void {
    for (const t of this.typing.values()) t.clear();
  }
}
