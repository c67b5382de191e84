// Between one site's tabs in one browser (BroadcastChannel) and in its storage: the messages tabs
// exchange, and the chat message as a tab shows and stores it. Keys are one or two letters because
// every byte of the widget ships to every visitor; each kind is one variant, read without casts.
import type { EndFrame, OfflineMessageFrame, RatingFrame, TranscriptFrame, VisitorMessageFrame, ClientFrame } from './client-frames.js';
import type { ServerFrame } from './server-frames.js';
import type { Author } from './shapes.js';
import type { QuickAction, ReplyTo, ShownAttachment } from './attachments.js';

export type ConnectionState = 'online' | 'offline' | 'connecting';
export type MessageStatus = 'sending' | 'sent' | 'failed';

/** A chat message as the widget shows, stores and shares it between tabs. */
export interface ChatMessage {
  id: string;
  from: 'visitor' | 'agent';
  text: string;
  author?: Author;
  at: string;
  /** Delivery state of the visitor's own messages. */
  status?: MessageStatus;
  /** Set on proactive invitations shown as agent messages. */
  invitation?: boolean;
  /** Set on the divider where a conversation ended (DESIGN §9); `text` is empty. */
  end?: EndMark;
  /** Files shown with the message (DESIGN §10). */
  attachments?: ShownAttachment[];
  /** Quick-reply buttons of an agent message, shown while it is the newest. */
  actions?: QuickAction[];
  /** The button a visitor's message answered; on an agent message, the id of the button used. */
  replyTo?: ReplyTo;
  /** The agent has read the visitor's messages up to this one ("Seen"). */
  seen?: boolean;
  /** How much of the visitor's file is uploaded, 0 to 1, while it is. */
  progress?: number;
}

/** Where and how a conversation ended, and the visitor's rating of it once given. */
export interface EndMark {
  by: 'agent' | 'visitor';
  askRating: boolean;
  conversationId?: string;
  /** The score the visitor gave (1–5). */
  rated?: number;
}

/**
 * A visitor's file waiting in the outbox: a Blob when queued, its bytes once stored (IndexedDB in
 * private modes, WebKit's, refuses Blobs but keeps an ArrayBuffer).
 */
export interface QueuedFile {
  b: Blob | ArrayBuffer;
  /** Its name as the visitor's device gave it. */
  n: string;
  /** Its media type. */
  t: string;
}

/** What goes through the outbox: frames the relay answers with ack/nack; a message may wait on its file's upload first. */
export type OutboxFrame = (VisitorMessageFrame & { file?: QueuedFile }) | OfflineMessageFrame | RatingFrame | EndFrame | TranscriptFrame;

/** Why the relay will not be retried (closed 1008 and the like). */
export interface FatalClose {
  code: number;
  reason: string;
}

/** Every message between tabs, by kind `k`, without the sender (`from`, added by the channel). */
export type TabMessageBody =
  // election
  | { k: 'ping' }
  | { k: 'bye' }
  /** Heartbeat or claim of term `t`; a leader's carries its socket's state. */
  | { k: 'hb'; t: number; s?: ConnectionState }
  // the leader's socket, shared
  | { k: 'f'; f: ServerFrame }
  | { k: 's'; s: ConnectionState }
  | { k: 'x'; e: FatalClose }
  // a follower's frames to the leader
  | { k: 'o'; f: ClientFrame }
  | { k: 'q'; f: OutboxFrame; m?: ChatMessage }
  | { k: 'qd'; id: string }
  | { k: 'r'; id: string }
  | { k: 'hi' }
  // conversation state every tab shows
  | { k: 'm'; m: ChatMessage }
  | { k: 'read' }
  | { k: 'ding'; id: string; p: number };

/** A message between tabs as received: the body and the sending tab's id. */
export type TabMessage = TabMessageBody & { from: string };
export type TabKind = TabMessage['k'];
