// @vitest-environment happy-dom
// The site config's theme reaches the widget's stylesheet: its colour, and its fixed scheme when it
// has one (the colour maths itself is test/widget/theme.test.ts).
import { expect, it } from 'vitest';
import { until } from './helpers/fake-relay.js';
import { host } from './helpers/dom.js';
import { widgetOnFakeRelay } from './helpers/widget-on-relay.js';

const start = widgetOnFakeRelay('th');

/** All CSS in the widget's shadow root: adopted sheets, or the <style> fallback. */
function css(): string {
  const root = host().shadowRoot!;
  const adopted = (root.adoptedStyleSheets ?? []).map((s) => Array.from(s.cssRules, (r) => r.cssText).join('\n'));
  return adopted.concat(Array.from(root.querySelectorAll('style'), (s) => s.textContent ?? '')).join('\n');
}

async function make(theme: object) {
  await start({ config: { site: 'x', theme } });
}

it('theme.scheme "dark" fixes the dark neutrals, with the site colour and black text on it', async () => {
  await make({ color: '#ffd400', scheme: 'dark' });
  await until(() => /--c:\s*#ffd400/.test(css()));
  expect(css()).toMatch(/color-scheme:\s*dark/);
  expect(css()).toMatch(/--bg:\s*#18191a/);
  expect(css()).toMatch(/--on:\s*#000000/);
  expect(css()).not.toMatch(/prefers-color-scheme/);
});

it("without a scheme the widget follows the visitor's prefers-color-scheme", async () => {
  await make({ color: '#111111' });
  await until(() => /--c:\s*#111111/.test(css()));
  expect(css()).toMatch(/prefers-color-scheme:\s*dark/);
  expect(css()).toMatch(/--on:\s*#ffffff/);
});
