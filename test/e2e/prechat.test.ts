// A site asks for name and phone (and consent) before the chat: the visitor fills the form, and what
// they wrote reaches the helpdesk at once, rides on their messages, and is still known on the next
// page. Real Chromium, real relay, the example agent console.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useDemo, waitFor, type Demo } from './browser.js';

let demo: Demo;
let browser: Browser;
useDemo(
  'prechat',
  (d, b) => {
    demo = d;
    browser = b;
  },
  {
    tweak: (config: any) =>
      (config.sites[0].prechat = {
        enabled: true,
        fields: [{ name: 'name', required: true }, { name: 'email' }, { name: 'phone', required: true }],
        consentText: { en: 'I agree that you keep these details to answer me.', vi: 'Tôi đồng ý để cửa hàng lưu thông tin này để trả lời tôi.' },
      }),
  },
);

const part = (page: Page, name: string) => page.locator(`[data-parley="${name}"]`);
const of = (type: string, visitorName: string) => demo.agent.received.filter((w: any) => w.type === type && w.data.visitor.name === visitorName);

describe('the pre-chat form', { timeout: 60_000 }, () => {
  it('asks before the first message, refuses what is not a phone number, and what it was told reaches the helpdesk and the next page', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(demo.siteUrl);
    await page.evaluate(() => new Promise((r) => (window as any).Parley('on', 'ready', r)));
    await part(page, 'bubble').click();
    await part(page, 'prechat').waitFor({ timeout: 20_000 });
    expect(await part(page, 'composer').count()).toBe(0);

    await part(page, 'prechat-name').fill('Nguyễn Thị Lan');
    await part(page, 'prechat-phone').fill('0912');
    await part(page, 'prechat-start').click();
    // The demo page is Vietnamese: the widget speaks Vietnamese.
    await expect.poll(() => part(page, 'prechat-error').textContent()).toMatch(/Vui lòng nhập số điện thoại/);
    expect(await part(page, 'prechat-phone').getAttribute('aria-invalid')).toBe('true');
    await part(page, 'prechat-phone').fill('+84 912 345 678');
    await part(page, 'prechat-start').click();
    await expect.poll(() => part(page, 'prechat-error').textContent()).toMatch(/đánh dấu/);
    await part(page, 'prechat-consent').check();
    await part(page, 'prechat-start').click();
    await part(page, 'composer').waitFor({ timeout: 10_000 });

    const updated = await waitFor(() => of('visitor.updated', 'Nguyễn Thị Lan')[0], 'visitor.updated');
    expect(updated.data.profile).toEqual({ name: 'Nguyễn Thị Lan', phone: '+84 912 345 678' });
    expect(updated.data.visitor.verified).toBe(false);
    await part(page, 'composer').fill('Giao hàng mất mấy ngày?');
    await part(page, 'composer').press('Enter');
    const created = await waitFor(() => of('message.created', 'Nguyễn Thị Lan')[0], 'the message with the claims');
    expect(created.data.visitor).toMatchObject({ name: 'Nguyễn Thị Lan', phone: '+84 912 345 678' });

    // The next page: its visitor.connected already knows who this is, and the form does not ask again.
    const before = of('visitor.connected', 'Nguyễn Thị Lan').length;
    await page.click('#to-pricing');
    await page.waitForURL(/pricing/);
    const connected = await waitFor(() => of('visitor.connected', 'Nguyễn Thị Lan')[before], 'visitor.connected on the next page');
    expect(connected.data.visitor).toMatchObject({ name: 'Nguyễn Thị Lan', phone: '+84 912 345 678' });
    expect(connected.data.page.url).toMatch(/pricing/);
    expect(connected.data.context).toMatchObject({ visits: 1, device: 'desktop', landing: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/) });
    await page.evaluate(() => new Promise((r) => (window as any).Parley('on', 'ready', r)));
    if (!(await part(page, 'panel').isVisible())) await part(page, 'bubble').click();
    await part(page, 'composer').waitFor({ timeout: 20_000 });
    expect(await part(page, 'prechat').count()).toBe(0);
    await ctx.close();
  });
});
