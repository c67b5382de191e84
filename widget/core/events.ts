// The widget's event bus: the events the page hears with `on(name, fn)` (DESIGN §1) and the internal
// `change` the UI redraws on. Each event has one source: the conversation (message, unread, open,
// close, status), the relay link (error, widget/core/routing.ts), the invitations (invitation), the
// widget once mounted (ready); `change` comes from whatever changed what the UI shows.
// Owns: the events' names and payloads. Must not: hold state or know who listens.
import type { Author } from '../../protocol/shapes.js';
import type { ShownAttachment } from '../../protocol/attachments.js';
import type { ConnectionState } from '../../protocol/tabs.js';
import type { Emitter } from './emitter.js';
import type { StorageKind } from './store.js';

/** The `message` event payload: what the page sees, without widget-internal fields. */
export interface PublicMessage {
  id: string;
  from: 'visitor' | 'agent';
  text: string;
  author?: Author;
  attachments?: ShownAttachment[];
  at: string;
}

/** The `status` event: the relay connection and where local data is kept. */
export interface StatusInfo {
  connection: ConnectionState;
  storage: StorageKind;
}

/** The `invitation` event payload: what happened to one proactive invitation. */
export interface InvitationInfo {
  id: string;
  ruleId?: string;
  text: string;
  author?: Author;
  action: 'shown' | 'accepted' | 'dismissed';
}

/** The `availability` event: whether someone can answer now, the site's hours, and when it opens (DESIGN §8). */
export interface AvailabilityInfo {
  available: boolean;
  open: boolean;
  opensAt?: string;
}

/** Public events, as in `Parley('on', name, fn)`. */
export interface ParleyEvents {
  ready: void;
  open: void;
  close: void;
  message: PublicMessage;
  unread: number;
  invitation: InvitationInfo;
  status: StatusInfo;
  availability: AvailabilityInfo;
  /** The helpdesk ended the conversation. */
  resolved: { id: string; conversationId?: string };
  /** The visitor rated a conversation (queued: it reaches the helpdesk once, even from offline). */
  rated: { id: string; score: number; comment?: string; conversationId?: string };
  error: { code: string; message: string };
}

/** The public events and `change`: something the UI shows changed (conversation, teaser, config, locale). */
export interface WidgetEvents extends ParleyEvents {
  change: void;
  /** This tab was picked, among the site's tabs, to announce a new agent message. */
  attention: void;
}

/** One widget's bus. */
export type Events = Emitter<WidgetEvents>;
