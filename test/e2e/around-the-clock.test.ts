// Around the clock in a real Chromium against the real relay and the example helpdesk (DESIGN §8, §9).
// Closed: a demo of its own whose site is shut today (in its own time zone), so the header says when it
// opens again, in the visitor's time zone and language, and the leave-a-message form takes a phone and
// "call me back" that reach the helpdesk. Open: the helpdesk resolves, the visitor sees the divider and
// rates, and `conversation.rated` arrives once per webhook-id, also when the rating was given with the
// relay down and the page reloaded; a transcript request reaches the helpdesk.
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createRelay } from '../../relay/index.js';
import { openChat, useDemo, waitFor, type Demo } from './browser.js';

const SITE_TZ = 'Asia/Ho_Chi_Minh';
const API = { authorization: 'Bearer demo-api-secret-published-in-the-example-config', 'content-type': 'application/json' };
const EVERY_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['08:00-17:00']]));

/** A calendar date in the site's time zone, `days` from now. */
const siteDate = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: SITE_TZ });

const webhooks = (demo: Demo, type: string) => demo.agent.received.filter((w: any) => w.type === type);
/** One per webhook-id, as the helpdesk keeps them (delivery is at least once). */
const once = (list: any[]) => [...new Map(list.map((w) => [w.id, w])).values()];

async function open(ctx: BrowserContext, url: string): Promise<Page> {
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  await openChat(page);
  return page;
}

/** Opens the panel while nobody can answer: the leave-a-message form stands where the composer would. */
async function openClosed(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => (window as any).Parley('on', 'ready', resolve)));
  const form = page.locator('[data-parley="offline-form"], [data-parley="offline-sent"]');
  if (!(await form.first().isVisible())) await page.locator('[data-parley="bubble"]').click();
  await form.first().waitFor();
}

describe('outside business hours in Chromium', { timeout: 60_000 }, () => {
  let demo: Demo;
  let browser: Browser;
  useDemo(
    'closed hours',
    (d, b) => ((demo = d), (browser = b)),
    {
      // Every day 08:00–17:00 in Vietnam, but today and tomorrow are holidays: the next opening is two
      // site days away at 08:00 Vietnam time, whatever the hour the test runs.
      tweak: (config: any) => {
        config.sites[0].hours = { timeZone: SITE_TZ, weekly: EVERY_DAY, closedDates: [siteDate(0), siteDate(1)] };
      },
    },
  );

  it('the header says when we are back, in the visitor\'s own time zone and language', async () => {
    const expected = new Date(`${siteDate(2)}T01:00:00Z`); // 08:00 in Vietnam (UTC+7, no DST)
    for (const [locale, timezoneId] of [
      ['vi', SITE_TZ],
      ['en', 'Europe/Berlin'],
    ] as const) {
      const ctx = await browser.newContext({ timezoneId, locale });
      // Listening before the widget loads, as a page's own queued call would: the event fires once,
      // when the relay's welcome arrives, which can be before a listener added after the load.
      await ctx.addInitScript(() => {
        const w = window as any;
        w.Parley = w.Parley || function (...args: unknown[]) { (w.Parley.q = w.Parley.q || []).push(args); };
        w.Parley('on', 'availability', (e: any) => e.opensAt && (w.__availability = e));
      });
      const page = await ctx.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${demo.siteUrl}/`);
      const availability = waitFor(() => page.evaluate(() => (window as any).__availability), 'the availability event');
      if (locale === 'en') await page.evaluate(() => (window as any).Parley('setLocale', 'en'));
      await openClosed(page);
      const presence = page.locator('[data-parley="presence"]');
      await waitFor(async () => (await presence.getAttribute('data-state')) === 'closed', 'the closed header');
      const e = await availability;
      expect(e).toMatchObject({ available: false, open: false });
      expect(new Date(e.opensAt).getTime()).toBe(expected.getTime());
      // The time is the visitor's own: 08:00 in Vietnam is 02:00 (or 03:00 in summer) in Berlin.
      const time = expected.toLocaleTimeString(locale === 'vi' ? 'vi-VN' : 'en-US', {
        timeZone: timezoneId,
        hour: locale === 'vi' ? '2-digit' : 'numeric',
        minute: '2-digit',
      });
      const text = (await presence.innerText()).trim();
      if (locale === 'vi') expect(text).toMatch(new RegExp(`^Quay lại lúc ${time} (thứ|chủ nhật|ngày mai)`));
      else expect(text).toMatch(new RegExp(`^Back at ${time} (tomorrow|[A-Z][a-z]+day)`));
      await ctx.close();
    }
  });

  it('the leave-a-message form takes a phone and "call me back", which reach the helpdesk', async () => {
    const ctx = await browser.newContext({ timezoneId: SITE_TZ });
    const page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${demo.siteUrl}/`);
    await openClosed(page);
    // Closed is not "nobody happens to be online": the form says so.
    expect(await page.locator('[data-parley="offline-form"] .intro').innerText()).toMatch(/^Chúng tôi đang ngoài giờ làm việc/);
    await page.locator('[data-parley="offline-name"]').fill('Trần Văn Bình');
    await page.locator('[data-parley="offline-phone"]').fill('0912 345 678');
    await page.locator('[data-parley="offline-callback"]').check();
    await page.locator('[data-parley="offline-text"]').fill('Gọi lại giúp tôi về đơn hàng 1042');
    await page.locator('[data-parley="offline-send"]').click();
    await page.locator('[data-parley="offline-sent"]').waitFor();
    const [w] = await waitFor(() => {
      const list = webhooks(demo, 'offline_message.created').filter((x: any) => x.data.message.text.includes('1042'));
      return list.length ? list : null;
    }, 'the offline message at the helpdesk');
    expect(w.data.message).toMatchObject({ name: 'Trần Văn Bình', phone: '0912 345 678', callback: true });
    expect(w.data.message.email).toBeUndefined();
    await ctx.close();
  });

  it('the example console shows the hours, closed now, and the message with its contact and callback', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(demo.consolePageUrl);
    await waitFor(async () => (await page.locator('#open-now').getAttribute('data-open')) === 'false', 'closed now in the console');
    expect(await page.locator('#hours').innerText()).toContain(`closed ${siteDate(0)}, ${siteDate(1)}`);
    // Sorted by last activity: the visitor who just left the message is on top.
    await page.locator('[data-visitor]').first().click();
    const contact = page.locator('[data-offline-contact]', { hasText: '0912 345 678' });
    await contact.waitFor();
    expect(await contact.innerText()).toMatch(/Trần Văn Bình · 0912 345 678 · .*call back/);
    await ctx.close();
  });
});

describe('end of a conversation in Chromium', { timeout: 120_000 }, () => {
  let demo: Demo;
  let browser: Browser;
  let config: any;
  let relay: { close(): Promise<void> } | undefined;
  useDemo('conversation end', (d, b) => ((demo = d), (browser = b), (relay = d.relay)), {
    tweak: (c: any) => {
      config = c;
      c.sites[0].rating = { enabled: true, comment: true };
    },
  });

  // The demo closes the relay it started; one started again by a test is closed here.
  afterAll(async () => {
    if (relay && relay !== demo?.relay) await relay.close();
  });

  /** The visitor's id, from their first message at the helpdesk. */
  async function chat(page: Page, text: string): Promise<string> {
    await page.locator('[data-parley="composer"]').fill(text);
    await page.locator('[data-parley="send"]').click();
    const w = await waitFor(() => webhooks(demo, 'message.created').find((x: any) => x.data.message.text === text), `"${text}" at the helpdesk`);
    return w.data.visitor.id;
  }

  async function resolve(visitorId: string, conversationId: string): Promise<void> {
    const res = await fetch(`${demo.relayUrl}/v1/sites/demo/visitors/${visitorId}/resolve`, {
      method: 'POST',
      headers: API,
      body: JSON.stringify({ conversationId }),
    });
    expect(res.ok, await res.clone().text()).toBe(true);
  }

  const rated = (conversationId: string) => once(webhooks(demo, 'conversation.rated').filter((w: any) => w.data.rating.conversationId === conversationId));

  async function rate(page: Page, score: number, comment: string): Promise<void> {
    const form = page.locator('[data-parley="rating"]');
    await form.waitFor();
    // The keyboard way: focus the first star, then arrow along the radio group.
    await page.locator('[data-parley="rate"]').first().focus();
    await page.keyboard.press('Space');
    for (let i = 1; i < score; i++) await page.keyboard.press('ArrowRight');
    await page.locator('[data-parley="rate-comment"]').fill(comment);
    await page.locator('[data-parley="rate-send"]').click();
    await page.locator('[data-parley="rated"]').waitFor();
  }

  it('resolve → the divider and the rating → conversation.rated once', async () => {
    const ctx = await browser.newContext();
    const page = await open(ctx, `${demo.siteUrl}/`);
    const visitorId = await chat(page, 'Đơn 2001 bị giao nhầm màu');
    await resolve(visitorId, 'conv_e2e_0001');
    await page.locator('[data-parley="ended"]').waitFor();
    expect(await page.locator('[data-parley="ended"]').count()).toBe(1);
    await rate(page, 4, 'Nhanh và lịch sự');
    const [w] = await waitFor(() => (rated('conv_e2e_0001').length ? rated('conv_e2e_0001') : null), 'conversation.rated at the helpdesk');
    expect(w.data.rating).toMatchObject({ score: 4, comment: 'Nhanh và lịch sự', conversationId: 'conv_e2e_0001' });
    expect(w.id).toBe(w.data.rating.id);
    // The next message goes below the divider, and the rating is not sent again.
    await chat(page, 'Một câu hỏi nữa');
    const order = await page.locator('[data-parley="transcript"] [data-parley="message"], [data-parley="transcript"] [data-parley="ended"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-parley')),
    );
    expect(order.slice(-2)).toEqual(['ended', 'message']);
    expect(rated('conv_e2e_0001')).toHaveLength(1);
    await ctx.close();
  });

  it('a rating given with the relay down, then a reload, arrives once when the relay is back', async () => {
    const port = Number(new URL(demo.relayUrl).port);
    const ctx = await browser.newContext();
    // The page hosts parley.js itself, so the widget loads while the relay is down.
    const page = await open(ctx, `${demo.siteUrl}/self-hosted.html`);
    const visitorId = await chat(page, 'Hoàn tiền đơn 2002');
    await resolve(visitorId, 'conv_e2e_0002');
    await page.locator('[data-parley="rating"]').waitFor();

    await relay!.close();
    await waitFor(async () => (await page.locator('[data-parley="status"]').getAttribute('data-state').catch(() => null)) === 'offline', 'the widget to notice the relay is gone');
    await rate(page, 5, 'Cảm ơn');
    await page.reload();
    await openChat(page);
    await page.locator('[data-parley="ended"]').waitFor();
    // Still thanked, not asked again, after the reload.
    await page.locator('[data-parley="rated"]').waitFor();
    expect(await page.locator('[data-parley="rating"]').count()).toBe(0);
    expect(rated('conv_e2e_0002')).toEqual([]);

    const next = createRelay(config);
    await next.listen(port, '127.0.0.1');
    relay = next;
    const [w] = await waitFor(() => (rated('conv_e2e_0002').length ? rated('conv_e2e_0002') : null), 'the offline rating at the helpdesk', 30_000);
    expect(w.data.rating).toMatchObject({ score: 5, comment: 'Cảm ơn' });
    // A later message is acked after anything queued before it: a duplicate rating would be in by then.
    await chat(page, 'Sau khi đánh giá');
    expect(rated('conv_e2e_0002')).toHaveLength(1);
    await ctx.close();
  });

  it('"Email me this conversation" reaches the helpdesk', async () => {
    const ctx = await browser.newContext();
    const page = await open(ctx, `${demo.siteUrl}/`);
    const visitorId = await chat(page, 'Gửi tôi bản ghi cuộc trò chuyện');
    await page.locator('[data-parley="email-transcript"]').click();
    const email = page.locator('[data-parley="transcript-email"]');
    await email.fill('binh@example');
    await page.locator('[data-parley="transcript-send"]').click();
    await waitFor(async () => (await email.getAttribute('aria-invalid')) === 'true', 'the bad address refused');
    await email.fill('binh@example.vn');
    await page.locator('[data-parley="transcript-send"]').click();
    await page.locator('[data-parley="transcript-sent"]').waitFor();
    const w = await waitFor(
      () => webhooks(demo, 'transcript.requested').find((x: any) => x.data.visitor.id === visitorId),
      'transcript.requested at the helpdesk',
    );
    expect(w.data.request).toMatchObject({ email: 'binh@example.vn', emailVerified: false });
    expect(webhooks(demo, 'transcript.requested').filter((x: any) => x.data.request.email === 'binh@example')).toEqual([]);
    await ctx.close();
  });

  it('the example console resolves a visitor and shows the rating and the transcript request in the timeline', async () => {
    const ctx = await browser.newContext();
    const page = await open(ctx, `${demo.siteUrl}/`);
    const visitorId = await chat(page, 'Cho tôi hỏi về bảo hành');
    const agent = await ctx.newPage();
    agent.setDefaultTimeout(20_000);
    await agent.goto(demo.consolePageUrl);
    await waitFor(async () => (await agent.locator('#open-now').innerText()) === 'Open now', 'open now in the console');
    await agent.locator(`[data-visitor="${visitorId}"]`).click();
    await agent.locator('#resolve').click();
    await page.locator('[data-parley="ended"]').waitFor();
    await rate(page, 3, 'Tạm được');
    await page.locator('[data-parley="email-transcript"]').click();
    await page.locator('[data-parley="transcript-email"]').fill('binh@example.vn');
    await page.locator('[data-parley="transcript-send"]').click();
    await agent.locator('[data-event="rated"]', { hasText: '3/5 — “Tạm được”' }).waitFor();
    await agent.locator('[data-event="transcript requested"]', { hasText: 'binh@example.vn' }).waitFor();
    await agent.locator('[data-event="resolved"]').waitFor();
    await ctx.close();
  });
});
