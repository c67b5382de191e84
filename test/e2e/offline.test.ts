// Nothing typed is lost: with the relay down, a visitor sends two messages and reloads the page; they
// are still pending; the relay comes back on the same port and the helpdesk gets each exactly once, in
// order. Real Chromium, real relay, the example agent console as the helpdesk.
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createRelay } from '../../relay/index.js';
import { openChat, useDemo, waitFor, type Demo } from './browser.js';

let demo: Demo;
let browser: Browser;
let config: any;
let relay2: { close(): Promise<void> } | null = null;

const figures = useDemo(
  'offline figures',
  (d, b) => {
    demo = d;
    browser = b;
  },
  { tweak: (c: any) => (config = c) },
);

// Registered after useDemo, so it runs first: the restarted relay closes before the demo does.
afterAll(async () => {
  await relay2?.close();
});

const composer = (page: Page) => page.locator('[data-parley="composer"]');
const visitorMsgs = (page: Page) => page.locator('[data-parley="message"][data-from="visitor"]');

/** Text and delivery state of each visitor message in the transcript. */
async function shown(page: Page): Promise<{ text: string; status: string | null }[]> {
  return visitorMsgs(page).evaluateAll((els) =>
    els.map((e) => ({ text: e.querySelector('[data-parley="text"]')?.textContent ?? '', status: e.getAttribute('data-status') })),
  );
}

describe('offline capture in a real browser', () => {
  it('keeps two messages sent with the relay down through a reload, then delivers each once, in order', async () => {
    const port = Number(new URL(demo.relayUrl).port);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(demo.siteUrl);
    await openChat(page);
    await waitFor(() => demo.agent.received.some((w: any) => w.type === 'visitor.connected'), 'the first visitor.connected');

    await demo.relay.close();
    await expect.poll(() => page.locator('[data-parley="status"]').getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
    const texts = ['offline one', 'offline two'];
    for (const t of texts) {
      await composer(page).fill(t);
      await composer(page).press('Enter');
    }
    await expect.poll(() => shown(page), { timeout: 10_000 }).toEqual(texts.map((text) => ({ text, status: 'sending' })));

    // The relay that served /parley.js is down: the browser's cached copy (max-age) loads the widget.
    const t0 = Date.now();
    await page.reload();
    await openChat(page);
    await expect.poll(() => shown(page), { timeout: 15_000 }).toEqual(texts.map((text) => ({ text, status: 'sending' })));
    figures.push(`reload → pending messages shown ${Date.now() - t0} ms`);
    expect(demo.agent.received.filter((w: any) => w.type === 'message.created')).toEqual([]);

    const relay = createRelay(config);
    await relay.listen(port, '127.0.0.1');
    relay2 = relay;
    const back = Date.now();
    await expect.poll(() => shown(page), { timeout: 60_000 }).toEqual(texts.map((text) => ({ text, status: 'sent' })));
    figures.push(`relay back → both acked ${Date.now() - back} ms`);
    // Late duplicates would come from a second in-flight copy, sent before anything after them: once a
    // later message has reached the helpdesk, such a copy would have too.
    await composer(page).fill('sent once back online');
    await composer(page).press('Enter');
    await waitFor(
      () => demo.agent.received.some((w: any) => w.type === 'message.created' && w.data.message.text === 'sent once back online'),
      'the later message at the helpdesk',
      30_000,
    );
    const delivered = demo.agent.received.filter((w: any) => w.type === 'message.created').map((w: any) => w.data.message.text);
    expect(delivered).toEqual([...texts, 'sent once back online']);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
