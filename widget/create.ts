// The widget itself: a shell on the page (one host element, its shadow root, the bubble in plain
// DOM), the client core behind it (storage, socket, tabs), and the panel's UI mounted when it is first
// needed. The ESM entry and the script tag differ only in how the chunks arrive and in when the UI is
// mounted: the ESM entry mounts it at once (a bundler user's bundler decides how to split), the script
// tag on first open, a teaser or an agent message, and in idle time once a conversation exists; its
// core arrives in idle time, and commands given meanwhile wait for it, in order.
// With consent required (DESIGN §12) nothing but the shell exists until consent: no client, hence no
// storage, no socket, no chunk and no request to the relay.
import type { Attributes, Author, Claims, UserInfo } from '../protocol/types.js';
import type { Chunks, MountedUi } from './core/chunks.js';
import type { Client, ClientOptions } from './core/client.js';
import { parseHex } from './ui/theme.js';
import { Emitter } from './core/emitter.js';
import type { Events, ParleyEvents, WidgetEvents } from './core/events.js';
import { nextTask, whenIdle } from './core/idle.js';
import { createTitleFlash } from './core/title-flash.js';
import { pickLocale, toLocale, type Locale } from './i18n.js';
import { hasConsent, recordConsent } from './launcher/consent.js';
import { createLauncher, type Launcher } from './launcher/launcher.js';
import { launcherStrings } from './launcher/strings.js';

/** What `createWidget` takes: the relay, the site, and optional locale, container, consent and launcher. */
export interface WidgetOptions {
  /** The relay's base URL, http(s) or ws(s), e.g. `https://chat.example.com`. */
  relay: string;
  /** The site id configured on the relay. */
  site: string;
  locale?: Locale;
  /** Render the panel inline in this element instead of a floating bubble. */
  container?: HTMLElement;
  /** `'required'`: only the bubble until `consent(true)` or the visitor's Accept (DESIGN §12). */
  consent?: 'required';
  /** `'none'`: no bubble; the page opens the chat with its own button and `toggle()`. */
  launcher?: 'bubble' | 'none';
  /** The bubble's colour until the site's config says otherwise (all there is before consent). */
  color?: string;
  /** The privacy policy the consent notice links to (http(s) only). */
  privacyUrl?: string;
  /** Advanced: a WebSocket constructor, or a forced storage backend. */
  WebSocket?: ClientOptions['WebSocket'];
  storage?: ClientOptions['storage'];
}

/** The name of an event the widget emits (`ready`, `message`, `status`, …). */
export type ParleyEventName = keyof ParleyEvents;
/** A listener for event `K`. */
export type ParleyListener<K extends ParleyEventName> = (payload: ParleyEvents[K]) => void;

/** A mounted widget: commands and events (DESIGN §1). */
export interface ParleyWidget {
  /** Opens the panel; `draft` is put in the composer, ready to send. */
  open(options?: { draft?: string }): void;
  close(): void;
  toggle(): void;
  /** Sends a message as the visitor; returns its id, or null when the text is empty (or consent is pending). */
  send(text: string): string | null;
  identify(user: UserInfo): void;
  /** Merges what the page knows about the visitor: name, email, phone, attributes (claims, DESIGN §11). */
  update(claims: Claims): void;
  /** Tells the helpdesk the visitor did something (`visitor.event`). */
  track(name: string, props?: Attributes): void;
  setLocale(locale: Locale): void;
  /** Shows an invitation teaser by the bubble (straight in the conversation while the panel is open). */
  invite(invitation: { text: string; author?: Author | string }): void;
  /** Tells the helpdesk the visitor navigated (single-page apps). */
  page(page?: { url?: string; title?: string }): void;
  /** Gives (true: the widget starts) or withdraws (false: local data wiped, back to the bubble) consent. */
  consent(granted: boolean): Promise<void>;
  on<K extends ParleyEventName>(event: K, fn: ParleyListener<K>): () => void;
  off<K extends ParleyEventName>(event: K, fn: ParleyListener<K>): void;
  /** Disconnects, removes the widget and wipes its local data (shared computers). */
  shutdown(): Promise<void>;
  /** Disconnects and removes the widget, keeping local data. */
  destroy(): void;
  /** The widget's host element (its shadow root holds everything else). */
  readonly element: HTMLElement;
}

/** Internal events stay on the client's bus; the page hears the public ones. */
function forwarding(page: Emitter<WidgetEvents>): Events {
  const bus: Events = new Emitter();
  const emit = bus.emit.bind(bus);
  bus.emit = (event, payload) => {
    emit(event, payload);
    if (event !== 'change' && event !== 'attention') page.emit(event, payload);
  };
  return bus;
}

/**
 * Creates the widget; `chunks` brings the FAQ search, the invitation rules engine and the UI. `lazy`:
 * the UI is mounted only when needed, and start-up waits for idle time (the script tag).
 */
export function createWidgetWith(options: WidgetOptions, chunks: Chunks, lazy = false): ParleyWidget {
  if (!options || typeof options.relay !== 'string' || typeof options.site !== 'string') {
    throw new TypeError('createWidget needs { relay, site }');
  }
  const container = options.container;
  const inline = !!container;
  const bubble = !inline && options.launcher !== 'none';
  const events = new Emitter<WidgetEvents>();
  const host = document.createElement('div');
  host.setAttribute('data-parley-host', '');
  const shadow = host.attachShadow({ mode: 'open' });
  (container ?? document.body).appendChild(host);

  let client: Client | null = null;
  /** Consent given and the core on its way: commands wait here for the client, in order. */
  let later: ((c: Client) => void)[] | null = null;
  let ui: MountedUi | null = null;
  let loading: Promise<void> | null = null;
  let launcher: Launcher | null = null;
  let offs: (() => void)[] = [];
  let explicitLocale = toLocale(options.locale);
  let user: UserInfo | undefined;
  let draft: string | undefined;
  let isReady = false;
  let gone = false;
  const flash = createTitleFlash();
  const locale = () => client?.locale ?? pickLocale(explicitLocale);

  const ready = () => {
    if (isReady || gone) return;
    isReady = true;
    events.emit('ready', undefined);
  };

  /** Whether the consent notice should show; kept while the bubble is still to be drawn. */
  let noticeWanted = false;
  const notice = (show: boolean) => {
    noticeWanted = show;
    launcher?.notice(show);
  };

  /** The shell's bubble (and, consent pending, its notice) until the UI takes over. */
  const showLauncher = () => {
    if (inline || launcher || gone) return;
    launcher = createLauncher(shadow, {
      bubble,
      privacyUrl: options.privacyUrl,
      onClick: () => api.toggle(),
      // Fetched only: swapping the bubble for the UI's while the pointer is on it could eat the click.
      onIntent: () => client && void chunks.ui(),
      onAccept: () => void api.consent(true),
    });
    paint();
    if (noticeWanted) launcher.notice(true);
  };

  const paint = () => {
    if (!launcher) return;
    const c = client;
    const theme = c?.config?.theme;
    launcher.update({
      open: !!c?.conv.open,
      unread: c?.conv.unread ?? 0,
      color: parseHex(theme?.color) ? theme!.color : options.color,
      scheme: theme?.scheme,
      left: theme?.position === 'left',
      s: launcherStrings(locale()),
    });
  };

  /** Loads and mounts the UI once; a failed load is tried again on the next need. */
  const needUi = (): Promise<void> =>
    (loading ??= chunks.ui().then(async (m) => {
      // The UI's file ran in the task that brought it: the panel is drawn in the next one.
      if (m && lazy) await nextTask();
      const c = client;
      if (!m) loading = null;
      if (!m || !c || ui || gone) return;
      const refocus = launcher?.focused();
      ui = m.mountUi(c, { shadow, container, bubble, color: options.color });
      launcher?.remove();
      launcher = null;
      if (refocus) shadow.querySelector<HTMLElement>('[data-parley="bubble"]')?.focus();
      applyDraft();
    }));

  const applyDraft = () => {
    if (draft === undefined || !ui || !client?.conv.open) return;
    ui.draft(draft);
    draft = undefined;
  };

  /** Runs `fn` on the client, now or once it exists; dropped while consent is pending. */
  const withClient = (fn: (c: Client) => void) => (client ? fn(client) : later?.push(fn));

  /** Consent given (or not needed): the core loads (in idle time for the script tag) and starts. */
  const start = () => {
    if (client || later || gone) return;
    const queued: ((c: Client) => void)[] = (later = []);
    notice(false);
    void (lazy ? whenIdle() : Promise.resolve())
      .then(() => (later === queued ? chunks.core() : null))
      // The core's file ran in the task that brought it: the client starts in the next one.
      .then(async (m) => {
        if (m && lazy) await nextTask();
        if (later !== queued) return;
        later = null;
        if (!m) return console.warn('Parley: the chat could not load.');
        boot(m.Client);
        queued.forEach((fn) => fn(client!));
      });
  };

  const boot = (Ctor: typeof Client) => {
    const c = (client = new Ctor({
      relay: options.relay,
      site: options.site,
      locale: explicitLocale,
      WebSocket: options.WebSocket,
      storage: options.storage,
      chunks,
      events: forwarding(events),
    }));
    if (user) c.identify(user);
    const conv = c.conv;
    const bus = c.events;
    offs = [
      bus.on('change', paint),
      conv.on('open', () => void needUi()),
      bus.on('invitation', (e) => e.action === 'shown' && void needUi()),
      bus.on('message', (m) => m.from === 'agent' && void needUi()),
      bus.on('attention', () => flash.ping(launcherStrings(c.locale).newMessage)),
      conv.on('open', () => flash.stop()),
    ];
    if (inline) conv.setOpen(true);
    const mounted = lazy && !inline ? null : needUi();
    paint();
    // Listeners added in the same tick (queued commands) must see `ready`, so it never fires synchronously.
    void Promise.all([c.started, mounted]).then(async () => {
      if (client !== c) return;
      if (inline) conv.setOpen(true);
      // Open on the page before (restored): `ready` waits for the panel, so the page (or a visitor's
      // click) never meets a chat that is open but not shown yet. A conversation to come back to: fetched.
      if (conv.open) await needUi();
      else if (conv.messages.length) void whenIdle().then(() => void (client === c && chunks.ui()));
      if (client !== c) return;
      ready();
      events.emit('status', { connection: conv.connection, storage: conv.storage });
    });
  };

  /** Back to the shell alone: the client and the UI go. */
  const stop = (): Client | null => {
    const c = client;
    client = null;
    later = null;
    offs.forEach((f) => f());
    offs = [];
    flash.stop();
    ui?.unmount();
    ui = null;
    loading = null;
    return c;
  };

  const api: ParleyWidget = {
    open(o) {
      if (o && typeof o.draft === 'string') draft = o.draft;
      if (!client && !later) return notice(true);
      withClient((c) => {
        c.conv.setOpen(true);
        applyDraft();
      });
    },
    close: () => {
      if (!client && !later) return notice(false);
      withClient((c) => inline || c.conv.setOpen(false));
    },
    toggle: () => {
      if (!client && !later) return notice(!(launcher ? launcher.noticeShown : noticeWanted));
      withClient((c) => inline || c.conv.setOpen(!c.conv.open));
    },
    send: (text) => {
      if (client) return client.send(text);
      withClient((c) => c.send(text));
      return null;
    },
    identify: (u) => {
      user = { ...u };
      client?.identify(u);
    },
    update: (claims) => withClient((c) => void c.update(claims)),
    track: (name, props) => withClient((c) => c.track(name, props)),
    setLocale: (l) => {
      explicitLocale = toLocale(l) ?? explicitLocale;
      client?.setLocale(l);
      paint();
    },
    invite: (inv) => withClient((c) => c.invite(inv)),
    page: (p) => withClient((c) => c.setPage(p)),
    async consent(granted) {
      if (gone) return;
      recordConsent(granted);
      if (granted) return start();
      const c = stop();
      showLauncher();
      await c?.shutdown();
      // The shutdown's wipe may have raced a last write of the consent key's neighbours: not of it.
      recordConsent(false);
    },
    on(event, fn) {
      const off = events.on(event, fn);
      // A late `ready` listener still hears it: pages often subscribe after the widget is up.
      if (event === 'ready' && isReady) setTimeout(() => (fn as () => void)());
      return off;
    },
    off: (event, fn) => events.off(event, fn),
    async shutdown() {
      const c = stop();
      gone = true;
      launcher?.remove();
      host.remove();
      await c?.shutdown();
      recordConsent(false);
      events.clear();
    },
    destroy() {
      const c = stop();
      gone = true;
      host.remove();
      c?.destroy();
      events.clear();
    },
    get element() {
      return host;
    },
  };

  const pending = options.consent === 'required' && !hasConsent();
  // The ESM entry mounts its UI at once: a bubble of the shell would only flash before it.
  // The script tag draws its bubble in the task after its own: running the file and drawing the bubble
  // in one task made the longest task of a page view on slow devices.
  const shown = lazy ? nextTask().then(showLauncher) : pending ? showLauncher() : undefined;
  if (!pending) start();
  else void Promise.resolve(shown).then(() => setTimeout(ready));
  return api;
}
