// A visitor chats with an agent on the demo site, in a real Chromium, against the real relay and the
// example agent console: the path every later feature builds on.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openChat, useDemo, waitFor, type Demo } from './browser.js';

let demo: Demo;
let browser: Browser;

const figures = useDemo('end-to-end latencies', (d, b) => {
  demo = d;
  browser = b;
});

const bubble = (page: Page) => page.locator('[data-parley="bubble"]');
const composer = (page: Page) => page.locator('[data-parley="composer"]');
const messages = (page: Page, from: 'agent' | 'visitor') => page.locator(`[data-parley="message"][data-from="${from}"]`);

/** The visible texts of the transcript's messages from one side. */
const texts = (page: Page, from: 'agent' | 'visitor') => messages(page, from).locator('[data-parley="text"]').allTextContents();

describe('a visitor chats on the demo site', () => {
  it('sends "xin chào", the agent sees it, the reply shows in the widget, and it follows to the next page', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(demo.siteUrl);
    await bubble(page).click({ timeout: 20_000 });
    await composer(page).fill('xin chào');
    const sentAt = Date.now();
    await composer(page).press('Enter');

    const webhook = await waitFor(
      () => demo.agent.received.find((w: any) => w.type === 'message.created' && w.data.message.text === 'xin chào'),
      'the message.created webhook',
    );
    figures.push(`visitor message → helpdesk webhook ${Date.now() - sentAt} ms`);
    const visitorId: string = (webhook as any).data.visitor.id;
    expect(visitorId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    await expect.poll(() => messages(page, 'visitor').last().getAttribute('data-status'), { timeout: 15_000 }).toBe('sent');

    const replyAt = Date.now();
    const res = await fetch(`${demo.relayUrl}/v1/sites/demo/visitors/${visitorId}/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-api-secret-published-in-the-example-config', 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Chào bạn! <b>Mình</b> giúp gì được?', author: { name: 'Mai' } }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ delivered: true });
    await expect.poll(() => texts(page, 'agent'), { timeout: 15_000 }).toContain('Chào bạn! <b>Mình</b> giúp gì được?');
    expect(await page.locator('[data-parley="message"] b').count()).toBe(0);
    figures.push(`agent reply → shown in widget ${Date.now() - replyAt} ms`);

    await page.locator('#to-pricing').click();
    await page.waitForURL('**/pricing.html');
    // The panel was open when the visitor left; on the next page the conversation is there again.
    await openChat(page);
    await expect.poll(() => texts(page, 'visitor'), { timeout: 15_000 }).toContain('xin chào');
    await expect.poll(() => texts(page, 'agent'), { timeout: 15_000 }).toContain('Chào bạn! <b>Mình</b> giúp gì được?');
    const connected = await waitFor(
      () => demo.agent.received.filter((w: any) => w.type === 'visitor.connected' && w.data.visitor.id === visitorId).length >= 2,
      'a second visitor.connected for the same visitor',
    );
    expect(connected).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
