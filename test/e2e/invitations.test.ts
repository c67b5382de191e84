// Proactive invitations in a real Chromium against the real relay and the example agent console:
// a rule fires only when all its conditions hold, a dismissal survives a page load, and an
// agent's invitation reaches the visitor quickly.
import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { useDemo, waitFor, type Demo } from './browser.js';

let demo: Demo;
let browser: Browser;
const RULE = 'e2e-pricing';
// Long enough that a loaded machine still scrolls the page within it, so the scroll-only story holds.
const ON_PAGE_S = 5;

const figures = useDemo(
  'invitations',
  (d, b) => {
    demo = d;
    browser = b;
  },
  {
    tweak: (config: any) => {
      config.sites[0].invitations = [
        {
          id: RULE,
          text: { en: 'Questions about plans?', vi: 'Bạn cần tư vấn gói nào?' },
          author: { name: 'Mai' },
          conditions: { url: '/pricing', timeOnPageSec: ON_PAGE_S, scrollPercent: 50 },
        },
      ];
    },
  },
);

const teaser = (page: Page) => page.locator('[data-parley="teaser"]');
const webhooks = (type: string) => demo.agent.received.filter((w: any) => w.type === type);

/** Opens a page and waits until the widget is on it (its bubble is drawn). */
async function open(ctx: BrowserContext, path: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(demo.siteUrl + path);
  await page.locator('[data-parley="bubble"]').waitFor({ timeout: 20_000 });
  return page;
}

const scrollToBottom = (page: Page) => page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));

describe('proactive invitations in Chromium', { timeout: 60_000 }, () => {
  it(`a rule "on /pricing after ${ON_PAGE_S} s and 50% scroll" waits for both conditions`, async () => {
    // Time only: the scroll condition holds it back. Opened first, so its seconds are up before the other's.
    const ctxB = await browser.newContext();
    const b = await open(ctxB, '/pricing.html');
    // The first screen alone must not already count as half the page.
    expect(await b.evaluate(() => (innerHeight / document.documentElement.scrollHeight) * 100)).toBeLessThan(50);

    // Scroll only: the time condition holds it back until the page has been open ON_PAGE_S seconds.
    const ctxA = await browser.newContext();
    const a = await open(ctxA, '/pricing.html');
    const { origin, scrolledAt } = await a.evaluate(() => {
      const w = window as any;
      w.Parley('on', 'invitation', (e: any) => {
        if (e.action === 'shown') w.__shownAt ??= Date.now();
      });
      window.scrollTo(0, document.documentElement.scrollHeight);
      return { origin: performance.timeOrigin, scrolledAt: Date.now() };
    });
    await teaser(a).waitFor({ timeout: 10_000 });
    const shownAt: number = await a.evaluate(() => (window as any).__shownAt);
    // Scrolled within its first seconds, shown only once they were up: the scroll alone did not do it.
    expect(scrolledAt - origin).toBeLessThan(ON_PAGE_S * 1000);
    expect(shownAt - origin).toBeGreaterThanOrEqual(ON_PAGE_S * 1000);
    expect(await a.locator('[data-parley="teaser-text"]').textContent()).toBe('Bạn cần tư vấn gói nào?');
    // The time-only page's seconds were up before those of the page that just showed it: no scroll, no teaser.
    expect(await teaser(b).count()).toBe(0);
    // The time-only page gets it as soon as the visitor scrolls.
    await scrollToBottom(b);
    await teaser(b).waitFor({ timeout: 10_000 });
    await ctxA.close();
    await ctxB.close();
  });

  it('a dismissed invitation stays dismissed on the next page load; the helpdesk hears shown and dismissed with the rule id', async () => {
    const ctx = await browser.newContext();
    const page = await open(ctx, '/pricing.html');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await scrollToBottom(page);
    await teaser(page).waitFor({ timeout: 15_000 });
    const id = await teaser(page).getAttribute('data-id');
    await page.locator('[data-parley="teaser-dismiss"]').click();
    await teaser(page).waitFor({ state: 'detached', timeout: 5_000 });

    const shown = await waitFor(() => webhooks('invitation.shown').find((w: any) => w.data.invitation.id === id), 'invitation.shown');
    const dismissed = await waitFor(() => webhooks('invitation.dismissed').find((w: any) => w.data.invitation.id === id), 'invitation.dismissed');
    for (const w of [shown, dismissed]) expect((w as any).data.invitation).toEqual({ id, ruleId: RULE, text: 'Bạn cần tư vấn gói nào?' });

    await page.reload();
    await page.locator('[data-parley="bubble"]').waitFor({ timeout: 20_000 });
    await scrollToBottom(page);
    // A new visitor opening the same page after the reload and scrolling the same way is invited: by
    // then the reloaded page's seconds were up too.
    const otherCtx = await browser.newContext();
    const other = await open(otherCtx, '/pricing.html');
    await scrollToBottom(other);
    await teaser(other).waitFor({ timeout: 15_000 });
    expect(await teaser(page).count()).toBe(0);
    expect(errors).toEqual([]);
    await otherCtx.close();
    await ctx.close();
  });

  it('an agent-pushed invitation appears at once', async () => {
    const ctx = await browser.newContext();
    const tag = `agentpush${Date.now()}`;
    const page = await open(ctx, `/?${tag}`);
    const connected = await waitFor(
      () => webhooks('visitor.connected').find((w: any) => String(w.data.page?.url).includes(tag)),
      'visitor.connected for the page',
    );
    const visitorId = (connected as any).data.visitor.id;
    await page.evaluate(() => {
      const w = window as any;
      w.Parley('on', 'invitation', (e: any) => {
        if (e.action === 'shown') w.__shownAt = Date.now();
      });
    });
    const t0 = Date.now();
    const res = await fetch(`${demo.relayUrl}/v1/sites/demo/visitors/${visitorId}/invitations`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-api-secret-published-in-the-example-config', 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Chào bạn! Cần mình giúp không?', author: { name: 'Lan' } }),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; delivered: boolean };
    expect(body.delivered).toBe(true);
    await teaser(page).waitFor({ timeout: 15_000 });
    const shownAt = await page.evaluate(() => (window as any).__shownAt as number);
    const ms = shownAt - t0;
    figures.push(`agent-pushed invitation → teaser ${ms} ms`);
    expect(ms).toBeLessThan(5000);
    expect(await page.locator('[data-parley="teaser-text"]').textContent()).toBe('Chào bạn! Cần mình giúp không?');

    await page.locator('[data-parley="teaser-accept"]').click();
    await expect.poll(() => page.locator('[data-parley="message"][data-from="agent"] [data-parley="text"]').allTextContents()).toContain('Chào bạn! Cần mình giúp không?');
    await waitFor(() => webhooks('invitation.accepted').find((w: any) => w.data.invitation.id === body.id), 'invitation.accepted');
    await ctx.close();
  });
});
