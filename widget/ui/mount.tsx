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
  const conv = client.conv;
  /** Focuses the first of the named parts that is on screen. */
  const focus = (...sels: string[]) => {
    for (const sel of sels) {
      const el = shadow.querySelector<HTMLElement>(`[data-parley="${sel}"]`);
      if (el) return el.focus();
    }
  };
  const draw = () => {
    const had = shadow.activeElement;
    render(<App client={client} inline={!!container} setTheme={setTheme} />, app);
    // A redraw that removed the focused part (the composer giving way to the "leave a message" form
    // when presence arrives) must not drop a keyboard user out of the widget.
    if (had && !shadow.activeElement && (container || conv.open)) focus('composer', 'offline-name', 'close');
  };
  // Focus follows the visitor's intent: into the panel when it opens, back to the bubble when it
  // closes, but only if focus was inside the widget (a page calling close() keeps its focus).
  // `open`/`close` fire before `change`, so the focus moves right after that redraw.
  const offs = [
    client.events.on('change', draw),
    // With nobody online the form stands where the composer would.
    conv.on('open', () => queueMicrotask(() => focus('composer', 'offline-name', 'close'))),
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
