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

/**
 * One frame kind's budgets on a site: the visitor's rate and the address's (a factor larger), and
 * their buckets, keyed by the visitor's id and by the address as they are (no key string made per frame).
 */
interface KindBudget {
  visitor: Rate;
  address: Rate;
  byVisitor: Buckets;
  byAddress: Buckets;
}

export class VisitorStates {
  private readonly typing = new Map<string, TypingCoalescer>();
  private readonly reads = new Map<string, TypingCoalescer>();
  private readonly patterns = new Map<string, RegExp[]>();
  /** Per site and rate kind, worked out once. */
  private readonly budgets = new Map<string, Map<string, KindBudget>>();
  /** Per site and visitor: the invitations agents pushed, id -> [text, when]. */
  private readonly invitations = new Map<string, Map<string, [string, number]>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(sites: Iterable<ResolvedSite>) {
    for (const site of sites) {
      this.typing.set(site.id, new TypingCoalescer(site.typingPreview.intervalMs));
      // Read receipts coalesce like drafts: the newest upTo wins, one webhook per interval.
      this.reads.set(site.id, new TypingCoalescer(site.limits.readIntervalMs));
      this.patterns.set(site.id, sitePatterns(site.typingPreview));
      this.budgets.set(site.id, siteBudgets(site));
    }
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  /**
   * Spends one frame of type `t` from the sender's budgets: the visitor's (when known) and the
   * address's. The worse verdict wins.
   */
  take(site: ResolvedSite, ip: string, visitorId: string | undefined, t: ClientFrame['t']): Verdict {
    const kind = t === 'offline_message' ? 'message' : t;
    const k = this.budgets.get(site.id)!.get(kind)!;
    const now = Date.now();
    const byAddress = k.byAddress.take(ip, k.address, now);
    if (visitorId === undefined) return byAddress;
    const byVisitor = k.byVisitor.take(visitorId, k.visitor, now);
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
    for (const kinds of this.budgets.values()) {
      for (const k of kinds.values()) {
        k.byAddress.sweep();
        k.byVisitor.sweep();
      }
    }
    const now = Date.now();
    for (const [key, m] of this.invitations) {
      for (const [id, [, at]] of m) if (now - at >= INVITATION_TTL_MS) m.delete(id);
      if (m.size === 0) this.invitations.delete(key);
    }
  }
}

/** A site's budget per frame kind, for a visitor and for an address (messages by the minute, the rest as configured). */
function siteBudgets(site: ResolvedSite): Map<string, KindBudget> {
  const { addressRateFactor: factor, abuseFactor } = site.limits;
  const kinds: [string, Rate][] = [['message', { burst: site.limits.messagesPerMinute, perSecond: site.limits.messagesPerMinute / 60 }], ...Object.entries(site.limits.rates)];
  return new Map(
    kinds.map(([kind, rate]) => [
      kind,
      { visitor: rate, address: { burst: rate.burst * factor, perSecond: rate.perSecond * factor }, byVisitor: new Buckets(abuseFactor), byAddress: new Buckets(abuseFactor) },
    ]),
  );
}
