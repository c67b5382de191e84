// The conversation as the visitor sees it: messages deduped by id, unread count, panel state,
// presence, "agent is typing", connection and storage, and the visitor's id and token from `welcome`.
// Owns: that state. Every field is read-only outside this file; it changes only through the methods
// below, each announcing itself on the widget's event bus (widget/core/events.ts): `change` always,
// and the public event it means (message, unread, open, close, status).
// Must not: know the relay, storage, the other tabs or the UI, or emit events it is not the source of.
import type { ChatMessage, ConnectionState, EndMark, MessageStatus } from '../../protocol/tabs.js';
import { Emitter, type Listener } from './emitter.js';
import type { Events, PublicMessage, WidgetEvents } from './events.js';
import type { StorageKind } from './store.js';

/** How long "agent is typing…" stays without a refresh from the helpdesk. */
export const AGENT_TYPING_MS = 6000;

export type { ChatMessage, MessageStatus } from '../../protocol/tabs.js';

/** The events a conversation is the source of. */
export type ConversationEvent = 'message' | 'unread' | 'open' | 'close' | 'status' | 'availability' | 'resolved';

/** What survives a page navigation. */
export interface Snapshot {
  messages: ChatMessage[];
  open: boolean;
  unread: number;
  visitorId?: string;
  token?: string;
}

/** The fields as the methods below write them (`this as State`); read-only everywhere else. */
interface State {
  messages: readonly ChatMessage[];
  open: boolean;
  unread: number;
  agentsOnline: number;
  siteOpen: boolean;
  opensAt?: string;
  agentTyping: boolean;
  connection: ConnectionState;
  storage: StorageKind;
  visitorId?: string;
  token?: string;
}

const KEEP = 200;

/** The live conversation; `events` is the widget's bus (a bus of its own when left out). */
export class Conversation {
  readonly messages: readonly Readonly<ChatMessage>[] = [];
  readonly open: boolean = false;
  readonly unread: number = 0;
  readonly agentsOnline: number = 0;
  /** Within the site's hours (DESIGN §8); `opensAt` is the next opening while closed. */
  readonly siteOpen: boolean = true;
  readonly opensAt?: string;
  readonly agentTyping: boolean = false;
  readonly connection: ConnectionState = 'connecting';
  readonly storage: StorageKind = 'memory';
  readonly visitorId?: string;
  readonly token?: string;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly events: Events = new Emitter()) {}

  /** Listens to one of the events this conversation raises; returns a function that unsubscribes. */
  on<K extends ConversationEvent>(event: K, fn: Listener<WidgetEvents[K]>): () => void {
    return this.events.on(event, fn);
  }

  /** Merges a cached snapshot under anything that happened before it loaded. */
  restore(s: Snapshot | undefined): void {
    if (!s) return;
    const live = this.messages;
    const w = this as State;
    w.messages = [];
    for (const m of [...(s.messages ?? []), ...live]) this.upsert(m);
    w.open = this.open || !!s.open;
    w.unread = s.unread ?? 0;
    w.visitorId ??= s.visitorId;
    w.token ??= s.token;
    this.changed();
  }

  /** The part worth caching. */
  snapshot(): Snapshot {
    return { messages: this.messages.slice(-KEEP), open: this.open, unread: this.unread, visitorId: this.visitorId, token: this.token };
  }

  /** The relay (re)issued the visitor's id and token (worth caching at once). */
  welcome(visitorId: string, token: string): void {
    const w = this as State;
    w.visitorId = visitorId;
    w.token = token;
    this.changed();
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
    if (m.attachments) pub.attachments = m.attachments;
    this.events.emit('message', pub);
    this.changed();
    return true;
  }

  /** Updates the delivery state of one of the visitor's messages. */
  setStatus(id: string, status: MessageStatus): void {
    const m = (this as State).messages.find((x) => x.id === id);
    if (!m || m.status === status) return;
    m.status = status;
    this.changed();
  }

  /** How far the upload of a visitor message's file is (0–1); `files`, once known, where it now lives. */
  setProgress(id: string, progress: number, files?: ChatMessage['attachments']): void {
    const m = (this as State).messages.find((x) => x.id === id);
    if (!m) return;
    m.progress = progress;
    if (files) m.attachments = files;
    this.changed();
  }

  /** Opens or closes the panel; opening marks everything read. */
  setOpen(open: boolean): void {
    if (open === this.open) return;
    (this as State).open = open;
    if (open) this.setUnread(0);
    this.events.emit(open ? 'open' : 'close', undefined);
    this.changed();
  }

  setAgents(n: number): void {
    if (typeof n !== 'number' || n === this.agentsOnline) return;
    (this as State).agentsOnline = n;
    this.availability();
    this.changed();
  }

  /** The site opened or closed (its business hours); `opensAt` while closed. */
  setHours(open: boolean, opensAt?: string): void {
    const w = this as State;
    if (open === w.siteOpen && opensAt === w.opensAt) return;
    w.siteOpen = open;
    w.opensAt = open ? undefined : opensAt;
    this.availability();
    this.changed();
  }

  /** Someone can answer now: within hours and an agent online. */
  get available(): boolean {
    return this.siteOpen && this.agentsOnline > 0;
  }

  /** Shows a conversation's end as a divider, once per id; returns whether it was new. */
  end(id: string, mark: EndMark): boolean {
    if (!this.upsert({ id, from: mark.by, text: '', at: new Date().toISOString(), end: mark })) return false;
    if (mark.by === 'agent') this.events.emit('resolved', { id, ...(mark.conversationId ? { conversationId: mark.conversationId } : {}) });
    this.changed();
    return true;
  }

  /** The visitor used one of an agent message's buttons: they stay, disabled (`reply` names the visitor's message and the button). */
  answered(id: string, reply: { messageId: string; actionId: string }): void {
    const m = (this as State).messages.find((x) => x.id === id);
    if (!m || m.replyTo) return;
    m.replyTo = reply;
    this.changed();
  }

  /** The agent has read up to `upTo`: the visitor's last message it covers shows "Seen". */
  seen(upTo: string): void {
    const i = this.messages.findIndex((x) => x.id === upTo);
    if (i < 0) return;
    for (let j = i; j >= 0; j--) {
      const m = this.messages[j] as ChatMessage;
      if (m.from !== 'visitor' || m.end) continue;
      if (m.seen) return;
      m.seen = true;
      this.changed();
      return;
    }
  }

  /** Records the visitor's rating on the divider it rates. */
  rated(endId: string, score: number): void {
    const m = (this as State).messages.find((x) => x.id === endId);
    if (!m?.end) return;
    m.end = { ...m.end, rated: score };
    this.changed();
  }

  /** Shows "agent is typing…"; it expires after 6 s without a refresh, in case "stopped" is lost. */
  setTyping(typing: boolean): void {
    clearTimeout(this.typingTimer);
    if (typing) this.typingTimer = setTimeout(() => this.setTyping(false), AGENT_TYPING_MS);
    if (typing === this.agentTyping) return;
    (this as State).agentTyping = typing;
    this.changed();
  }

  setConnection(c: ConnectionState): void {
    if (c === this.connection) return;
    (this as State).connection = c;
    this.emitStatus();
  }

  setStorage(s: StorageKind): void {
    if (s === this.storage) return;
    (this as State).storage = s;
    this.emitStatus();
  }

  /** Id of the newest message the relay has confirmed, for `hello.lastMessageId`. */
  lastMessageId(): string | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      // Invitations and end dividers are not helpdesk messages: a helpdesk could not resume from their ids.
      if (m.end) continue;
      if ((m.from === 'agent' && !m.invitation) || m.status === 'sent') return m.id;
    }
    return undefined;
  }

  /** Forgets everything (shutdown on a shared computer). */
  reset(): void {
    const w = this as State;
    w.messages = [];
    w.unread = 0;
    w.visitorId = w.token = undefined;
    this.setTyping(false);
    this.changed();
  }

  /** Sets the unread count (another tab read the conversation: 0). */
  setUnread(n: number): void {
    if (n === this.unread) return;
    (this as State).unread = n;
    this.events.emit('unread', n);
  }

  private upsert(m: ChatMessage): boolean {
    if (!m || typeof m.id !== 'string' || typeof m.text !== 'string') return false;
    const list = this.messages;
    if (list.some((x) => x.id === m.id)) return false;
    // History from another device (a verified user's catch-up) is older than what is shown: it goes where its time puts it.
    let i = list.length;
    while (i && m.at < list[i - 1]!.at) i--;
    (this as State).messages = list.slice(0, i).concat({ ...m }, list.slice(i));
    return true;
  }

  private lastAvailability = '';
  private availability(): void {
    const a = { available: this.available, open: this.siteOpen, ...(this.opensAt ? { opensAt: this.opensAt } : {}) };
    const key = JSON.stringify(a);
    if (key === this.lastAvailability) return;
    this.lastAvailability = key;
    this.events.emit('availability', a);
  }

  private emitStatus(): void {
    this.events.emit('status', { connection: this.connection, storage: this.storage });
    this.changed();
  }

  private changed(): void {
    this.events.emit('change', undefined);
  }
}
