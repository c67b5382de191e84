// Pictures of the example agent console in the middle of a shift, as an agent sees it, into
// docs/screenshots/console-desktop.png (1440×900) and console-phone.png (390×844). Starts the demo
// on ports the OS picks; three visitors chat in the widget (one rates, one is still typing) in the
// machine's Chromium. `npm run screenshots:console` builds first and runs it.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemo } from '../examples/start.mjs';

const dir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const until = async (check, what) => {
  for (const end = Date.now() + 20_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const v = await check();
    if (v) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
};

const demo = await startDemo({ relayPort: 0, sitePort: 0, consolePort: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  await demo.agent.api('/api/presence', { agentsOnline: 1 });
  /** A visitor who says who they are and writes `lines`; resolves to their page and id. */
  const visitor = async (claims, lines) => {
    const page = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
    await page.goto(demo.siteUrl);
    await page.evaluate((c) => new Promise((resolve) => window.Parley('on', 'ready', () => (c && window.Parley('update', c), resolve()))), claims);
    await page.locator('[data-parley="bubble"]').click();
    const composer = page.locator('[data-parley="composer"]');
    let id;
    for (const text of lines) {
      await composer.fill(text);
      await composer.press('Enter');
      id = (await until(() => demo.agent.received.find((w) => w.type === 'message.created' && w.data.message.text === text), text)).data.visitor.id;
    }
    return { page, id };
  };
  const reply = (visitorId, text) => demo.agent.api('/api/reply', { visitorId, text, author: { name: 'Mai' } });

  const lan = await visitor({ name: 'Nguyễn Thị Lan', email: 'lan@example.vn', attributes: { plan: 'pro', 'đơn hàng': '1042' } }, ['Chào shop, đơn 1042 của mình giao chưa ạ?']);
  await reply(lan.id, 'Chào chị Lan, đơn 1042 đã giao cho bên vận chuyển, chị theo dõi ở https://shop.example/track/1042 nhé.');
  await lan.page.locator('[data-parley="message"][data-from="agent"]').waitFor();
  await lan.page.locator('[data-parley="composer"]').fill('Cảm ơn shop nhiều!');
  await lan.page.locator('[data-parley="composer"]').press('Enter');
  await demo.agent.api('/api/resolve', { visitorId: lan.id });
  await lan.page.locator('[data-parley="rate"]').nth(4).check({ force: true }).catch(() => {});
  await lan.page.locator('[data-parley="rate-send"]').click().catch(() => {});

  const minh = await visitor({ name: 'Trần Minh', phone: '0912 345 678' }, ['Giày Lan còn size 42 màu đen không ạ?', 'Mình ở Đà Nẵng, giao mất mấy ngày?']);
  await reply(minh.id, 'Dạ còn ạ! Giao Đà Nẵng khoảng 2–3 ngày.');
  const guest = await visitor(null, ['Cho mình hỏi chính sách đổi trả']);
  await guest.page.locator('[data-parley="composer"]').pressSequentially('Mình mua hôm qua mà', { delay: 20 });
  await until(() => demo.agent.received.some((w) => w.type === 'visitor.typing' && w.data.visitor.id === guest.id && w.data.preview), 'the preview');

  mkdirSync(dir, { recursive: true });
  for (const [name, viewport] of [['console-desktop', { width: 1440, height: 900 }], ['console-phone', { width: 390, height: 844 }]]) {
    const page = await (await browser.newContext({ viewport, locale: 'vi-VN', isMobile: viewport.width < 500 })).newPage();
    await page.goto(demo.consolePageUrl);
    await page.locator('#agent-name').fill('Mai');
    await page.locator(`[data-visitor="${minh.id}"]`).click();
    await page.locator('.msg', { hasText: '2–3 ngày' }).waitFor();
    await page.locator('#open-now:not(:empty)').waitFor();
    await page.locator('[data-live]').first().waitFor({ timeout: 10_000 }).catch(() => {});
    await page.screenshot({ path: `${dir}${name}.png` });
    console.log(`docs/screenshots/${name}.png`);
    await page.context().close();
  }
} finally {
  await browser.close();
  await demo.close();
}
