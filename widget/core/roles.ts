// This tab's part in reaching the relay, one object per part behind `Role`: starting (storage not
// restored or the election not decided yet: holds what the visitor sends, in order), leader (owns the
// outbox and the one socket, alone or for the site's tabs) and follower (reaches the relay through the
// leader tab, over widget/core/tabs). The election's callbacks create leaders and followers; the
// client holds one role at a time and never asks which.
// Owns: the outbox's and the socket's lifetime, and settling cached "sending" messages when a tab
// starts to lead. Must not: emit the page's events, read the config, import the UI, or change the
// conversation other than through its methods.
import type { ClientFrame } from '../../protocol/client-frames.js';
import { Connection, type ConnectionOptions, type RelayLink } from './connection.js';
import type { Conversation } from './conversation.js';
import { nextTask } from './idle.js';
import { Outbox, type OutboxFrame, type OutboxItem, type OutboxOptions } from './outbox.js';
import type { Delivery } from './routing.js';
import type { Store } from './store.js';
import type { Leading, Tabs } from './tabs/tabs.js';

/** What the client asks of this tab's way to the relay, whichever role it plays. */
export interface Role {
  /** A frame that must arrive (a message, an offline message): stored, then sent in order. */
  queue(frame: OutboxFrame): void;
  /** A best-effort frame (typing, page, identify, feedback): false when it cannot go now. */
  send(frame: ClientFrame): boolean;
  /** Sends a failed message again, with its id. */
  retry(id: string): void;
  /** Whether this tab caches the conversation: only the outbox's owner, so a follower's stale copy never overwrites the leader's. */
  writes(): boolean;
  /** The browser is back online: reconnect now rather than at the next backoff. */
  reconnect(): void;
  /** Gives way to `next`, or to nothing (the widget is gone). */
  stop(next?: Role): void;
  /** Forgets what this role keeps in storage (shutdown). */
  wipe(): Promise<unknown>;
}

/** A leader, as the client holds it and the other tabs use it. */
export type Leader = Role & Leading;

/** What the roles reach in the client. */
export interface Seat {
  readonly conv: Conversation;
  readonly store: Store;
  /** The outbox's storage key and options. */
  readonly outboxKey: string;
  readonly outbox?: Partial<OutboxOptions>;
  /** Uploads a queued message's file over the leader's link (the uploads chunk). */
  readonly upload?: (link: RelayLink, item: OutboxItem) => Promise<OutboxFrame | 'retry' | 'failed'>;
  /** This tab's own socket, should it lead. */
  readonly connection: ConnectionOptions;
  /** Feeds a link's frames into the conversation; `delivery` hears what became of the visitor's messages. */
  route(link: RelayLink, delivery: Delivery): void;
  /** Makes `role` this tab's role; the previous one gives way to it. */
  become(role: Role): void;
}

const nothing = Promise.resolve();

/** Before the tab has a role: holds what the visitor sends for the first one, in order. */
export function starting(): Role {
  const held: OutboxFrame[] = [];
  return {
    queue: (f) => void held.push(f),
    send: () => false,
    // The client retries once started, when a real role holds the message.
    retry() {},
    writes: () => false,
    reconnect() {},
    stop(next) {
      for (const f of held.splice(0)) next?.queue(f);
    },
    wipe: () => nothing,
  };
}

/**
 * Leads: restores the outbox, opens the socket and becomes this tab's role; null when `still()`
 * turned false meanwhile (another tab leads, or the widget is gone). `tabs`: the site's other tabs,
 * which see what this tab sends and may have left messages for hand-off; null alone.
 */
export async function lead(s: Seat, still: () => boolean, tabs: Tabs | null): Promise<Leader | null> {
  const conv = s.conv;
  // Sends only once this socket's relay has welcomed it.
  const up = s.upload;
  const outbox = new Outbox(s.store, s.outboxKey, (f) => link.send(f), { prepare: up && ((i) => up(link, i)), ...s.outbox });
  outbox.on('sent', (e) => conv.setStatus(e.id, 'sent'));
  outbox.on('failed', (e) => conv.setStatus(e.id, 'failed'));
  await outbox.load();
  // Opening the socket (creating a WebSocket is costly on a slow device) is a task of its own: in the
  // task of the outbox's read, with the election before it, it made one long task.
  await nextTask();
  if (!still()) return null;
  const link: RelayLink = new Connection(s.connection);
  s.route(link, outbox);
  const me: Leader = {
    link,
    queue(f) {
      void outbox.add(f);
      tabs?.sent(f);
    },
    store: (f) => outbox.add(f),
    send: (f) => link.send(f),
    retry(id) {
      conv.setStatus(id, 'sending');
      void outbox.retry(id);
    },
    writes: () => true,
    reconnect: () => link.reconnect(),
    stop() {
      outbox.stop();
      link.close();
    },
    wipe: () => outbox.clear(),
  };
  // What the starting role held goes in after what earlier pages queued: that is the typing order.
  s.become(me);
  // A message a closed tab left for hand-off is not lost: the tabs adopt it right after this.
  const handed = tabs ? await tabs.handed() : [];
  if (!still()) return null;
  // Visitor messages cached as "sending" that nobody holds any more can only be retried by hand.
  const held = new Set(outbox.items.map((i) => i.id).concat(handed.map((h) => h.f.id)));
  for (const m of conv.messages) if (m.from === 'visitor' && m.status === 'sending' && !held.has(m.id)) conv.setStatus(m.id, 'failed');
  for (const i of outbox.items) if (i.state === 'failed') conv.setStatus(i.id, 'failed');
  return me;
}

// A follower's link carries no delivery news: tabs.ts turns the leader's acks into statuses.
const hearsNothing: Delivery = { connected() {}, disconnected() {}, ack() {}, nack() {} };

/** Follows: reaches the relay through the leader tab over `link`, with no outbox or socket of its own. */
export function follow(s: Seat, link: RelayLink, tabs: Tabs): void {
  s.route(link, hearsNothing);
  s.become({
    queue: (f) => tabs.sent(f),
    send: (f) => link.send(f),
    retry: (id) => tabs.retry(id),
    writes: () => false,
    // The leader reconnects on its own 'online' event.
    reconnect() {},
    stop: () => link.close(),
    wipe: () => nothing,
  });
}
