// Puts the UI on the page, inside the shadow root the widget's shell made (an open one, so end-to-end
// tests and assistive tech can reach in, while page CSS cannot): its styles and the Preact tree. The
// script tag loads this as its own file (widget/chunks/ui.ts) when the panel is first needed.
import { render } from 'preact';
import type { Client } from '../core/client.js';
import type { MountedUi, UiPlace } from '../core/chunks.js';
import { addSheet } from '../launcher/sheet.js';
import { App } from './App.js';
import { installStyles } from './styles.js';
import { ENDING_CSS } from './ending-styles.js';
import { watchReads } from '../core/reads.js';

// The page brings its own launcher: the App's bubble stays out of sight and out of the tab order, and
// the panel takes the bubble's corner.
const NO_BUBBLE = '[data-parley=bubble]{display:none!important}.float .panel{bottom:0}';

/** Mounts the widget's UI in `place`: the panel inline in a container, else floating by the bubble. */
export function mountUi(client: Client, place: UiPlace): MountedUi {
  const shadow = place.shadow;
  const container = place.container;
  const installed = installStyles(shadow);
  const ending = addSheet(shadow, ENDING_CSS);
  const setTheme = (color?: string, scheme?: string) => installed(color ?? place.color, scheme);
  const app = document.createElement('div');
  const hide = place.bubble ? null : addSheet(shadow, NO_BUBBLE);
  const root = document.createElement('div');
  app.appendChild(root);
  shadow.appendChild(app);
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
    render(<App client={client} inline={!!container} setTheme={setTheme} />, root);
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
    watchReads(conv, client.events, (upTo) => client.read(upTo)),
  ];
  draw();
  // Opened before this file arrived (a click on the shell's bubble): what the UI does on open happens
  // now — the panel takes focus and the FAQ starts loading (Suggestions listens from here on).
  if (conv.open && !container) {
    focus('composer', 'offline-name', 'close');
    void client.faq.load();
  }
  return {
    draft(text) {
      const el = shadow.querySelector<HTMLTextAreaElement>('[data-parley="composer"]');
      if (!el) return;
      el.value = text;
      // As typed: the composer's own handlers (preview, suggestions, height) see it.
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    unmount() {
      offs.forEach((f) => f());
      render(null, root);
      app.remove();
      hide?.remove();
      ending.remove();
    },
  };
}
