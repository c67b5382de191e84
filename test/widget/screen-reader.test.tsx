// @vitest-environment happy-dom
// What a screen reader hears: names and live regions the panel must get right (the browser-wide axe
// check is test/e2e/a11y.test.ts; these pin the exact words).
import { describe, expect, it } from 'vitest';
import type { FakeRelay } from './helpers/fake-relay.js';
import { until } from './helpers/fake-relay.js';
import { $ } from './helpers/dom.js';
import { widgetOnFakeRelay } from './helpers/widget-on-relay.js';

const start = widgetOnFakeRelay('sr');
let relay: FakeRelay;

async function make() {
  const started = await start();
  relay = started.relay;
  await relay.waitFor((f) => f.t === 'hello');
  return started.widget;
}

/** The text a screen reader reads for an element: its text minus aria-hidden parts. */
function spoken(el: Element): string {
  let out = '';
  for (const node of Array.from(el.childNodes)) {
    if (node.nodeType === 3) out += node.textContent;
    else if (node.nodeType === 1 && (node as Element).getAttribute('aria-hidden') !== 'true') out += spoken(node as Element);
  }
  return out.replace(/\s+/g, ' ').trim();
}

describe('screen reader names and announcements', () => {
  it('an agent message reads its author once', async () => {
    const w = await make();
    w.open();
    relay.broadcast({ t: 'message', id: 'agent_mai_0001', from: 'agent', text: 'Xin chào', author: { name: 'Mai' }, at: new Date().toISOString() });
    const msg = await until(() => $('[data-parley="message"][data-from="agent"]'));
    expect(spoken(msg)).toMatch(/^Mai:\s*Xin chào/);
    expect(spoken(msg)).not.toMatch(/Mai\s*Mai/);
  });

  it("the panel heading's name is the title, without the presence text", async () => {
    const w = await make();
    w.open();
    await until(() => $('[data-parley="presence"]'));
    const h2 = $('[role="dialog"] h2')!;
    expect(spoken(h2)).toBe('Chat with us');
    expect($('[data-parley="presence"]')!.closest('h2')).toBeNull();
  });

  it('"agent is typing" appears inside a live region that was already there', async () => {
    const w = await make();
    w.open();
    const region = $('.panel [role="status"]:not([data-parley="status"])');
    expect(region).not.toBeNull();
    expect(region!.textContent).toBe('');
    relay.broadcast({ t: 'agent_typing', typing: true });
    await until(() => $('[data-parley="typing"]'));
    // The same element, now with the words: live regions announce changes, not their own arrival.
    expect($('[data-parley="typing"]')!.closest('[role="status"]')).toBe(region);
    expect(region!.textContent).toBe('Agent is typing…');
  });
});
