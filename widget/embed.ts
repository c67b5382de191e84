// The script tag. It finds its own <script>, creates the widget (its UI loads from beside this file when
// first needed), takes over `window.Parley` from the snippet's stub (reading the queue first), replays
// queued calls in order, follows single-page-app navigation, and announces itself with a `parley:ready`
// event on window. Attributes: data-site, data-relay, data-consent, data-launcher, data-color,
// data-privacy-url (DESIGN §1, §12).
import { scriptChunks } from './chunks/script.js';
import { createWidgetWith, type ParleyWidget } from './create.js';

type Cmd = (cmd: string, ...args: unknown[]) => unknown;
interface Stub {
  (...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
  loaded?: boolean;
  /** Where a lazily loaded chunk file hands over its exports. */
  chunk?: (name: string, exports: unknown) => void;
}

const w = window as unknown as { Parley?: Stub | Cmd };

function ownScript(): HTMLScriptElement | null {
  const cur = document.currentScript;
  if (cur instanceof HTMLScriptElement && cur.dataset.site) return cur;
  return document.querySelector<HTMLScriptElement>('script[data-site][src*="parley"]') ?? document.querySelector<HTMLScriptElement>('script[data-site]');
}

function relayOf(script: HTMLScriptElement): string {
  const explicit = script.dataset.relay;
  if (explicit) return explicit;
  try {
    return new URL(script.src, location.href).origin;
  } catch {
    return location.origin;
  }
}

/** Installs `window.Parley`; a second copy of the script on the page does nothing. */
function boot(): void {
  const existing = w.Parley as Stub | undefined;
  if (existing && existing.loaded) return;
  const script = ownScript();
  const site = script?.dataset.site;
  if (!script || !site) {
    console.warn('Parley: no <script data-site> found; the widget was not started.');
    return;
  }
  // Read the queue before anything replaces the stub: calls made up to this line must not be lost.
  const queued = Array.from(existing?.q ?? []);
  const lazy = scriptChunks(script);
  const d = script.dataset;
  let widget: ParleyWidget | null = createWidgetWith(
    {
      relay: relayOf(script),
      site,
      consent: d.consent === 'required' ? 'required' : undefined,
      launcher: d.launcher === 'none' ? 'none' : 'bubble',
      color: d.color,
      privacyUrl: d.privacyUrl,
    },
    lazy.chunks,
    true,
  );
  const unfollow = followNavigation(() => widget?.page());

  const api: Record<string, (...a: any[]) => unknown> = {
    open: (o?: { draft?: string }) => widget?.open(o && typeof o === 'object' ? o : undefined),
    close: () => widget?.close(),
    toggle: () => widget?.toggle(),
    send: (text: string) => widget?.send(text),
    identify: (user) => widget?.identify(user),
    update: (claims) => widget?.update(claims),
    track: (name, props) => widget?.track(name, props),
    setLocale: (l) => widget?.setLocale(l),
    invite: (inv) => widget?.invite(inv),
    page: (p) => widget?.page(p),
    on: (event, fn) => (typeof fn === 'function' ? widget?.on(event, fn) : undefined),
    off: (event, fn) => widget?.off(event, fn),
    consent: (granted: unknown) => widget?.consent(granted === true),
    shutdown: () => {
      const wgt = widget;
      widget = null;
      unfollow();
      return wgt?.shutdown();
    },
  };

  const Parley = ((cmd: string, ...args: unknown[]) => {
    const fn = api[cmd];
    if (!fn) {
      console.warn(`Parley: unknown command "${String(cmd)}"`);
      return undefined;
    }
    try {
      return fn(...args);
    } catch (e) {
      console.error('Parley:', e);
      return undefined;
    }
  }) as Stub;
  Parley.loaded = true;
  Parley.chunk = lazy.receive;
  w.Parley = Parley;
  for (const args of queued) Parley(...Array.from(args));
  window.dispatchEvent(new Event('parley:ready'));
}

/** Reports history navigation in single-page apps; returns a function that stops following. */
function followNavigation(onPage: () => void): () => void {
  let last = location.href;
  const check = () => {
    // replaceState for scroll or query tweaks without a URL change is not a page view.
    if (location.href === last) return;
    last = location.href;
    onPage();
  };
  const h = history;
  const orig = { pushState: h.pushState, replaceState: h.replaceState };
  for (const name of ['pushState', 'replaceState'] as const) {
    h[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const r = orig[name].apply(this, args);
      check();
      return r;
    };
  }
  addEventListener('popstate', check);
  return () => {
    h.pushState = orig.pushState;
    h.replaceState = orig.replaceState;
    removeEventListener('popstate', check);
  };
}

boot();
