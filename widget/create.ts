// The widget itself: a client core and its mounted UI behind the public API. The ESM entry and the
// script tag differ only in how the lazily needed chunks arrive.
import type { Author, UserInfo } from '../protocol/types.js';
import type { Chunks } from './core/chunks.js';
import { Client, type ClientOptions } from './core/client.js';
import type { ParleyEvents } from './core/events.js';
import type { Locale } from './i18n.js';
import { mount, type Mounted } from './ui/mount.js';

/** What `createWidget` takes: the relay, the site, and optional locale and container. */
export interface WidgetOptions {
  /** The relay's base URL, http(s) or ws(s), e.g. `https://chat.example.com`. */
  relay: string;
  /** The site id configured on the relay. */
  site: string;
  locale?: Locale;
  /** Render the panel inline in this element instead of a floating bubble. */
  container?: HTMLElement;
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
  open(): void;
  close(): void;
  toggle(): void;
  /** Sends a message as the visitor; returns its id, or null when the text is empty. */
  send(text: string): string | null;
  identify(user: UserInfo): void;
  setLocale(locale: Locale): void;
  /** Shows an invitation teaser by the bubble (straight in the conversation while the panel is open). */
  invite(invitation: { text: string; author?: Author | string }): void;
  /** Tells the helpdesk the visitor navigated (single-page apps). */
  page(page?: { url?: string; title?: string }): void;
  on<K extends ParleyEventName>(event: K, fn: ParleyListener<K>): () => void;
  off<K extends ParleyEventName>(event: K, fn: ParleyListener<K>): void;
  /** Disconnects, removes the widget and wipes its local data (shared computers). */
  shutdown(): Promise<void>;
  /** Disconnects and removes the widget, keeping local data. */
  destroy(): void;
  /** The widget's host element (its shadow root holds everything else). */
  readonly element: HTMLElement;
}

/** Creates and mounts the chat widget; `chunks` brings the FAQ search and the invitation rules engine. */
export function createWidgetWith(options: WidgetOptions, chunks: Chunks): ParleyWidget {
  if (!options || typeof options.relay !== 'string' || typeof options.site !== 'string') {
    throw new TypeError('createWidget needs { relay, site }');
  }
  const client = new Client({ relay: options.relay, site: options.site, locale: options.locale, WebSocket: options.WebSocket, storage: options.storage, chunks });
  const conv = client.conv;
  const events = client.events;
  const inline = !!options.container;
  let ui: Mounted | null = mount(client, options.container);
  let isReady = false;
  if (inline) conv.setOpen(true);

  // Listeners added in the same tick (queued commands) must see `ready`, so it never fires synchronously.
  void client.started.then(() => {
    if (!ui) return;
    if (inline) conv.setOpen(true);
    isReady = true;
    events.emit('ready', undefined);
    events.emit('status', { connection: conv.connection, storage: conv.storage });
  });

  const remove = () => {
    ui?.unmount();
    ui = null;
  };

  return {
    open: () => conv.setOpen(true),
    close: () => inline || conv.setOpen(false),
    toggle: () => inline || conv.setOpen(!conv.open),
    send: (text) => client.send(text),
    identify: (user) => client.identify(user),
    setLocale: (l) => client.setLocale(l),
    invite: (inv) => client.invite(inv),
    page: (p) => client.setPage(p),
    on(event, fn) {
      const off = events.on(event, fn);
      // A late `ready` listener still hears it: pages often subscribe after the widget is up.
      if (event === 'ready' && isReady) setTimeout(() => (fn as () => void)());
      return off;
    },
    off: (event, fn) => events.off(event, fn),
    async shutdown() {
      remove();
      await client.shutdown();
      events.clear();
    },
    destroy() {
      remove();
      client.destroy();
      events.clear();
    },
    get element() {
      return ui?.host ?? document.createElement('div');
    },
  };
}
