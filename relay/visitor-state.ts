// Per-visitor state that outlives one frame: rate budgets per frame type (per visitor id and per
// address, so a reconnect or a fresh id gains nothing) and the live typing preview, with each site's
// compiled masking patterns. Keyed by site and visitor id, so it belongs to the visitor, not the
// socket. It must not send frames or know about sockets.
import type { ClientFrame } from '../protocol/client-frames.js';
import type { ResolvedSite } from './config.js';
import { Buckets, type Rate, type Verdict } from './rates.js';
import { sitePatterns, TypingCoalescer } from './typing.js';

const SWEEP_MS = 60_000;
/** How long an agent's invitation text is remembered for the visitor's answer to it (shown, accepted…). */
const INVITATION_TTL_MS = 60 * 60_000;
/** Invitations remembered per visitor: the newest win. */
const INVITATIONS_PER_VISITOR = 20;

/** Who sent a frame: the visitor (once known) and the address it came from. */
export interface Sender {
  site: ResolvedSite;
  ip: string;
  visitorId: string | undefined;
}

export class VisitorStates {
  private readonly typing = new Map<string, TypingCoalescer>();
  private readonly reads = new Map<string, TypingCoalescer>();
  private readonly patterns = new Map<string, RegExp[]>();
  private readonly buckets = new Map<string, Buckets>();
  /** Per site and rate kind: the visitor's rate and the address's (a factor larger), worked out once. */
  private readonly rates = new Map<string, Map<string, { visitor: Rate; address: Rate }>>();
  /** Per site and visitor: the invitations agents pushed, id -> [text, when]. */
  private readonly invitations = new Map<string, Map<string, [string, number]>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(sites: Iterable<ResolvedSite>) {
    for (const site of sites) {
      this.typing.set(site.id, new TypingCoalescer(site.typingPreview.intervalMs));
      // Read receipts coalesce like drafts: the newest upTo wins, one webhook per interval.
      this.reads.set(site.id, new TypingCoalescer(site.limits.readIntervalMs));
      this.patterns.set(site.id, sitePatterns(site.typingPreview));
      this.buckets.set(site.id, new Buckets(site.limits.abuseFactor));
      this.rates.set(site.id, siteRates(site));
    }
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  /**
   * Spends one frame of type `t` from the sender's budgets: the visitor's (when known) and the
   * address's. The worse verdict wins.
   */
  take(from: Sender, t: ClientFrame['t']): Verdict {
    const { site } = from;
    const kind = t === 'offline_message' ? 'message' : t;
    const rate = this.rates.get(site.id)!.get(kind)!;
    const b = this.buckets.get(site.id)!;
    const now = Date.now();
    const byAddress = b.take(`a|${from.ip}|${kind}`, rate.address, now);
    if (from.visitorId === undefined) return byAddress;
    const byVisitor = b.take(`v|${from.visitorId}|${kind}`, rate.visitor, now);
    return byVisitor === 'abuse' || byAddress === 'abuse' ? 'abuse' : byVisitor === 'ok' && byAddress === 'ok' ? 'ok' : 'refused';
  }

  /** An agent pushed an invitation to the visitor: its text is what the helpdesk is told, later. */
  rememberInvitation(site: ResolvedSite, visitorId: string, id: string, text: string): void {
    const key = `${site.id}|${visitorId}`;
    let m = this.invitations.get(key);
    if (!m) this.invitations.set(key, (m = new Map()));
    m.delete(id);
    m.set(id, [text, Date.now()]);
    if (m.size > INVITATIONS_PER_VISITOR) m.delete(m.keys().next().value!);
  }

  /** The text of an invitation an agent pushed to the visitor through this relay, if remembered. */
  invitationText(site: ResolvedSite, visitorId: string, id: string): string | undefined {
    const hit = this.invitations.get(`${site.id}|${visitorId}`)?.get(id);
    return hit && Date.now() - hit[1] < INVITATION_TTL_MS ? hit[0] : undefined;
  }

  /** The site's typing coalescer: latest draft wins, one send per interval per visitor. */
  typingOf(site: ResolvedSite): TypingCoalescer {
    return this.typing.get(site.id)!;
  }

  /** The site's read-receipt coalescer: newest upTo wins, one message.read per interval per visitor. */
  readsOf(site: ResolvedSite): TypingCoalescer {
    return this.reads.get(site.id)!;
  }

  /** The site's compiled sensitivePatterns. */
  patternsOf(site: ResolvedSite): RegExp[] {
    return this.patterns.get(site.id) ?? [];
  }

  /** The visitor's last socket here closed: a pending preview is stale. Its budgets stay until refilled. */
  forget(site: ResolvedSite, visitorId: string): void {
    this.typing.get(site.id)?.forget(visitorId);
    this.reads.get(site.id)?.forget(visitorId);
  }

  /** Cancels pending previews and the sweep (shutdown). */
  clear(): void {
    clearInterval(this.sweeper);
    for (const t of this.typing.values()) t.clear();
    for (const t of this.reads.values()) t.clear();
  }

  private sweep(): void {
    for (const b of this.buckets.values()) b.sweep();
    const now = Date.now();
    for (const [key, m] of this.invitations) {
      for (const [id, [, at]] of m) if (now - at >= INVITATION_TTL_MS) m.delete(id);
      if (m.size === 0) this.invitations.delete(key);
    }
  }
}

/** A site's rate per frame kind, for a visitor and for an address (messages by the minute, the rest as configured). */
function siteRates(site: ResolvedSite): Map<string, { visitor: Rate; address: Rate }> {
  const factor = site.limits.addressRateFactor;
  const kinds: [string, Rate][] = [['message', { burst: site.limits.messagesPerMinute, perSecond: site.limits.messagesPerMinute / 60 }], ...Object.entries(site.limits.rates)];
  return new Map(kinds.map(([kind, rate]) => [kind, { visitor: rate, address: { burst: rate.burst * factor, perSecond: rate.perSecond * factor } }]));
}
