// What the visitor sees in the panel while chatting, in real Chromium: the composer grows with what
// they type, a visitor reading back keeps their place when a message arrives (a pill takes them
// down), and with the relay unreachable the header and banner say the chat is reconnecting.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openChat, useDemo, waitFor, type Demo } from './browser.js';
import { reply as replyAs } from './stories/story.js';

let demo: Demo;
let browser: Browser;
useDemo('panel', (d, b) => {
  demo = d;
  browser = b;
});

const part = (page: Page, name: string) => page.locator(`[data-parley="${name}"]`);
const height = (page: Page) => part(page, 'composer').evaluate((el) => el.getBoundingClientRect().height);

async function visitor(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(demo.siteUrl);
  await openChat(page);
  return page;
}

/** An agent reply through the relay's HTTP API, as the helpdesk sends it. */
const reply = (visitorId: string, text: string) => replyAs(demo, visitorId, text);

describe('the panel while chatting', () => {
  it('grows the composer with the draft up to a cap, then scrolls, and shrinks back on send', async () => {
    const page = await visitor();
    const one = await height(page);
    await part(page, 'composer').fill('một\nhai\nba\nbốn');
    const four = await height(page);
    expect(four).toBeGreaterThan(one * 2);
    await part(page, 'composer').fill('x'.repeat(2000));
    const long = await height(page);
    expect(long).toBeGreaterThan(four);
    expect(long).toBeLessThanOrEqual(160);
    expect(await part(page, 'composer').evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await part(page, 'composer').press('Enter');
    await waitFor(async () => (await height(page)) === one, 'the composer back to one line');
    await page.context().close();
  });

  it('keeps a reader’s place when an agent message arrives, and the pill takes them to it', async () => {
    const page = await visitor();
    await part(page, 'composer').fill('cho mình hỏi');
    await part(page, 'composer').press('Enter');
    const hook = await waitFor(() => demo.agent.received.find((w: any) => w.type === 'message.created' && w.data.message.text === 'cho mình hỏi'), 'the question at the helpdesk');
    const id = (hook as any).data.visitor.id;
    for (let i = 1; i <= 12; i++) await reply(id, `dòng ${i}`);
    await page.locator('[data-parley="message"]', { hasText: 'dòng 12' }).waitFor();
    const log = part(page, 'transcript');
    // Following the end while at the end.
    await waitFor(() => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 40), 'the transcript at its end');
    // Scrolled up as a reader does; the scroll event is handled by the next frame, before the reply.
    await log.evaluate((el) => (el.scrollTop = 0));
    await log.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await reply(id, 'tin mới đây');
    await part(page, 'new-messages').waitFor({ timeout: 30_000 });
    expect(await log.evaluate((el) => el.scrollTop)).toBe(0);
    await part(page, 'new-messages').click();
    expect(await log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 40)).toBe(true);
    expect(await part(page, 'new-messages').count()).toBe(0);
    // What the visitor sends brings them to the end even from up the page.
    await log.evaluate((el) => (el.scrollTop = 0));
    await part(page, 'composer').fill('cảm ơn');
    await part(page, 'composer').press('Enter');
    await waitFor(() => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 40), 'the transcript at its end after sending');
    await page.context().close();
  });

  it('with the relay unreachable, says the chat is reconnecting instead of showing the last presence', async () => {
    const ctx = await browser.newContext();
    let blocked = false;
    await ctx.routeWebSocket(/\/v1\/ws/, (ws) => {
      if (blocked) return ws.close();
      ws.connectToServer();
    });
    const page = await ctx.newPage();
    await page.goto(demo.siteUrl);
    await openChat(page);
    await waitFor(async () => (await part(page, 'presence').getAttribute('data-online')) === 'true', 'online in the header');
    blocked = true;
    // The relay goes away: the open socket drops, and every new one is turned away.
    await ctx.setOffline(true);
    await ctx.setOffline(false);
    await waitFor(async () => (await part(page, 'presence').getAttribute('data-state')) === 'offline', 'the header to show the connection state', 30_000);
    expect(await part(page, 'presence').getAttribute('data-online')).toBe('false');
    expect(await part(page, 'presence').textContent()).toBe('Đang kết nối lại…');
    expect(await part(page, 'status').textContent()).toContain('Đang kết nối lại khung chat');
    await ctx.close();
  });
});
