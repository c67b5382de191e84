// The visitor registry: which sockets this process holds, per site and per visitor, and delivery of
// bus events to them (a visitor's own topic, the site's topic). The live list of visitors reads from
// here. It must not parse frames, call webhooks or count rates.
import type { ServerFrame } from '../protocol/server-frames.js';
import type { Bus, BusEvent } from './bus.js';
import { siteTopic, visitorTopic } from './bus.js';
import { connId, sendSerialized, type Conn, type VisitorState } from './conn.js';
import type { Metrics } from './metrics.js';
import type { Presence } from './presence.js';
import type { Availability } from './schedule.js';

/** A visitor's sockets here: one (nearly every visitor) or a Set (tabs that each kept their own). */
type VisitorSockets = Conn | Set<Conn>;

const socketsOf = (e: VisitorSockets): Iterable<Conn> => (e instanceof Set ? e : [e]);

export class VisitorRegistry {
  private readonly bySite = new Map<string, Set<Conn>>();
  private readonly byVisitor = new Map<string, VisitorSockets>();
  // Only for a bus without unsubscribe(topic, handler): the closures subscribe returned, by topic.
  private readonly subscriptions = new Map<string, () => void>();
  private readonly unsubscribers: (() => void)[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly metrics: Metrics,
    presence: Presence,
    /** Whether the site is open now (its hours), for every presence frame. */
    private readonly availability: (site: string) => Availability,
    siteIds: Iterable<string>,
    /** Sees each frame pushed to a visitor's topic before it goes out (what an agent sent them). */
    private readonly observe: (conn: Conn, frame: ServerFrame) => void = () => {},
  ) {
    for (const id of siteIds) {
      this.bySite.set(id, new Set());
      this.unsubscribers.push(
        bus.subscribe(siteTopic(id), (e) => {
          if (e.kind !== 'frame' && e.kind !== 'presence') return;
          if (e.kind === 'presence') presence.set(id, e.agentsOnline);
          this.toSite(id, e);
        }),
      );
    }
  }

  /** Every socket of this process. */
  *all(): Iterable<Conn> {
    for (const conns of this.bySite.values()) yield* conns;
  }

  /** The visitors (one entry per socket that said hello) of a site on this process, for the live list. */
  *visitorsOf(siteId: string): Iterable<VisitorState> {
    for (const c of this.bySite.get(siteId) ?? []) if (c.visitor) yield c.visitor;
  }

  /** A socket was accepted. */
  add(conn: Conn): void {
    this.bySite.get(conn.site.id)!.add(conn);
    this.metrics.connections.inc({ site: conn.site.id });
  }

  /** The socket said hello as a visitor: it receives that visitor's topic; resolves once other processes can reach it. */
  attach(conn: Conn): Promise<void> {
    const key = visitorTopic(conn.site.id, conn.visitor!.id);
    const entry = this.byVisitor.get(key);
    if (!entry) {
      // A Set only for a second socket: an idle visitor with one costs no Set (about 100 bytes).
      this.byVisitor.set(key, conn);
      const unsubscribe = this.bus.subscribe(key, this.toVisitor);
      if (!this.bus.unsubscribe) this.subscriptions.set(key, unsubscribe);
    } else if (entry instanceof Set) {
      entry.add(conn);
      conn.sharesVisitor = true;
    } else if (entry !== conn) {
      this.byVisitor.set(key, new Set([entry, conn]));
      entry.sharesVisitor = conn.sharesVisitor = true;
    }
    return this.bus.settled?.(key) ?? Promise.resolve();
  }

  /** Whether conn is its visitor's only socket in this process (a flag: every message asks). */
  isOnlySocket(conn: Conn): boolean {
    return conn.visitor !== null && !conn.sharesVisitor;
  }

  /** The socket closed; true when it was its visitor's last socket in this process. */
  remove(conn: Conn): { known: boolean; lastOfVisitor: boolean } {
    if (!this.bySite.get(conn.site.id)?.delete(conn)) return { known: false, lastOfVisitor: false };
    this.metrics.connections.dec({ site: conn.site.id });
    if (!conn.visitor) return { known: true, lastOfVisitor: false };
    const key = visitorTopic(conn.site.id, conn.visitor.id);
    const entry = this.byVisitor.get(key);
    if (!entry) return { known: true, lastOfVisitor: false };
    if (entry instanceof Set) {
      entry.delete(conn);
      conn.sharesVisitor = false;
      if (entry.size > 1) return { known: true, lastOfVisitor: false };
      // Back to one socket: held as itself again.
      const [left] = entry;
      if (left) {
        left.sharesVisitor = false;
        this.byVisitor.set(key, left);
        return { known: true, lastOfVisitor: false };
      }
    } else if (entry !== conn) return { known: true, lastOfVisitor: false };
    this.byVisitor.delete(key);
    if (this.bus.unsubscribe) this.bus.unsubscribe(key, this.toVisitor);
    else {
      this.subscriptions.get(key)?.();
      this.subscriptions.delete(key);
    }
    return { known: true, lastOfVisitor: true };
  }

  /** Pushes `presence` to this process's sockets of the site (a schedule boundary: never over the bus). */
  pushPresence(siteId: string, agentsOnline: number): void {
    this.toSite(siteId, { kind: 'presence', agentsOnline });
  }

  /** Stops listening to the bus. */
  close(): void {
    for (const u of this.unsubscribers) u();
  }

  /** Every visitor topic's one handler (a closure each would cost every idle visitor ~100 bytes). */
  private readonly toVisitor = (e: BusEvent, topic: string): void => {
    const entry = this.byVisitor.get(topic);
    if (e.kind !== 'frame' || !entry) return;
    let first = true;
    const json = JSON.stringify(e.frame);
    for (const c of socketsOf(entry)) {
      if (first) this.observe(c, e.frame);
      first = false;
      if (e.exceptConnection === undefined || connId(c) !== e.exceptConnection) sendSerialized(c, json);
    }
  };

  private toSite(siteId: string, e: Extract<BusEvent, { kind: 'frame' | 'presence' }>): void {
    const frame: ServerFrame = e.kind === 'presence' ? { t: 'presence', agentsOnline: e.agentsOnline, ...this.availability(siteId) } : e.frame;
    const json = JSON.stringify(frame);
    for (const c of this.bySite.get(siteId) ?? []) if (c.visitor) sendSerialized(c, json);
  }
}
