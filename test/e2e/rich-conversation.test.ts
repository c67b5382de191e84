// Rich conversations in Chromium with the real relay and the example console: a pasted screenshot
// reaches the helpdesk; a forged descriptor is refused; an agent's photo shows inline and a PDF as a
// link; a quick reply goes round; and each side sees that the other has read.
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openChat, useDemo, waitFor, type Demo } from './browser.js';

let demo: Demo;
let browser: Browser;

useDemo('rich conversation', (d, b) => {
  demo = d;
  browser = b;
});

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const hooks = (type: string): any[] => demo.agent.received.filter((w: any) => w.type === type);
const consoleApi = (path: string, body: unknown) =>
  demo.agent.api(path, body);

async function visitor(): Promise<{ page: Page; id: string }> {
  const page = await browser.newPage();
  await page.goto(demo.siteUrl);
  await openChat(page);
  const text = `hello ${Math.random().toString(36).slice(2, 8)}`;
  await page.locator('[data-parley="composer"]').fill(text);
  await page.locator('[data-parley="composer"]').press('Enter');
  const w = await waitFor(() => hooks('message.created').find((x) => x.data.message.text === text), 'the first message');
  return { page, id: w.data.visitor.id };
}

it('a screenshot pasted into the composer reaches the helpdesk with its bytes', async () => {
  const { page } = await visitor();
  await page.locator('[data-parley="composer"]').evaluate((el, b64) => {
    const bin = atob(b64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, PNG);
  const w = await waitFor(() => hooks('message.created').find((x) => x.data.message.attachments?.[0]?.name === 'screenshot.png'), 'the pasted file at the helpdesk');
  const bytes = Buffer.from(await (await fetch(w.data.message.attachments[0].url)).arrayBuffer());
  expect(bytes.equals(Buffer.from(PNG, 'base64'))).toBe(true);
  // Pasted as a file, not as text.
  expect(await page.locator('[data-parley="composer"]').inputValue()).toBe('');
  await page.close();
});

it('a descriptor changed in the browser (url or size) is refused and never reaches the helpdesk', async () => {
  const page = await browser.newPage();
  await page.goto(demo.siteUrl);
  // A hand-made client on the page's origin: what a visitor tampering with the widget could send.
  const answers = await page.evaluate(async (relay) => {
    const ws = new WebSocket(`${relay.replace(/^http/, 'ws')}/v1/ws?site=demo`);
    const frames: any[] = [];
    const next = (pred: (f: any) => boolean) =>
      new Promise<any>((resolve) => {
        const look = () => {
          const f = frames.find(pred);
          if (f) resolve(f);
          else setTimeout(look, 20);
        };
        look();
      });
    ws.onmessage = (e) => frames.push(JSON.parse(e.data));
    await new Promise((r) => (ws.onopen = r));
    ws.send(JSON.stringify({ t: 'hello', page: { url: location.href }, locale: 'en' }));
    await next((f) => f.t === 'welcome');
    ws.send(JSON.stringify({ t: 'upload', id: 'upl_forged_e2e1', name: 'a.png', type: 'image/png', size: 68 }));
    const ready = await next((f) => f.t === 'upload_ready');
    ws.send(JSON.stringify({ t: 'message', id: 'msg_forged_e2e1', text: 'x', attachments: [{ ...ready.attachment, url: 'https://evil.example/a.png' }] }));
    ws.send(JSON.stringify({ t: 'message', id: 'msg_forged_e2e2', text: 'x', attachments: [{ ...ready.attachment, size: 1 }] }));
    const a = [await next((f) => f.id === 'msg_forged_e2e1'), await next((f) => f.id === 'msg_forged_e2e2')];
    ws.close();
    return a;
  }, demo.relayUrl);
  for (const a of answers) expect(a).toMatchObject({ t: 'nack', retryable: false, reason: 'attachment_invalid' });
  expect(hooks('message.created').filter((w) => w.data.message.id.startsWith('msg_forged_e2e'))).toEqual([]);
  await page.close();
});

it('an agent photo shows inline and opens full size in a new tab; a PDF is a link with its name and size', async () => {
  const { page, id } = await visitor();
  const photo = await consoleApi('/api/agent-file', { name: 'san-pham.png', type: 'image/png', data: PNG });
  const pdf = await consoleApi('/api/agent-file', { name: 'hoa-don.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4 fake').toString('base64') });
  await consoleApi('/api/reply', { visitorId: id, text: 'Ảnh sản phẩm và hoá đơn', attachments: [photo, pdf] });
  const img = page.locator('[data-parley="attachment-image"] img');
  await img.waitFor({ timeout: 10_000 });
  // Loaded, not just placed: the console serves it to the page.
  await waitFor(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth === 1), 'the photo loaded');
  expect(await img.getAttribute('loading')).toBe('lazy');
  expect(await page.locator('[data-parley="attachment-image"]').getAttribute('target')).toBe('_blank');
  const link = page.locator('[data-parley="attachment-file"]');
  expect(await link.getAttribute('href')).toBe(pdf.url);
  expect(await link.textContent()).toMatch(/^hoa-don\.pdf \(13 B\)$/);
  // The console serves a PDF as a download, never inline in its own origin.
  expect((await fetch(pdf.url)).headers.get('content-disposition')).toMatch(/^attachment/);
  await page.close();
});

it('an agent sends a photo alone from the console: the visitor sees the photo with no empty bubble', async () => {
  const { page, id } = await visitor();
  const agent = await browser.newPage();
  await agent.goto(demo.consolePageUrl);
  await agent.locator(`[data-visitor="${id}"]`).click({ timeout: 10_000 });
  await agent.locator('#file').setInputFiles({ name: 'mau-ao.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
  await agent.locator('#reply button[type="submit"]').click();
  const sent = await waitFor(() => demo.agent.visitors.get(id)?.messages.find((m: any) => m.from === 'agent' && m.attachments?.[0]?.name === 'mau-ao.png'), 'the photo stored');
  expect(sent.text).toBe('');
  const bubble = page.locator('[data-parley="message"]').filter({ has: page.locator('[data-parley="attachment-image"]') });
  await bubble.waitFor({ timeout: 10_000 });
  expect(await bubble.locator('[data-parley="text"]').count()).toBe(0);
  await agent.close();
  await page.close();
});

it('quick replies: the agent sends buttons, the visitor clicks one, the helpdesk gets the label with replyTo', async () => {
  const { page, id } = await visitor();
  await consoleApi('/api/reply', { visitorId: id, text: 'Bạn cần gì?', actions: [{ id: 'track', label: 'Theo dõi đơn hàng' }, { id: 'human', label: 'Gặp nhân viên' }] });
  const button = page.locator('[data-parley="quick-reply"]', { hasText: 'Gặp nhân viên' });
  await button.click({ timeout: 10_000 });
  const w = await waitFor(() => hooks('message.created').find((x) => x.data.visitor.id === id && x.data.message.replyTo), 'the quick reply at the helpdesk');
  expect(w.data.message.text).toBe('Gặp nhân viên');
  expect(w.data.message.replyTo.actionId).toBe('human');
  expect(await page.locator('[data-parley="quick-reply"]').evaluateAll((els) => els.map((b) => (b as HTMLButtonElement).disabled))).toEqual([true, true]);
  await page.close();
});

it('read receipts: the agent opening the conversation shows "Đã xem"; the visitor reading sends message.read', async () => {
  const { page, id } = await visitor();
  const agent = await browser.newPage();
  await agent.goto(demo.consolePageUrl);
  await agent.locator(`[data-visitor="${id}"]`).click({ timeout: 10_000 });
  await page.locator('[data-parley="message-status"]', { hasText: 'Đã xem' }).waitFor({ timeout: 10_000 });

  await consoleApi('/api/reply', { visitorId: id, text: 'Mình xem giúp bạn nhé' });
  const reply = await waitFor(() => demo.agent.visitors.get(id)?.messages.find((m: any) => m.text === 'Mình xem giúp bạn nhé'), 'the reply stored');
  const read = await waitFor(() => hooks('message.read').find((w) => w.data.visitor.id === id && w.data.upTo === reply.id), 'message.read for the reply');
  expect(Date.parse(read.data.at)).not.toBeNaN();
  await agent.locator('[data-event="read"]').waitFor({ timeout: 10_000 });
  await agent.close();
  await page.close();
});
