// Conversation state, framework-free: the UI renders it, storage caches it, the relay feeds it.
// Every mutation emits `change` (internal) and the public events the page can listen to.
import type { Author } from '../../protocol/shapes.js';
import type { ChatMessage, ConnectionState, MessageStatus } from '../../protocol/tabs.js';
import { Emitter } from './emitter.js';
import type { StorageKind } from './store.js';

/** How long "agent is typing…" stays without a refresh from the helpdesk. */
export const AGENT_TYPING_MS = 6000;

export type { ChatMessage, MessageStatus } from '../../protocol/tabs.js';

/** The `message` event payload: what the page sees, without widget-internal fields. */
export interface PublicMessage {
  id: string;
  from: 'visitor' | 'agent';
  text: string;
  author?: Author;
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

/** Public events, as in `Parley('on', name, fn)`. */
export interface ParleyEvents {
  ready: void;
  open: void;
  close: void;
  message: PublicMessage;
  unread: number;
  invitation: InvitationInfo;
  status: StatusInfo;
  error: { code: string; message: string };
}

interface InternalEvents extends ParleyEvents {
  change: void;
}

/** What survives a page navigation. */
export interface Snapshot {
  messages: ChatMessage[];
  open: boolean;
  unread: number;
  visitorId?: string;
  token?: string;
}

const KEEP = 200;

/** The live conversation: messages deduped by id, unread count, panel state, presence. */
export class Conversation extends Emitter<InternalEvents> {
  messages: ChatMessage[] = [];
  open = false;
  unread = 0;
  agentsOnline = 0;
  agentTyping = false;
  connection: ConnectionState = 'connecting';
  storage: StorageKind = 'memory';
  visitorId?: string;
  token?: string;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  /** Merges a cached snapshot under anything that happened before it loaded. */
  restore(s: Snapshot | undefined): void {
    if (!s) return;
    const live = this.messages;
    this.messages = [];
    for (const m of [...(s.messages ?? []), ...live]) this.upsert(m);
    this.open = this.open || !!s.open;
    this.unread = s.unread ?? 0;
    this.visitorId ??= s.visitorId;
    this.token ??= s.token;
    this.changed();
  }

  /** The part worth caching. */
  snapshot(): Snapshot {
    return { messages: this.messages.slice(-KEEP), open: this.open, unread: this.unread, visitorId: this.visitorId, token: this.token };
  }

  /** Adds a message unless its id is known; returns whether it was new. */
  add(m: ChatMessage): boolean {
    if (!this.upsert(m)) return false;
    if (m.from === 'agent') {
      this.setTyping(false);
      if (!this.open) this.setUnread(this.unread + 1);
    }
    const pub: PublicMessage = { id: m.id, from: m.from, text: m.text, at: m.at };
    if (m.author) pub.author = m.author;
    this.emit('message', pub);
    this.changed();
    return true;
  }

  /** Updates the delivery state of one of the visitor's messages. */
  setStatus(id: string, status: MessageStatus): void {
    const m = this.messages.find((x) => x.id === id);
    if (!m || m.status === status) return;
    m.status = status;
    this.changed();
  }

  /** Opens or closes the panel; opening marks everything read. */
  setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    if (open) this.setUnread(0);
    this.emit(open ? 'open' : 'close', undefined);
    this.changed();
  }

  setAgents(n: number): void {
    if (typeof n !== 'number' || n === this.agentsOnline) return;
    this.agentsOnline = n;
    this.changed();
  }

  /** Shows "agent is typing…"; it expires after 6 s without a refresh, in case "stopped" is lost. */
  setTyping(typing: boolean): void {
    clearTimeout(this.typingTimer);
    if (typing) this.typingTimer = setTimeout(() => this.setTyping(false), AGENT_TYPING_MS);
    if (typing === this.agentTyping) return;
    this.agentTyping = typing;
    this.changed();
  }

  setConnection(c: ConnectionState): void {
    if (c === this.connection) return;
    this.connection = c;
    this.emitStatus();
  }

  setStorage(s: StorageKind): void {
    if (s === this.storage) return;
    this.storage = s;
    this.emitStatus();
  }

  /** Id of the newest message the relay has confirmed, for `hello.lastMessageId`. */
  lastMessageId(): string | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      // Invitations are not helpdesk messages: a helpdesk could not resume from their ids.
      if ((m.from === 'agent' && !m.invitation) || m.status === 'sent') return m.id;
    }
    return undefined;
  }

  /** Forgets everything (shutdown on a shared computer). */
  reset(): void {
    this.messages = [];
    this.unread = 0;
    this.visitorId = this.token = undefined;
    this.setTyping(false);
    this.changed();
  }

  private upsert(m: ChatMessage): boolean {
    if (!m || typeof m.id !== 'string' || typeof m.text !== 'string') return false;
    if (this.messages.some((x) => x.id === m.id)) return false;
    this.messages.push({ ...m });
    return true;
  }

  /** Sets the unread count (another tab read the conversation: 0). */
  setUnread(n: number): void {
    if (n === this.unread) return;
    this.unread = n;
    this.emit('unread', n);
  }

  private emitStatus(): void {
    this.emit('status', { connection: this.connection, storage: this.storage });
    this.changed();
  }

  private changed(): void {
    this.emit('change', undefined);
  }
}
