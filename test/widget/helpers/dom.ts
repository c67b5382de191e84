// DOM helpers for widget tests: everything of the widget lives in its host's open shadow root.

export function host(): HTMLElement {
  const h = document.querySelector<HTMLElement>('[data-parley-host]');
  if (!h) throw new Error('no widget host');
  return h;
}

export function $(sel: string): HTMLElement | null {
  return host().shadowRoot!.querySelector<HTMLElement>(sel);
}

export function $$(sel: string): HTMLElement[] {
  return Array.from(host().shadowRoot!.querySelectorAll<HTMLElement>(sel));
}

/** Types into the composer and presses Enter (with optional modifiers). */
export function typeAndEnter(text: string, init: KeyboardEventInit = {}): void {
  const ta = $('[data-parley="composer"]') as HTMLTextAreaElement;
  ta.value = text;
  ta.dispatchEvent(new Event('input', { bubbles: true }));
  ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init }));
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
