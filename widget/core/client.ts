// The widget's brain without a DOM: restores the cached conversation, then takes this tab's role
// toward the relay (widget/core/roles.ts: leader or follower, as the tab election decides), and
// caches state again. The Preact UI and the script tag are thin layers over it; Node can run it too
// (load tests, chaos runs).
// Owns: the visitor's commands (send, identify, page, locale…), the widget-config in effect, and which
// role is current. Must not: import the UI or Preact, hold an outbox or a socket (the roles do), or
// change the conversation other than through its methods.
import { nanoid } from 'nanoid';
import type { Attributes, Claims, FaqAction, PageInfo, UserInfo } from '../../protocol/types.js';
import type { ClientFrame } from '../../protocol/client-frames.js';
import { pickLocale, toLocale, type Locale } from '../i18n.js';
import { DEFAULT_MAX_TEXT_LENGTH } from '../../protocol/patterns.js';
import { fetchConfig, readConfig, type WidgetConfig } from './config.js';
import { Conversation, type Snapshot } from './conversation.js';
import { Emitter } from './emitter.js';
import type { Events } from './events.js';
import type { OutboxOptions } from './outbox.js';
import { follow, lead, starting, type Role, type Seat } from './roles.js';
import { joinTabs, type Tabs } from './tabs/tabs.js';
import type { ReconnectOptions } from './reconnect.js';
import { Store, type StorageKind } from './store.js';
import { compilePatterns } from '../../protocol/mask.js';
import { TypingPreview } from '../typing/preview.js';
import { createInvites, type Invites, type InviteInput } from './invites.js';
import { createFaqLoader, type FaqLoader } from './faq-loader.js';
import { noChunks, type Chunks } from './chunks.js';
import { currentPage, nextPage, redactPage } from './page.js';
import { createLeaveMessage, type LeaveMessageForm } from './leave-message.js';
import { endChat, rateChat, requestTranscript } from './ending.js';
import { routeLink } from './routing.js';
import { mergeSnapshots, unionById } from './merge.js';
import type { OutboxItem } from './outbox.js';
import { createSaver, type Saver } from './saver.js';
import { httpBase } from './url.js';
import { nextTask } from './idle.js';
import { identified, updated, type StoredClaims } from './claims.js';
import { nextVisit, visitContext, type VisitRecord } from './context.js';

export interface ClientOptions {
  relay: string;
  site: string;
  locale?: Locale;
  /** Node has no global WebSocket: pass `ws`'s. */
  WebSocket?: ReconnectOptions['WebSocket'];
  /** Force a weaker storage backend (tests, privacy-first sites). */
  storage?: StorageKind;
  socket?: Partial<ReconnectOptions>;
  outbox?: Partial<OutboxOptions>;
  /** Skip the widget-config fetch (Node clients). */
  fetchConfig?: boolean;
  /** Share one socket and outbox among the site's open tabs (browsers; default on). */
  tabs?: boolean;
  /** Where the FAQ search and the invitation rules engine come from; default: neither. */
  chunks?: Chunks;
  /** The bus to emit on, when listeners were added before this client existed (consent pending). */
  events?: Events;
}

/** The framework-free widget core: conversation state, its event bus and this tab's role. */
export class Client {
  /** What the page hears (`on(name, fn)`) and the UI redraws on. */
  readonly events: Events;
  readonly conv: Conversation;
  /** Proactive invitations: the teaser on screen and the rules engine. */
  readonly invites: Invites;
  config: WidgetConfig | null = null;
  /** FAQ suggestions: fetched from the config's faqUrl on first use, indexed once per page. */
  readonly faq: FaqLoader;
  /** Resolves once cached state is restored (the socket connects only after). */
  readonly started: Promise<void>;
  /** Whether the relay or the site's config has said how many agents are online (0 is then real). */
  presenceKnown = false;
  /** Leader, follower, or starting until storage is restored and the election has spoken. */
  private role: Role = starting();
  private store: Store | null = null;
  private tabs: Tabs | null = null;
  /** What the roles reach here, once storage is open. */
  private seat: Seat | null = null;
  /** Bumped when this page stops being one of the site's tabs (back/forward cache): older roles see they are stale. */
  private generation = 0;
  private explicitLocale?: Locale;
  private user?: UserInfo;
  /** What identify, update and the pre-chat form said, repeated in every hello (DESIGN §11). */
  private said: StoredClaims = { claims: {} };
  private visit?: VisitRecord;
  /** Who the last hello said the visitor is; said again once welcomed if it changed meanwhile (frames before `welcome` are dropped). */
  private told?: [UserInfo | undefined, StoredClaims];
  /** Events tracked while the relay had not welcomed this page (a page tracks as it loads): sent once it has. */
  private early: ClientFrame[] = [];
  private page: PageInfo = currentPage();
  private dead = false;
  private preview: TypingPreview | null = null;
  private readonly keys: { state: string; outbox: string; config: string; visitor: string };
  private readonly saver: Saver;
  private readonly leave = createLeaveMessage();

  constructor(private readonly opts: ClientOptions) {
    this.events = opts.events ?? new Emitter();
    this.conv = new Conversation(this.events);
    this.explicitLocale = toLocale(opts.locale);
    this.keys = { state: `${opts.site}:state`, outbox: `${opts.site}:outbox`, config: `${opts.site}:config`, visitor: `${opts.site}:visitor` };
    this.saver = createSaver(() => this.store, this.keys.state, () => this.conv.snapshot(), () => !this.dead && this.role.writes());
    this.events.on('change', () => this.saver.queue());
    this.conv.on('status', (st) => {
      const t = this.told;
      if (st.connection !== 'online') return;
      for (const f of this.early.splice(0)) this.role.send(f);
      if (!t) return;
      this.told = undefined;
      if (t[0] !== this.user) this.role.send({ t: 'identify', user: this.user! });
      if (t[1] !== this.said) this.role.send({ t: 'profile', ...this.said.claims });
    });
    // A closed panel is not a visitor still typing: the agent's preview stops at once.
    this.conv.on('close', () => this.preview?.clear());
    const chunks = opts.chunks ?? noChunks;
    this.invites = createInvites(this.conv, this.events, (f) => this.role.send(f), opts.site, () => this.locale, chunks.invitations);
    // A relative faqUrl is the relay's own path (no publicUrl set): resolved against this relay.
    this.faq = createFaqLoader(this.events, () => (this.config ? (this.config.faqUrl ? new URL(this.config.faqUrl, httpBase(opts.relay) + '/').href : null) : undefined), chunks.faq);
    this.started = this.start();
  }

  /** The locale in effect. */
  get locale(): Locale {
    return pickLocale(this.explicitLocale, this.config?.locale);
  }

  /** Queues a visitor message; it shows at once as "sending". Returns its id, or null if empty. */
  send(text: string): string | null {
    const max = this.maxTextLength();
    const t = String(text ?? '').slice(0, max);
    if (!t.trim() || this.dead) return null;
    const id = nanoid();
    this.conv.add({ id, from: 'visitor', text: t, at: new Date().toISOString(), status: 'sending' });
    this.preview?.clear();
    this.role.queue({ t: 'message', id, text: t });
    return id;
  }

  /** The visitor has seen agent messages up to `upTo` (the UI says so while they are on screen); false when it cannot go now. */
  read(upTo: string): boolean {
    return this.role.send({ t: 'read', upTo });
  }

  /**
   * Sends a file (with optional text): it shows at once with its thumbnail, waits in the outbox
   * (IndexedDB keeps the file across reloads) and uploads when its turn comes. The UI has already
   * checked it against the site's `attachments`; the relay checks again.
   */
  attach(file: File, text = ''): string | null {
    if (this.dead) return null;
    const id = nanoid();
    const t = text.slice(0, this.maxTextLength());
    const shown = { name: file.name, type: file.type, size: file.size, url: URL.createObjectURL(file) };
    this.conv.add({ id, from: 'visitor', text: t, at: new Date().toISOString(), status: 'sending', attachments: [shown] });
    this.role.queue({ t: 'message', id, text: t, file: { b: file, n: file.name, t: file.type } });
    return id;
  }

  /** A quick reply: the button's label goes as the visitor's message, naming the button; the buttons are then used. */
  reply(messageId: string, actionId: string): string | null {
    const m = this.conv.messages.find((x) => x.id === messageId);
    const action = m?.actions?.find((a) => a.id === actionId);
    if (!m || !action || m.replyTo || this.dead) return null;
    const id = nanoid();
    const replyTo = { messageId, actionId };
    this.conv.answered(messageId, { messageId: id, actionId });
    this.conv.add({ id, from: 'visitor', text: action.label, at: new Date().toISOString(), status: 'sending', replyTo });
    this.role.queue({ t: 'message', id, text: action.label, replyTo });
    return id;
  }

  /** "Leave a message" while nobody can answer: queued in the outbox like a chat message; null when invalid (an email or a phone is needed). */
  leaveMessage(form: LeaveMessageForm): string | null {
    const r = this.dead ? null : this.leave(form, this.maxTextLength());
    if (!r) return null;
    const f = r.frame;
    if (r.fresh) {
      this.conv.add({ id: f.id, from: 'visitor', text: f.text, at: new Date().toISOString(), status: 'sending' });
      this.role.queue(f);
    }
    return f.id;
  }

  /** The visitor ends the chat: a divider, `end` through the outbox, and the rating when the site asks for one. */
  end(): string | null {
    return this.dead ? null : endChat(this.conv, (f) => this.role.queue(f), this.config?.rating?.enabled !== false);
  }

  /** Rates the conversation that ended at divider `endId` (1–5, optional comment); queued, so it arrives once even from offline. */
  rate(endId: string, score: number, comment?: string): string | null {
    return this.dead ? null : rateChat(this.conv, this.events, (f) => this.role.queue(f), endId, score, comment, this.maxTextLength());
  }

  /** "Email me this conversation": queued; null when the address is not one the relay takes. */
  emailTranscript(email: string): string | null {
    return this.dead ? null : requestTranscript(this.conv, (f) => this.role.queue(f), email);
  }

  /** The page as frames carry it: redacted by the default list and the site's own. */
  private sentPage(): PageInfo {
    return redactPage(this.page, this.config?.privacy?.redactQuery);
  }

  private maxTextLength(): number {
    return this.config?.limits?.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  }

  /** Reports the composer's draft for the live preview, when the site enabled it. */
  typing(draft: string): void {
    this.preview?.update(draft);
  }

  /** Re-queues a failed message with its original id. */
  retry(id: string): void {
    this.conv.setStatus(id, 'sending');
    void this.started.then(() => this.role.retry(id));
  }

  /** Identifies the visitor (the site computes userHash on its server); its name, email and phone are claims either way. */
  identify(user: UserInfo): void {
    this.user = { ...user };
    this.keepClaims(identified(this.said, user));
    this.role.send({ t: 'identify', user: this.user });
  }

  /** Merges what the page knows about the visitor (`Parley('update')`); false (and an `error` event) when it is out of bounds. */
  update(said: Claims): boolean {
    const r = updated(this.said, said);
    if (typeof r === 'string') return (this.events.emit('error', { code: 'bad_claims', message: r }), false);
    this.keepClaims(r);
    return this.role.send({ t: 'profile', ...said }), true;
  }

  /** The claims the widget holds now (the pre-chat form shows them). */
  get claims(): Claims {
    return this.said.claims;
  }

  /** `Parley('track', name, props)`: a visitor event for the helpdesk, best effort; the relay answers one out of bounds with an `error` event. */
  track(name: string, props?: Attributes): void {
    const f: ClientFrame = { t: 'event', name, ...(props ? { props } : {}) };
    // Kept until welcomed, the newest 20: analytics, not messages, so no outbox and no storage.
    if (!this.role.send(f) && this.early.push(f) > 20) this.early.shift();
  }

  private keepClaims(s: StoredClaims): void {
    this.said = s;
    void this.store?.set(this.keys.visitor, { said: s, visit: this.visit });
  }

  /** Records a navigation (single-page apps); the next hello carries it too. */
  setPage(p?: Partial<PageInfo>): void {
    const p2 = (this.page = nextPage(this.page, p));
    const out = this.sentPage();
    this.role.send({ t: 'page', url: out.url, title: out.title, referrer: out.referrer });
    this.invites.page(p2.url);
  }

  /** Forces a locale ('en' | 'vi'). */
  setLocale(l: string): void {
    const loc = toLocale(l);
    if (!loc || loc === this.explicitLocale) return;
    this.explicitLocale = loc;
    this.events.emit('change', undefined);
  }

  /** Tells the helpdesk what the visitor did with a suggested FAQ article (best effort, like analytics). */
  faqFeedback(articleId: string, action: FaqAction): void {
    this.role.send({ t: 'faq', articleId, action });
  }

  /** Shows an invitation as the teaser (in the transcript while the panel is open) and reports it. */
  invite(inv: InviteInput): void {
    this.invites.show(inv);
  }

  /** Disconnects without wiping anything. */
  destroy(): void {
    this.dead = true;
    this.tabs?.close();
    this.invites.stop();
    this.preview?.dispose();
    this.role.stop();
    if (typeof removeEventListener === 'function') {
      removeEventListener('online', this.onOnline);
      removeEventListener('pagehide', this.onHide);
      removeEventListener('pageshow', this.onShow);
    }
  }

  /** Disconnects and wipes this site's local data (shared computers). */
  async shutdown(): Promise<void> {
    this.destroy();
    await this.started.catch(() => {});
    await this.saver.idle();
    this.conv.reset();
    const s = this.store;
    if (!s) return;
    await this.role.wipe();
    await Promise.all([s.del(this.keys.state), s.del(this.keys.config), s.del(this.keys.visitor), this.tabs?.wipe()].concat(this.invites.keys().map((k) => s.del(k))));
  }

  /** Writes the conversation to storage now (page about to go away). */
  flush(): Promise<void> {
    return this.saver.save();
  }

  // Each step of start-up is its own task (nextTask): together they made long tasks on slow devices.
  private async start(): Promise<void> {
    await nextTask();
    const k = this.keys;
    // What two pages wrote unseen by each other: every message of both survives.
    const store = await Store.open(this.opts.storage, (key, journaled, stored) =>
      key === k.outbox ? unionById(stored as OutboxItem[], journaled as OutboxItem[]) : key === k.state ? mergeSnapshots(stored as Snapshot, journaled as Snapshot) : undefined,
    );
    this.store = store;
    const conv = this.conv;
    conv.setStorage(store.kind);
    store.onDegrade((k) => conv.setStorage(k));
    const cached = await Promise.all([store.get<Snapshot>(this.keys.state), store.get<unknown>(this.keys.config), store.get<{ said?: StoredClaims; visit?: VisitRecord }>(this.keys.visitor)]);
    await nextTask();
    conv.restore(cached[0]);
    const kept = cached[2];
    // An identify made before storage opened (the page's first command) applies to the stored claims.
    if (kept?.said?.claims) this.said = this.user ? identified(kept.said, this.user) : kept.said;
    this.visit = nextVisit(kept?.visit, this.page.url);
    this.keepClaims(this.said);
    // Cached by an earlier page, possibly of an older widget: checked like a fresh one.
    const config = readConfig(cached[1]);
    if (config) this.applyConfig(config);
    if (this.dead) return;
    const o = this.opts;
    const seat: Seat = {
      conv,
      store,
      outboxKey: this.keys.outbox,
      outbox: o.outbox,
      connection: {
        relay: o.relay,
        site: o.site,
        socket: { ...(o.WebSocket ? { WebSocket: o.WebSocket } : {}), ...o.socket },
        hello: () => ((this.told = [this.user, this.said]), {
          visitorId: conv.visitorId,
          token: conv.token,
          lastMessageId: conv.lastMessageId(),
          page: this.sentPage(),
          locale: this.locale,
          user: this.user,
          context: visitContext(this.visit, this.config?.privacy?.redactQuery),
          profile: this.said.claims,
        }),
      },
      // The uploader loads only when a message with a file is due to go.
      upload: async (link, item) => (await (o.chunks ?? noChunks).uploads())?.uploadFile(link, conv, item) ?? 'retry',
      route: (link, delivery) => routeLink(link, { conv, events: this.events, delivery, presence: (n, open, at) => (this.setAgents(n), conv.setHours(open, at)), invite: (f) => this.invite(f) }),
      become: (role) => this.become(role),
    };
    this.seat = seat;
    await nextTask();
    // Shut down meanwhile: joining now would leave a tab nobody closes, leading the site's other tabs.
    if (this.dead) return;
    await this.join(seat);
    if (this.dead) return;
    await nextTask();
    this.invites.start(store);
    if (o.fetchConfig !== false) {
      void fetchConfig(o.relay, o.site).then((c) => {
        if (!c || this.dead) return;
        this.applyConfig(c);
        void store.set(this.keys.config, c);
      });
    }
    if (typeof addEventListener === 'function') {
      addEventListener('online', this.onOnline);
      addEventListener('pagehide', this.onHide);
      addEventListener('pageshow', this.onShow);
    }
  }

  /** Becomes one of the site's tabs: leads (outbox and socket), or goes through the tab that does. */
  private join(seat: Seat): Promise<unknown> {
    const gen = ++this.generation;
    const live = () => !this.dead && gen === this.generation;
    // Alone (tabs off), this tab leads itself.
    this.tabs = this.opts.tabs === false ? null : joinTabs(this.opts.site, seat.store, {
      conv: this.conv,
      lead: (still, tabs) => lead(seat, () => still() && live(), tabs),
      follow: (link, tabs) => follow(seat, link, tabs),
      attention: () => this.events.emit('attention', undefined),
    });
    return this.tabs ? this.tabs.ready : lead(seat, live, null);
  }

  /** A role the election's callbacks created takes over; what the previous one held goes to it. */
  private become(role: Role): void {
    const was = this.role;
    this.role = role;
    was.stop(role);
    // A new leader caches at once: it may hold messages only the starting role had.
    this.saver.queue();
  }

  /** The relay or the site's config said how many agents are online (0 is then real). */
  private setAgents(n: number): void {
    this.presenceKnown = true;
    this.conv.setAgents(n);
  }

  private applyConfig(c: WidgetConfig): void {
    this.config = c;
    const tp = c.typingPreview;
    this.preview?.dispose();
    // Masked here and again by the relay: the helpdesk never sees a card number, even from an old widget.
    this.preview = tp?.enabled
      ? new TypingPreview({ send: (text) => this.role.send({ t: 'typing', text }), maskEmails: !!tp.maskEmails, patterns: compilePatterns(tp.sensitivePatterns) })
      : null;
    if (typeof c.agentsOnline === 'number') this.setAgents(c.agentsOnline);
    if (typeof c.open === 'boolean') this.conv.setHours(c.open, c.opensAt);
    this.invites.setRules(c.invitations);
    this.events.emit('change', undefined);
  }

  private onOnline = (): void => this.role.reconnect();
  // No IndexedDB write may start here (see store.ts): the store journals synchronously from now on.
  private onHide = (e: PageTransitionEvent): void => {
    this.store?.hide();
    this.saver.saveNow();
    if (e.persisted) this.suspend();
  };

  /**
   * Into the back/forward cache: while frozen, other pages of the site go on without this one, so it
   * stops being one of the site's tabs (no socket, no lock, no outbox of its own that could go stale).
   */
  private suspend(): void {
    this.generation++;
    this.tabs?.close();
    this.tabs = null;
    const was = this.role;
    this.role = starting();
    // What the visitor typed and this page still held goes to whichever role comes next.
    was.stop(this.role);
  }

  /** Back from the back/forward cache: takes in what the other pages stored meanwhile and joins the tabs again, as a new page would. */
  private onShow = (e: PageTransitionEvent): void => {
    if (e.persisted) void this.resume();
  };

  private async resume(): Promise<void> {
    const s = this.store;
    const seat = this.seat;
    if (!s || !seat || this.dead) return;
    await s.show();
    this.conv.restore(await s.get<Snapshot>(this.keys.state));
    if (!this.dead) await this.join(seat);
  }
}
