// The bubble in plain DOM, so the first script paints it without Preact, and the consent notice it
// opens while consent is pending (DESIGN §12). Same classes, size and place as the UI's bubble
// (widget/ui/App.tsx), which takes over in the same spot once the UI file has arrived: no layout shift.
// Owns: the shell's bubble and notice. Must not: open the panel itself or know about the relay (the
// widget passes what to show and what a click means).
import { themeCss } from '../ui/theme.js';
import { addSheet } from './sheet.js';
import type { LauncherStrings } from './strings.js';

// The launcher's part of the UI's stylesheet (widget/ui/styles.ts), plus the notice.
const CSS = `:host{all:initial}
*{box-sizing:border-box}
.root{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
.float{position:fixed;bottom:20px;right:20px;z-index:2147483000}
.float.left{right:auto;left:20px}
.bubble{position:relative;width:56px;height:56px;border-radius:50%;border:2px solid var(--lr);background:var(--c);color:var(--on);cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}
.bubble:focus-visible,button:focus-visible,a:focus-visible{outline:2px solid var(--fo);outline-offset:2px;box-shadow:0 0 0 2px var(--fi)}
.bubble:hover,.c-ok:hover{background:var(--ch)}
.bubble svg{width:28px;height:28px;fill:currentColor}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#d93025;color:#fff;font-size:12px;line-height:20px;text-align:center}
.consent{position:absolute;bottom:72px;right:0;width:300px;max-width:calc(100vw - 40px);background:var(--bg);border-radius:12px;padding:14px;box-shadow:0 8px 30px rgba(0,0,0,.25)}
.left .consent{right:auto;left:0}
.consent h2{margin:0 0 6px;font-size:15px}
.consent p{margin:0 0 10px}
.consent a{color:var(--a);display:inline-block;margin-bottom:10px}
.c-ok{background:var(--c);color:var(--on);border:2px solid var(--e);border-radius:8px;padding:8px 14px;font:inherit;font-weight:600;cursor:pointer}
@media (prefers-reduced-motion:no-preference){.bubble{transition:transform .15s}.bubble:hover{transform:scale(1.06)}}`;

const SVG = 'http://www.w3.org/2000/svg';

// Built node by node: a page enforcing Trusted Types refuses innerHTML.
function icon(): SVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z');
  svg.appendChild(path);
  return svg;
}

/** What the bubble shows. */
export interface BubbleState {
  open: boolean;
  unread: number;
  color?: string;
  /** The site's fixed `theme.scheme`, else the visitor's setting. */
  scheme?: string;
  left?: boolean;
  s: LauncherStrings;
}

export interface LauncherOptions {
  /** false: no bubble (`data-launcher="none"`); the notice still shows when asked for. */
  bubble: boolean;
  onClick(): void;
  /** The visitor is about to use the bubble (pointer over it, focus): a moment to fetch the UI. */
  onIntent(): void;
  onAccept(): void;
  privacyUrl?: string;
}

export interface Launcher {
  update(state: BubbleState): void;
  /** Shows or hides the consent notice; shown, it takes focus. */
  notice(show: boolean): void;
  readonly noticeShown: boolean;
  /** Whether focus is on the bubble (the UI's bubble takes it over). */
  focused(): boolean;
  remove(): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}

/** Puts the launcher in `shadow`. */
export function createLauncher(shadow: ShadowRoot, o: LauncherOptions): Launcher {
  const sheet = addSheet(shadow, CSS);
  const root = el('div', 'root float');
  let bubble: HTMLButtonElement | null = null;
  let badge: HTMLSpanElement | null = null;
  if (o.bubble) {
    bubble = el('button', 'bubble');
    bubble.type = 'button';
    bubble.setAttribute('data-parley', 'bubble');
    bubble.appendChild(icon());
    bubble.onclick = () => o.onClick();
    bubble.onpointerenter = bubble.onfocus = () => o.onIntent();
    badge = el('span', 'badge');
    badge.setAttribute('data-parley', 'unread');
    root.appendChild(bubble);
  }
  shadow.appendChild(root);
  let card: HTMLElement | null = null;
  let last: BubbleState | null = null;
  // The same palette as the UI (widget/ui/theme.ts): readable on any site colour, light or dark.
  // Worked out and parsed again only when colour or scheme change: the widget repaints the bubble on
  // every change of state, and the palette plus a stylesheet parse per repaint made start-up's long tasks.
  let themed: string | null = null;
  const theme = (color?: string, scheme?: string) => {
    const key = `${color}/${scheme}`;
    if (key === themed) return;
    themed = key;
    sheet.set(CSS + themeCss(color, scheme));
  };

  const build = (s: LauncherStrings): HTMLElement => {
    const c = el('div', 'consent');
    c.setAttribute('role', 'dialog');
    c.setAttribute('aria-label', s.consentTitle);
    c.setAttribute('data-parley', 'consent');
    c.appendChild(el('h2', '', s.consentTitle));
    c.appendChild(el('p', '', s.consentText));
    // Only http(s): a javascript: URL from page markup must not become a link in the widget.
    if (o.privacyUrl && /^https?:\/\//i.test(o.privacyUrl)) {
      const a = el('a', '', s.privacy);
      a.href = o.privacyUrl;
      a.target = '_blank';
      a.rel = 'noopener';
      a.setAttribute('data-parley', 'privacy');
      c.appendChild(a);
    }
    const ok = el('button', 'c-ok', s.consentAccept);
    ok.type = 'button';
    ok.setAttribute('data-parley', 'consent-accept');
    ok.onclick = () => o.onAccept();
    c.appendChild(ok);
    c.onkeydown = (e) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      api.notice(false);
      bubble?.focus();
    };
    return c;
  };

  const api: Launcher = {
    update(st) {
      last = st;
      sheet.attach();
      theme(st.color, st.scheme);
      root.className = `root float${st.left ? ' left' : ''}`;
      if (!bubble || !badge) return;
      const expanded = st.open || !!card;
      // The unread count is part of the name: the badge alone is not read with the button.
      bubble.setAttribute('aria-label', (expanded ? st.s.launcherClose : st.s.launcher) + (st.unread > 0 ? `, ${st.s.unread(st.unread)}` : ''));
      bubble.setAttribute('aria-expanded', String(expanded));
      if (st.unread > 0) {
        badge.textContent = st.unread > 99 ? '99+' : String(st.unread);
        badge.setAttribute('aria-hidden', 'true');
        if (!badge.isConnected) bubble.appendChild(badge);
      } else badge.remove();
    },
    notice(show) {
      if (show === !!card || !last) return;
      if (show) {
        card = build(last.s);
        root.insertBefore(card, bubble);
        card.querySelector<HTMLElement>('[data-parley="consent-accept"]')?.focus();
      } else {
        card?.remove();
        card = null;
      }
      api.update(last);
    },
    get noticeShown() {
      return !!card;
    },
    focused: () => !!bubble && shadow.activeElement === bubble,
    remove() {
      root.remove();
      sheet.remove();
      card = null;
    },
  };
  return api;
}
