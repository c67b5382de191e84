// Puts the UI on the page: one host element, an open shadow root (so end-to-end tests and assistive
// tech can reach in, while page CSS cannot), and the Preact tree inside it.
import { render } from 'preact';
import type { Client } from '../core/client.js';
import { App } from './App.js';
import { installStyles } from './styles.js';

export interface Mounted {
  host: HTMLElement;
  shadow: ShadowRoot;
  unmount(): void;
}

/** Mounts the widget; `container` given → the panel inline in it, else a floating bubble on body. */
export function mount(client: Client, container?: HTMLElement): Mounted {
  const host = document.createElement('div');
  host.setAttribute('data-parley-host', '');
  const shadow = host.attachShadow({ mode: 'open' });
  const setTheme = installStyles(shadow);
  const app = document.createElement('div');
  shadow.appendChild(app);
  (container ?? document.body).appendChild(host);
  // Synchronous re-render on every change: what the page just did (queued commands, `ready`
  // listeners) is on screen before control returns to it.
  const draw = () => render(<App client={client} inline={!!container} setTheme={setTheme} />, app);
  const conv = client.conv;
  const focus = (sel: string) => shadow.querySelector<HTMLElement>(`[data-parley="${sel}"]`)?.focus();
  // Focus follows the visitor's intent: into the panel when it opens, back to the bubble when it
  // closes, but only if focus was inside the widget (a page calling close() keeps its focus).
  // `open`/`close` fire before `change`, so the focus moves right after that redraw.
  const offs = [
    conv.on('change', draw),
    conv.on('open', () => queueMicrotask(() => focus('composer'))),
    conv.on('close', () => {
      if (shadow.activeElement) queueMicrotask(() => focus('bubble'));
    }),
  ];
  draw();
  return {
    host,
    shadow,
    unmount() {
      offs.forEach((f) => f());
      render(null, app);
      host.remove();
    },
  };
}
