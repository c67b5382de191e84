// What a visitor does and sees in the widget, in any engine: open the chat, send, read the transcript.
import { waitFor } from '../browser.js';
import type { Tab } from '../engines/engine.js';

/** One message as the transcript shows it. */
export interface Shown {
  from: string;
  text: string;
  status: string | null;
}

/** Waits for the widget's `ready` (the cached conversation restored, open state included). */
export async function ready(tab: Tab): Promise<void> {
  try {
    await waitFor(
    () =>
      tab.run(
        () =>
          new Promise<boolean>((resolve) => {
            const P = (window as any).Parley;
            if (!P) return resolve(false);
            P('on', 'ready', () => resolve(true));
            setTimeout(() => resolve(false), 1000);
          }),
      ),
    'the widget to be ready',
    20_000,
  );
  } catch (e) {
    // Say what the page looked like: a script that never loaded and a widget stuck starting differ.
    const seen = await tab.run(() => ({
      url: location.href,
      readyState: document.readyState,
      parley: typeof (window as any).Parley,
      queued: (window as any).Parley?.q?.length ?? null,
      mounted: Array.from(document.querySelectorAll('*')).some((el) => !!el.shadowRoot?.querySelector('[data-parley]')),
      loaded: performance.getEntriesByType('resource').map((r) => `${r.name.replace(location.origin, '')} ${Math.round(r.duration)} ms`),
    }));
    throw new Error(`${(e as Error).message}; the page: ${JSON.stringify(seen)}`);
  }
}

/** Opens the chat panel as a visitor would, once the widget has restored its state (which may have it open already). */
export async function openChat(tab: Tab): Promise<void> {
  await ready(tab);
  if (!(await tab.visible({ part: 'composer' }))) await tab.click({ part: 'bubble' });
  await waitFor(() => tab.visible({ part: 'composer' }), 'the composer to show', 20_000);
}

/** Types `text` in the composer and presses Enter. */
export function send(tab: Tab, text: string): Promise<void> {
  return tab.type({ part: 'composer' }, text, true);
}

/** Every message the transcript shows, in order. */
export function transcript(tab: Tab): Promise<Shown[]> {
  return tab.run(() => {
    const host = Array.from(document.querySelectorAll('*')).find((e) => e.shadowRoot?.querySelector('[data-parley]'));
    const els = host ? Array.from(host.shadowRoot!.querySelectorAll('[data-parley="message"]')) : [];
    return els.map((e) => ({
      from: e.getAttribute('data-from') ?? '',
      text: e.querySelector('[data-parley="text"]')?.textContent ?? '',
      status: e.getAttribute('data-status'),
    }));
  });
}

/** Waits until the transcript shows `text` (from `from`, with `status` when given). */
export function shows(tab: Tab, text: string, from: 'visitor' | 'agent', status?: string, timeoutMs = 20_000): Promise<Shown> {
  return waitFor(
    async () => (await transcript(tab)).find((m) => m.text === text && m.from === from && (!status || m.status === status)),
    `"${text}" from the ${from}${status ? ` (${status})` : ''} in the transcript`,
    timeoutMs,
  );
}

/** The widget's keys in localStorage: none while IndexedDB keeps the conversation. */
export function localStorageKeys(tab: Tab): Promise<string[]> {
  return tab.run(() => Object.keys(localStorage).filter((k) => k.indexOf('parley:') === 0));
}

/** The connection banner's state, or null when none shows (online). */
export function statusState(): string | null {
  const host = Array.from(document.querySelectorAll('*')).find((e) => e.shadowRoot?.querySelector('[data-parley]'));
  return host?.shadowRoot?.querySelector('[data-parley="status"]')?.getAttribute('data-state') ?? null;
}
