// A visitor on a phone (390×844, touch, Chromium's mobile emulation): the open chat is the whole
// screen, the page behind does not scroll, the composer stays inside the visible part of the screen
// when it shrinks, nothing zooms on focus (16 px inputs), every control is a finger's size, and the
// phone on its side still leaves room to read.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useDemo, waitFor, type Demo } from './browser.js';
import { ended } from '../../scripts/widget-states.mjs';

let demo: Demo;
let browser: Browser;
useDemo('phone', (d, b) => {
  demo = d;
  browser = b;
});

const part = (page: Page, name: string) => page.locator(`[data-parley="${name}"]`);

async function phone(width = 390, height = 844): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await ctx.newPage();
  await page.goto(demo.siteUrl);
  await page.evaluate(() => new Promise((r) => (window as any).Parley('on', 'ready', r)));
  return page;
}

async function openChat(page: Page): Promise<void> {
  await part(page, 'bubble').tap({ timeout: 20_000 });
  await part(page, 'composer').waitFor({ timeout: 20_000 });
}

/** The element's box in CSS pixels of the layout viewport. */
const box = (page: Page, name: string) => part(page, name).evaluate((el) => JSON.parse(JSON.stringify(el.getBoundingClientRect())));

describe('the chat on a phone', () => {
  it('covers the screen, locks the page behind, and has 16 px inputs and 44 px targets', async () => {
    const page = await phone();
    await page.evaluate(() => (window as any).Parley('invite', { text: 'Cần giúp gì không?', author: { name: 'Mai' } }));
    await part(page, 'teaser').waitFor({ timeout: 20_000 });
    const dismiss = await part(page, 'teaser-dismiss').evaluate((el) => [el.getBoundingClientRect().width, el.getBoundingClientRect().height]);
    expect(Math.min(...dismiss)).toBeGreaterThanOrEqual(44);
    await part(page, 'teaser-dismiss').tap();

    await openChat(page);
    const panel = await box(page, 'panel');
    expect([panel.x, panel.y, panel.width, panel.height]).toEqual([0, 0, 390, 844]);
    // The bubble would sit on the composer: the header's close button closes the chat here.
    expect(await part(page, 'bubble').isVisible()).toBe(false);
    const font = await part(page, 'composer').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(font).toBeGreaterThanOrEqual(16);
    for (const name of ['close', 'send', 'composer']) {
      const b = await box(page, name);
      expect(Math.min(b.width, b.height), name).toBeGreaterThanOrEqual(44);
    }

    // A finger dragging over the chat scrolls the chat, never the page behind it.
    const before = await page.evaluate(() => scrollY);
    await page.evaluate(() => window.scrollTo(0, 0));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.synthesizeScrollGesture', { x: 200, y: 400, yDistance: -600, speed: 2000, gestureSourceType: 'touch' });
    expect(await page.evaluate(() => scrollY)).toBe(before);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe('hidden');

    // Closed again: the page scrolls as before.
    await part(page, 'close').tap();
    await part(page, 'panel').waitFor({ state: 'detached' });
    // The lock is undone by the panel's effect cleanup, which Preact runs after the frame that removed it.
    await page.waitForFunction(() => getComputedStyle(document.documentElement).overflow !== 'hidden', undefined, { timeout: 2000 });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).not.toBe('hidden');
    await page.context().close();
  });

  it('rates the chat with a finger: each of the five stars is a 44 px target', async () => {
    const page = await phone();
    await ended(page, demo, 'vi');
    const sizes = await page.locator('[data-parley="rating"] .stars label').evaluateAll((ls) => ls.map((l) => Math.min(l.getBoundingClientRect().width, l.getBoundingClientRect().height)));
    expect(sizes).toHaveLength(5);
    for (const s of sizes) expect(s).toBeGreaterThanOrEqual(44);
    // The fourth star, picked by ended(), shows as picked.
    expect(await page.locator('[data-parley="rating"] .stars label.on').count()).toBe(4);
    await page.context().close();
  });

  it('keeps the composer inside the visible part of the screen when it shrinks', async () => {
    const page = await phone();
    await openChat(page);
    await part(page, 'composer').tap();
    // Zooming in shrinks the visual viewport while the layout viewport stays, as the on-screen
    // keyboard does: the panel follows the visual viewport.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2 });
    await waitFor(() => page.evaluate(() => visualViewport!.height < 500), 'the visual viewport to shrink');
    await waitFor(async () => {
      const [vv, c] = await Promise.all([
        page.evaluate(() => ({ top: visualViewport!.offsetTop, bottom: visualViewport!.offsetTop + visualViewport!.height })),
        box(page, 'composer'),
      ]);
      return c.top >= vv.top - 1 && c.bottom <= vv.bottom + 1;
    }, 'the composer inside the visual viewport');
    await page.context().close();
  });

  it('on its side, still leaves most of the screen to the conversation', async () => {
    const page = await phone(844, 390);
    await openChat(page);
    const panel = await box(page, 'panel');
    expect([panel.width, panel.height]).toEqual([844, 390]);
    const log = await box(page, 'transcript');
    expect(log.height).toBeGreaterThanOrEqual(200);
    await page.context().close();
  });
});
