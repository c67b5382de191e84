// An agent works in the example console while two visitors chat. While one visitor types and writes,
// the agent reading back through the other's conversation keeps their place, their focus and their
// half-written reply; the background visitor's unread count rises; each draft stays with its visitor
// and Send goes to the one shown. Real Chromium, relay, console and widget.
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openChat, useDemo, waitFor, type Demo } from './browser.js';

let demo: Demo;
let browser: Browser;

useDemo('agent console', (d, b) => {
  demo = d;
  browser = b;
});

/** A visitor in their own browser profile who says `text`; resolves to their page and visitor id. */
async function visitorSays(text: string): Promise<{ page: Page; id: string }> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(demo.siteUrl);
  await openChat(page);
  await page.locator('[data-parley="composer"]').fill(text);
  await page.locator('[data-parley="composer"]').press('Enter');
  const hook = await waitFor(() => demo.agent.received.find((w: any) => w.type === 'message.created' && w.data.message.text === text), `"${text}" at the helpdesk`, 20_000);
  return { page, id: hook.data.visitor.id };
}

it('focus, scroll and the draft stay put while another visitor types; the unread count of that visitor rises', { timeout: 120_000 }, async () => {
  const lan = await visitorSays('Cho mình hỏi về đơn 1042');
  const minh = await visitorSays('Shop còn size 42 không?');
  // Enough answers to Lan that her transcript scrolls.
  for (let i = 1; i <= 14; i++) await demo.agent.api('/api/reply', { visitorId: lan.id, text: `Dạ, thông tin đơn hàng phần ${i}.`, author: { name: 'Mai' } });

  const agent = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  agent.setDefaultTimeout(20_000);
  await agent.goto(demo.consolePageUrl);
  // The demo's config has an agent online: "Online" says so from the start, as the widget does.
  await expect.poll(() => agent.locator('#online').isChecked()).toBe(true);
  await agent.locator(`[data-visitor="${lan.id}"]`).click();
  await agent.locator('.msg', { hasText: 'phần 14.' }).waitFor();
  // Reading back, with a reply half written.
  await agent.locator('#transcript').evaluate((t) => {
    t.scrollTop = 0;
    (t.firstElementChild as any).marked = true;
  });
  await agent.locator('#text').fill('Chị chờ em kiểm tra chút');
  const unread = agent.locator(`[data-visitor="${minh.id}"] [data-unread]`);
  const before = Number((await unread.textContent()) || 0);

  // Minh types (the live preview) and writes twice more; Lan gets an answer from a colleague.
  const composer = minh.page.locator('[data-parley="composer"]');
  await composer.pressSequentially('Mình muốn đổi màu', { delay: 30 });
  await waitFor(() => demo.agent.received.some((w: any) => w.type === 'visitor.typing' && w.data.visitor.id === minh.id && w.data.preview.length > 5), 'the typing preview at the helpdesk');
  await composer.press('Enter');
  await composer.fill('Màu đen nhé');
  await composer.press('Enter');
  await demo.agent.api('/api/reply', { visitorId: lan.id, text: 'Đơn 1042 đã giao cho bên vận chuyển.', author: { name: 'Hùng' } });
  await expect.poll(() => unread.textContent()).toBe(String(before + 2));
  await agent.locator('.msg', { hasText: 'Đơn 1042 đã giao' }).waitFor();
  expect(await agent.title()).toMatch(new RegExp(`^\\(${before + 2}\\) `));

  const kept = await agent.evaluate(() => {
    const t = document.getElementById('transcript')!;
    return { focus: document.activeElement?.id, scrollTop: t.scrollTop, sameNodes: (t.firstElementChild as any).marked === true, draft: (document.getElementById('text') as HTMLTextAreaElement).value };
  });
  expect(kept).toEqual({ focus: 'text', scrollTop: 0, sameNodes: true, draft: 'Chị chờ em kiểm tra chút' });
  await agent.context().close();
  await lan.page.context().close();
  await minh.page.context().close();
});

it('each draft stays with its visitor, and Send goes to the one shown', { timeout: 120_000 }, async () => {
  const an = await visitorSays('Mình cần xuất hoá đơn VAT');
  const binh = await visitorSays('Giao hàng mất mấy ngày?');
  const agent = await (await browser.newContext()).newPage();
  agent.setDefaultTimeout(20_000);
  await agent.goto(demo.consolePageUrl);

  await agent.locator(`[data-visitor="${an.id}"]`).click();
  await agent.locator('#text').fill('Bạn gửi giúp mình mã số thuế nhé');
  await agent.locator(`[data-visitor="${binh.id}"]`).click();
  expect(await agent.locator('#text').inputValue()).toBe('');
  await agent.locator('#text').fill('Khoảng 2–3 ngày ạ');
  await agent.locator(`[data-visitor="${an.id}"]`).click();
  expect(await agent.locator('#text').inputValue()).toBe('Bạn gửi giúp mình mã số thuế nhé');
  await agent.locator('#reply button[type="submit"]').click();

  await an.page.locator('[data-parley="message"][data-from="agent"]', { hasText: 'mã số thuế' }).waitFor({ timeout: 20_000 });
  const texts = (id: string) => [...demo.agent.visitors.get(id)!.messages].filter((m: any) => m.from === 'agent').map((m: any) => m.text);
  expect(texts(an.id)).toEqual(['Bạn gửi giúp mình mã số thuế nhé']);
  expect(texts(binh.id)).toEqual([]);
  // Bình's draft is still there to send.
  await agent.locator(`[data-visitor="${binh.id}"]`).click();
  expect(await agent.locator('#text').inputValue()).toBe('Khoảng 2–3 ngày ạ');
  await agent.context().close();
  await an.page.context().close();
  await binh.page.context().close();
});
