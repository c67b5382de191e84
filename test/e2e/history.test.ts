// A logged-in customer starts on the phone and continues on the laptop: the helpdesk (the example
// console, keying conversations by verified userId) answers the laptop's visitor.connected with the
// whole conversation, both sides, and the widget shows it in order. A browser claiming the same
// userId without a valid hash sees none of it. Real Chromium, real relay, the example agent console.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openChat, useDemo, waitFor, type Demo } from './browser.js';

const IDENTITY_SECRET = 'e2e-identity-secret-for-the-demo-site';
const hashFor = (userId: string) => createHmac('sha256', IDENTITY_SECRET).update(userId).digest('hex');

let demo: Demo;
let browser: Browser;
useDemo(
  'history',
  (d, b) => {
    demo = d;
    browser = b;
  },
  { tweak: (config: any) => (config.sites[0].identity = { secret: IDENTITY_SECRET }) },
);

const transcript = (page: Page) =>
  page.locator('[data-parley="message"]').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-from')}: ${el.querySelector('[data-parley="text"]')?.textContent}`));

/** A new browser (another device) whose page identifies the visitor before the widget loads, as a logged-in page does. */
async function device(user: Record<string, string>, width = 1280, height = 800): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height } });
  await ctx.addInitScript((u) => {
    const w = window as any;
    w.Parley = function () {
      (w.Parley.q = w.Parley.q || []).push(arguments);
    };
    w.Parley('identify', u);
  }, user);
  const page = await ctx.newPage();
  await page.goto(demo.siteUrl);
  await openChat(page);
  return page;
}

const reply = (visitorId: string, text: string) =>
  demo.agent.api('/api/reply', { visitorId, text, author: { name: 'Mai' } });

// Three browsers, each a device: slow on a loaded machine.
describe('history across devices', { timeout: 90_000 }, () => {
  it('the same verified user sees the same conversation on a second device; a forged hash sees none of it', async () => {
    const lan = { userId: 'customer-42', name: 'Lan', userHash: hashFor('customer-42') };
    const phone = await device(lan, 390, 844);
    await phone.locator('[data-parley="composer"]').fill('Em muốn đổi size giày');
    await phone.locator('[data-parley="composer"]').press('Enter');
    const created = await waitFor(() => demo.agent.received.find((w: any) => w.type === 'message.created' && w.data.message.text === 'Em muốn đổi size giày'), 'the message at the helpdesk');
    expect(created.data.visitor).toMatchObject({ verified: true, userId: 'customer-42', name: 'Lan' });
    expect((await reply(created.data.visitor.id, 'Dạ, chị cần size nào ạ?')).id).toBeTruthy();
    await expect.poll(() => transcript(phone), { timeout: 15_000 }).toEqual(['visitor: Em muốn đổi size giày', 'agent: Dạ, chị cần size nào ạ?']);

    // The laptop: another browser, another visitor id, the same user.
    const laptop = await device(lan);
    await expect.poll(() => transcript(laptop), { timeout: 15_000 }).toEqual(['visitor: Em muốn đổi size giày', 'agent: Dạ, chị cần size nào ạ?']);
    const laptopId = demo.agent.received.filter((w: any) => w.type === 'visitor.connected' && w.data.visitor.userId === 'customer-42').map((w: any) => w.data.visitor.id);
    expect(new Set(laptopId).size).toBe(2);
    // The agent answers the user: both devices show it, once each.
    expect((await reply(created.data.visitor.id, 'Size 38 còn hàng ạ.')).id).toBeTruthy();
    for (const p of [phone, laptop]) await expect.poll(() => transcript(p), { timeout: 15_000 }).toContain('agent: Size 38 còn hàng ạ.');
    expect((await transcript(laptop)).filter((t) => t.endsWith('Size 38 còn hàng ạ.'))).toHaveLength(1);

    // Someone claiming that userId without its hash: their own empty conversation, told the identity is invalid.
    const forged = await device({ userId: 'customer-42', name: 'Mallory', userHash: hashFor('someone-else') });
    const connected = await waitFor(() => demo.agent.received.find((w: any) => w.type === 'visitor.connected' && w.data.visitor.name === 'Mallory'), 'the forged visitor connected');
    // An agent's hello reaches the socket after any catch-up the helpdesk answered with: once it shows, nothing else is coming.
    expect((await reply(connected.data.visitor.id, 'Chào bạn')).id).toBeTruthy();
    await expect.poll(() => transcript(forged), { timeout: 15_000 }).toContain('agent: Chào bạn');
    expect(await transcript(forged)).toEqual(['agent: Chào bạn']);
    const seen = demo.agent.received.filter((w: any) => w.data.visitor.name === 'Mallory');
    for (const w of seen) {
      expect(w.data.visitor.verified).toBe(false);
      expect(w.data.visitor.userId).toBeUndefined();
    }
    for (const p of [phone, laptop, forged]) await p.context().close();
  });
});
