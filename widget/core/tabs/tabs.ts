// Several tabs, one socket: the elected tab owns the relay socket and the outbox; the others reach
// the relay through it. Whatever the visitor sends in any tab is stored by the leader before it is
// confirmed, and shown in every tab; relay frames, unread resets and the new-message sound are shared
// so that a visitor with five tabs open hears one ping and sends each message once.
// Owns: this tab's membership (election, hand-off, what goes over the channel). Must not: open a
// socket or an outbox (the client's leader role, widget/core/roles.ts, does, when `lead` is called),
// or touch the conversation other than through its methods.
import { nanoid } from 'nanoid';
import type { ConnectionEvents, ConnectionState, RelayLink } from '../connection.js';
import type { ChatMessage, Conversation } from '../conversation.js';
import type { OutboxFrame } from '../outbox.js';
import type { KV } from '../store.js';
import { openBus, type Bus, type TabMessage } from './channel.js';
import { Election, type Locks } from './election.js';
import { FollowerLink } from './follower-link.js';
import { handoff, type Handed, type Handoff } from './handoff.js';
import { beep } from './sound.js';

/** This tab leading, as the tabs use it: the one socket and the outbox behind it. */
export interface Leading {
  readonly link: RelayLink;
  /** Stores a frame in the outbox; resolves once stored. */
  store(frame: OutboxFrame): Promise<void>;
  /** Re-queues a failed message. */
  retry(id: string): void;
}

/** What the tabs need from the client: a leader or a follower, when the election says which. */
export interface TabHost {
  readonly conv: Conversation;
  /** Leads: restores the outbox and opens the socket; null when `still()` turned false meanwhile. */
  lead(still: () => boolean, tabs: Tabs): Promise<Leading | null>;
  /** Follows: drops the outbox and socket and reaches the relay through `link`. */
  follow(link: RelayLink, tabs: Tabs): void;
  /** This tab was picked to announce a new agent message (after its ping): the title flash. */
  attention?(): void;
}

/** One tab's membership of its site's tabs. */
export class Tabs {
  /** Resolves once this tab knows its role (and, leading, has its outbox and socket). */
  readonly ready: Promise<void>;
  leading = false;
  /** Sent here, handed to the leader, not yet confirmed stored: handed again to a new leader. */
  private pending: OutboxFrame[] = [];
  /** The same frames in storage, so they outlive this tab; each is handed over once written. */
  private readonly hand: Handoff;
  private link: FollowerLink | null = null;
  /** Set once this tab leads with its outbox restored. */
  private lead: Leading | null = null;
  private gen = 0;
  private settle: () => void = () => {};
  /** Per agent message, the best claim to play its sound: [priority, tab id]. */
  private readonly claims = new Map<string, [number, string]>();
  private readonly election: Election;

  constructor(private readonly bus: Bus, locks: Locks | null, site: string, kv: KV, private readonly host: TabHost) {
    this.ready = new Promise((r) => (this.settle = r));
    this.hand = handoff(kv, site);
    this.election = new Election({
      bus,
      locks,
      name: 'parley:' + site,
      onChange: (leading, leader) => this.onChange(leading, leader),
      beat: () => ({ s: this.lead ? this.lead.link.state : 'connecting' }),
    });
    bus.on((m) => this.onMsg(m));
    const conv = host.conv;
    conv.on('open', () => bus.post({ k: 'read' }));
    conv.on('message', (m) => {
      if (m.from !== 'agent') return;
      // Read where the visitor is looking: the other tabs' badges clear too.
      if (conv.open && !document.hidden) bus.post({ k: 'read' });
      this.ding(m.id);
    });
    addEventListener('pagehide', this.onHide);
    this.election.start();
  }

  /** A frame this tab's visitor sent: shown in the other tabs, and handed over when following. */
  sent(f: OutboxFrame): void {
    if (this.leading && this.lead) return this.share(f.id);
    this.pending.push(f);
    void this.hand.put(this.bus.id, f, this.find(f.id)).then(() => this.handOver(f));
  }

  /** Asks the leader to retry a failed message. */
  retry(id: string): void {
    this.bus.post({ k: 'r', id });
  }

  /** Every frame some tab stored for hand-off that no leader has confirmed, oldest first. */
  handed(): Promise<Handed[]> {
    return this.hand.all();
  }

  /** Deletes every hand-off this site's tabs left in storage. */
  wipe(): Promise<unknown> {
    return this.hand.clear();
  }

  /** Leaves the tabs; another tab takes over at once. */
  close(): void {
    this.gen++;
    this.settle();
    removeEventListener('pagehide', this.onHide);
    this.election.close();
    this.link?.close();
    this.bus.close();
  }

  private onChange(leading: boolean, leader: string | null): void {
    const g = ++this.gen;
    if (leading) {
      this.leading = true;
      this.link?.close();
      this.link = null;
      void this.host.lead(() => g === this.gen, this).then((lead) => {
        if (!lead || g !== this.gen) return this.settle();
        this.lead = lead;
        const relay = lead.link;
        relay.on('frame', (f) => this.bus.post({ k: 'f', f }));
        relay.on('state', (s) => this.bus.post({ k: 's', s }));
        relay.on('fatal', (e) => this.bus.post({ k: 'x', e }));
        for (const f of this.pending.splice(0)) this.accept(f, undefined, this.bus.id);
        this.settle();
        void this.adopt();
      });
      return;
    }
    if (this.leading || !this.link) {
      this.leading = false;
      this.lead = null;
      this.link = new FollowerLink(this.bus);
      this.host.follow(this.link, this);
    }
    if (leader) {
      this.bus.post({ k: 'hi' });
      void this.hand.idle().then(() => {
        for (const f of this.pending) this.handOver(f);
      });
    }
    this.settle();
  }

  private handOver(f: OutboxFrame): void {
    if (this.leading || !this.election.leader) return;
    this.bus.post({ k: 'q', f, m: this.find(f.id) });
  }

  /** Leader: takes in every frame some tab stored but no leader confirmed (that tab may be gone). */
  private adopt(): Promise<void> {
    return this.hand.all().then((hs) => {
      for (const h of hs) if (this.leading) this.accept(h.f, h.m, null, h.k);
    });
  }

  /**
   * Leader: stores a frame from any tab, confirms it, and shows the message everywhere; once it is in
   * the outbox the sender's stored copy goes, in case the sender closed before hearing the confirmation.
   */
  private accept(f: OutboxFrame, m: ChatMessage | undefined, from: string | null, key?: string): void {
    const lead = this.lead;
    // The outbox is still being restored: the frame waits in storage and is adopted once it is.
    if (!lead) return;
    const conv = this.host.conv;
    const k = key || this.hand.key(from!, f.id);
    const done = () => {
      this.bus.post({ k: 'qd', id: f.id });
      void this.hand.drop(k);
    };
    if (m && !this.find(f.id)) conv.add(m);
    // Handed again after a leader change but already delivered: the helpdesk has it, do not resend.
    if (this.find(f.id)?.status === 'sent') return done();
    void lead.store(f).then(done);
    this.share(f.id);
  }

  private share(id: string): void {
    const m = this.find(id);
    if (m) this.bus.post({ k: 'm', m });
  }

  private find(id: string): ChatMessage | undefined {
    return this.host.conv.messages.find((x) => x.id === id);
  }

  private onMsg(m: TabMessage): void {
    const conv = this.host.conv;
    switch (m.k) {
      case 'm':
        conv.add(m.m);
        return;
      case 'read':
        return conv.setUnread(0);
      case 'ding':
        return this.claim(m.id, m.p, m.from);
      case 'qd':
        if (this.pending.some((f) => f.id === m.id)) void this.hand.drop(this.hand.key(this.bus.id, m.id));
        this.pending = this.pending.filter((f) => f.id !== m.id);
        return;
    }
    if (this.leading) return this.asLeader(m);
    const link = this.link;
    if (!link) return;
    if (m.k === 's' || (m.k === 'hb' && m.from === this.election.leader && m.s)) link.setState(m.s!);
    else if (m.k === 'x') link.emit('fatal', m.e);
    else if (m.k === 'f') {
      const f = m.f;
      // Delivery states come from the leader's outbox; this tab has none of its own.
      if (f.t === 'ack') conv.setStatus(f.id, 'sent');
      else if (f.t === 'nack') f.retryable || conv.setStatus(f.id, 'failed');
      else link.emit('frame', f);
    }
  }

  /** Leader: what the other tabs ask of the one socket and outbox. */
  private asLeader(m: TabMessage): void {
    const conv = this.host.conv;
    if (m.k === 'q') this.accept(m.f, m.m, m.from);
    else if (m.k === 'o') this.lead?.link.send(m.f);
    else if (m.k === 'r') this.lead?.retry(m.id);
    else if (m.k === 'hi') {
      // A tab opened: what a tab that closed while the leader was frozen left in storage is due now.
      if (this.lead) void this.adopt();
      if (conv.visitorId && conv.token) this.bus.post({ k: 'f', f: { t: 'welcome', visitorId: conv.visitorId, token: conv.token, agentsOnline: conv.agentsOnline, open: conv.siteOpen, ...(conv.opensAt ? { opensAt: conv.opensAt } : {}) } });
    }
  }

  /**
   * One ping per message across tabs: every tab that could play claims it with a priority (focused,
   * visible, else the hidden leader); after a moment all have seen the same claims and only the best plays.
   */
  private ding(id: string): void {
    const p = document.hidden ? (this.leading ? 0 : -1) : document.hasFocus() ? 2 : 1;
    if (p < 0) return;
    this.bus.post({ k: 'ding', id, p });
    this.claim(id, p, this.bus.id);
    setTimeout(() => {
      const best = this.claims.get(id);
      this.claims.delete(id);
      if (best && best[1] === this.bus.id) {
        beep();
        this.host.attention?.();
      }
    }, 100);
  }

  private claim(id: string, p: number, from: string): void {
    const best = this.claims.get(id);
    if (!best || p > best[0] || (p === best[0] && from < best[1])) this.claims.set(id, [p, from]);
  }

  private onHide = (): void => {
    // Without Web Locks nobody else notices the close until the heartbeat stops.
    if (this.leading) this.bus.post({ k: 'bye' });
  };
}

/** Joins this site's tabs, or returns null where tabs cannot talk (each tab then connects alone). */
export function joinTabs(site: string, kv: KV, host: TabHost): Tabs | null {
  if (typeof document === 'undefined') return null;
  const bus = openBus(`parley:${site}`, nanoid());
  if (!bus) return null;
  const locks = (navigator as unknown as { locks?: Locks | null }).locks || null;
  return new Tabs(bus, locks, site, kv, host);
}
