// The widget's brain without a DOM: restores the cached conversation, then connects, routes relay
// frames into the conversation and the outbox, and caches state again. The Preact UI and the
// script tag are thin layers over it; Node can run it too (load tests, chaos runs).
import { nanoid } from 'nanoid';
import type { PageInfo, UserInfo } from '../../protocol/types.js';
import { pickLocale, toLocale, type Locale } from '../i18n.js';
import { DEFAULT_MAX_TEXT_LENGTH } from '../../protocol/patterns.js';
import { fetchConfig, readConfig, type WidgetConfig } from './config.js';
import { Connection, type RelayLink } from './connection.js';
import { Conversation, type Snapshot } from './conversation.js';
import { Emitter } from './emitter.js';
import type { Events } from './events.js';
import { Outbox, type OutboxFrame, type OutboxOptions } from './outbox.js';
import { joinTabs, type Tabs } from './tabs/tabs.js';
import { handoff } from './tabs/handoff.js';
import type { ReconnectOptions } from './reconnect.js';
import { Store, type StorageKind } from './store.js';
import { compilePatterns } from '../../protocol/mask.js';
import { TypingPreview } from '../typing/preview.js';
import { createInvites, type Invites, type InviteInput } from './invites.js';
import { createFaqLoader, type FaqLoader } from './faq-loader.js';
import { noChunks, type Chunks } from './chunks.js';
import { currentPage, nextPage, redactPage } from './page.js';
import { createLeaveMessage } from './leave-message.js';
import { routeLink } from './routing.js';
import { createSaver, type Saver } from './saver.js';
import { httpBase } from './url.js';
import type { FaqAction } from '../../protocol/types.js';

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
}

/** The framework-free widget core: conversation state, its event bus, outbox and relay link. */
export class Client {
  /** What the page hears (`on(name, fn)`) and the UI redraws on. */
  readonly events: Events = new Emitter();
  readonly conv = new Conversation(this.events);
  /** Proactive invitations: the teaser on screen and the rules engine. */
  readonly invites: Invites;
  config: WidgetConfig | null = null;
  /** FAQ suggestions: fetched from the config's faqUrl on first use, indexed once per page. */
  readonly faq: FaqLoader;
  /** Resolves once cached state is restored (the socket connects only after). */
  readonly started: Promise<void>;
  private store: Store | null = null;
  private outbox: Outbox | null = null;
  private link: RelayLink | null = null;
  private explicitLocale?: Locale;
  private user?: UserInfo;
  private page: PageInfo = currentPage();
  private dead = false;
  /** Messages sent before the outbox was restored; they go in after what earlier pages queued. */
  private early: OutboxFrame[] = [];
  private tabs: Tabs | null = null;
  private preview: TypingPreview | null = null;
  private readonly keys: { state: string; outbox: string; config: string };
  private readonly saver: Saver;
  private readonly leave = createLeaveMessage();
  /** Whether the relay or the site's config has said how many agents are online (0 is then real). */
  presenceKnown = false;

  constructor(private readonly opts: ClientOptions) {
    this.explicitLocale = toLocale(opts.locale);
    this.keys = { state: `${opts.site}:state`, outbox: `${opts.site}:outbox`, config: `${opts.site}:config` };
    // Only the leader tab writes, so a follower's stale copy never overwrites the leader's.
    this.saver = createSaver(() => this.store, this.keys.state, () => this.conv.snapshot(), () => !this.dead && !(this.tabs && !this.outbox));
    this.events.on('change', () => this.saver.queue());
    // A closed panel is not a visitor still typing: the agent's preview stops at once.
    this.conv.on('close', () => this.preview?.clear());
    const chunks = opts.chunks ?? noChunks;
    this.invites = createInvites(this.conv, this.events, (f) => this.link?.send(f) ?? false, opts.site, () => this.locale, chunks.invitations);
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
    const frame = { t: 'message' as const, id, text: t };
    this.enqueue(frame);
    return id;
  }

  /** "Leave a message" while nobody is online: queued in the outbox like a chat message; null when invalid. */
  leaveMessage(form: { name?: string; email: string; text: string }): string | null {
    const r = this.dead ? null : this.leave(form, this.maxTextLength());
    if (!r) return null;
    const f = r.frame;
    if (r.fresh) {
      this.conv.add({ id: f.id, from: 'visitor', text: f.text, at: new Date().toISOString(), status: 'sending' });
      this.enqueue(f);
    }
    return f.id;
  }

  /** The page as frames carry it: redacted by the default list and the site's own. */
  private sentPage(): PageInfo {
    return redactPage(this.page, this.config?.privacy?.redactQuery);
  }

  private maxTextLength(): number {
    return this.config?.limits?.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  }

  /** Stores a frame in this tab's outbox or hands it to the leader tab's; other tabs show it too. */
  private enqueue(frame: OutboxFrame): void {
    if (this.outbox) void this.outbox.add(frame);
    if (this.tabs) this.tabs.sent(frame);
    else if (!this.outbox) this.early.push(frame);
  }

  /** Reports the composer's draft for the live preview, when the site enabled it. */
  typing(draft: string): void {
    this.preview?.update(draft);
  }

  /** Re-queues a failed message with its original id. */
  retry(id: string): void {
    this.conv.setStatus(id, 'sending');
    void this.started.then(() => (this.outbox ? this.outbox.retry(id) : this.tabs?.retry(id)));
  }

  /** Identifies the visitor (the site computes userHash on its server). */
  identify(user: UserInfo): void {
    this.user = { ...user };
    this.link?.send({ t: 'identify', user: this.user });
  }

  /** Records a navigation (single-page apps); the next hello carries it too. */
  setPage(p?: Partial<PageInfo>): void {
    const p2 = (this.page = nextPage(this.page, p));
    const out = this.sentPage();
    this.link?.send({ t: 'page', url: out.url, title: out.title, referrer: out.referrer });
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
    this.link?.send({ t: 'faq', articleId, action });
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
    this.outbox?.stop();
    this.link?.close();
    this.link = null;
    if (typeof removeEventListener === 'function') {
      removeEventListener('online', this.onOnline);
      removeEventListener('pagehide', this.onHide);
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
    await this.outbox?.clear();
    await Promise.all([s.del(this.keys.state), s.del(this.keys.config), this.tabs?.wipe()].concat(this.invites.keys().map((k) => s.del(k))));
  }

  /** Writes the conversation to storage now (page about to go away). */
  flush(): Promise<void> {
    return this.saver.save();
  }

  private async start(): Promise<void> {
    const store = await Store.open(this.opts.storage);
    this.store = store;
    this.conv.setStorage(store.kind);
    store.onDegrade((k) => this.conv.setStorage(k));
    const cached = await Promise.all([store.get<Snapshot>(this.keys.state), store.get<unknown>(this.keys.config)]);
    this.conv.restore(cached[0]);
    // Cached by an earlier page, possibly of an older widget: checked like a fresh one.
    const config = readConfig(cached[1]);
    if (config) this.applyConfig(config);
    if (this.dead) return;
    const conv = this.conv;
    // One tab leads (outbox and socket); the others go through it. Alone, this tab leads itself.
    this.tabs = this.opts.tabs === false ? null : joinTabs(this.opts.site, store, {
      conv,
      lead: (still) => this.lead(still),
      follow: (link) => this.follow(link),
      queue: (f) => (this.outbox ? this.outbox.add(f) : Promise.resolve()),
      retry: (id) => this.retry(id),
    });
    await (this.tabs ? this.tabs.ready : this.lead(() => true));
    if (this.dead) return;
    this.invites.start(store);
    if (this.opts.fetchConfig !== false) {
      void fetchConfig(this.opts.relay, this.opts.site).then((c) => {
        if (!c || this.dead) return;
        this.applyConfig(c);
        void store.set(this.keys.config, c);
      });
    }
    if (typeof addEventListener === 'function') {
      addEventListener('online', this.onOnline);
      addEventListener('pagehide', this.onHide);
    }
  }

  /** Visitor messages cached as "sending" that the outbox no longer holds can only be retried by hand. */
  private reconcile(pending: string[]): void {
    const set = new Set(pending);
    for (const m of this.conv.messages) if (m.from === 'visitor' && m.status === 'sending' && !set.has(m.id)) this.conv.setStatus(m.id, 'failed');
    for (const i of this.outbox!.items) if (i.state === 'failed') this.conv.setStatus(i.id, 'failed');
  }

  /** Owns the outbox and the socket: alone, or as the tabs' leader. */
  private async lead(still: () => boolean): Promise<RelayLink | null> {
    const outbox = new Outbox(this.store!, this.keys.outbox, (f) => this.link?.send(f) ?? false, this.opts.outbox);
    outbox.on('sent', (e) => this.conv.setStatus(e.id, 'sent'));
    outbox.on('failed', (e) => this.conv.setStatus(e.id, 'failed'));
    await outbox.load();
    if (!still() || this.dead) return null;
    this.outbox = outbox;
    for (const f of this.early.splice(0)) await outbox.add(f);
    // A message a closed tab left for hand-off is not lost: the tabs adopt it right after this.
    const handed = this.tabs ? await handoff(this.store!, this.opts.site).all() : [];
    this.reconcile(outbox.items.map((i) => i.id).concat(handed.map((h) => h.f.id)));
    this.link?.close();
    this.connect();
    this.saver.queue();
    return this.link;
  }

  /** Reaches the relay through the leader tab, without an outbox or socket of its own. */
  private follow(link: RelayLink): void {
    this.outbox?.stop();
    this.outbox = null;
    this.link?.close();
    this.wire(link);
    for (const f of this.early.splice(0)) this.enqueue(f);
  }

  private connect(): void {
    this.wire(new Connection({
      relay: this.opts.relay,
      site: this.opts.site,
      socket: { ...(this.opts.WebSocket ? { WebSocket: this.opts.WebSocket } : {}), ...this.opts.socket },
      hello: () => ({
        visitorId: this.conv.visitorId,
        token: this.conv.token,
        lastMessageId: this.conv.lastMessageId(),
        page: this.sentPage(),
        locale: this.locale,
        user: this.user,
      }),
    }));
  }

  private wire(link: RelayLink): void {
    this.link = link;
    routeLink(link, {
      conv: this.conv,
      events: this.events,
      outbox: () => this.outbox,
      presence: (n) => this.setAgents(n),
      invite: (f) => this.invite(f),
    });
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
      ? new TypingPreview({ send: (text) => this.link?.send({ t: 'typing', text }), maskEmails: !!tp.maskEmails, patterns: compilePatterns(tp.sensitivePatterns) })
      : null;
    if (typeof c.agentsOnline === 'number') this.setAgents(c.agentsOnline);
    this.invites.setRules(c.invitations);
    this.events.emit('change', undefined);
  }

  private onOnline = (): void => this.link?.reconnect();
  private onHide = (): void => void this.saver.save();
}
