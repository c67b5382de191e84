// Consent first (DESIGN §12): with data-consent="required" the page shows the bubble and nothing else
// happens — no storage key, no IndexedDB database, no socket, no request to the relay's origin, watched
// at the network level — until the visitor accepts; then the chat works; `consent false` wipes it all.
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openChat, useDemo, waitFor, type Demo } from './browser.js';

let demo: Demo;
let browser: Browser;

useDemo('consent', (d, b) => {
  demo = d;
  browser = b;
});

/**
 * The demo's consent page: it hosts the widget's files itself (data-relay names the relay), so every
 * request to the relay's origin the page makes is the widget's own.
 */
async function consentPage(): Promise<{ page: Page; relayRequests: string[]; sockets: string[]; chunks: string[] }> {
  const page = await browser.newPage();
  const relayRequests: string[] = [];
  const sockets: string[] = [];
  const chunks: string[] = [];
  const relayOrigin = new URL(demo.relayUrl).origin;
  page.on('request', (r) => {
    if (new URL(r.url()).origin === relayOrigin) relayRequests.push(r.url());
    if (/parley-\w+(\.[0-9a-f]{12})?\.js$/.test(r.url())) chunks.push(r.url());
  });
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(`${demo.siteUrl}/consent.html`);
  await page.locator('[data-parley="bubble"]').waitFor();
  return { page, relayRequests, sockets, chunks };
}

/** What the page's origin holds: localStorage keys and IndexedDB database names. */
function stored(page: Page): Promise<{ keys: string[]; databases: string[] }> {
  return page.evaluate(async () => ({
    keys: Object.keys(localStorage),
    databases: (await indexedDB.databases()).map((d) => d.name ?? ''),
  }));
}

it('before consent only the bubble: no storage, no IndexedDB, no socket, no chunk, no request to the relay', async () => {
  const { page, relayRequests, sockets, chunks } = await consentPage();
  // Long enough for an idle start-up, a config fetch and a socket to have happened, were they going to.
  await page.evaluate(() => new Promise((r) => requestIdleCallback(() => setTimeout(r, 1500))));
  const bubble = page.locator('[data-parley="bubble"]');
  expect(await bubble.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(228, 0, 43)');
  // The notice: what is stored and sent, the privacy link from the tag, Accept.
  await bubble.click();
  const notice = page.locator('[data-parley="consent"]');
  await notice.waitFor();
  expect(await notice.textContent()).toContain('keeps your conversation on this device');
  expect(await page.locator('[data-parley="privacy"]').getAttribute('href')).toBe('https://shop.example/privacy');
  await page.evaluate(() => (window as any).Parley('open'));
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  expect(await page.locator('[data-parley="panel"]').count()).toBe(0);
  expect(relayRequests).toEqual([]);
  expect(sockets).toEqual([]);
  expect(chunks).toEqual([]);
  expect(await stored(page)).toEqual({ keys: [], databases: [] });
  await page.close();
});

it('after Accept the chat works; consent false wipes local data and returns to the bubble', async () => {
  const { page, sockets, chunks } = await consentPage();
  await page.locator('[data-parley="bubble"]').click();
  await page.locator('[data-parley="consent-accept"]').click();
  await page.locator('[data-parley="bubble"]').click();
  const composer = page.locator('[data-parley="composer"]');
  await composer.waitFor({ timeout: 20_000 });
  await composer.fill('hello after consent');
  await composer.press('Enter');
  await waitFor(() => demo.agent.received.some((w: any) => w.type === 'message.created' && w.data.message.text === 'hello after consent'), 'the message to reach the helpdesk');
  await page.locator('[data-parley="message"][data-from="visitor"][data-status="sent"]').waitFor();
  expect(sockets.length).toBeGreaterThan(0);
  // Under its content-hashed name, the one a CDN may keep for a year.
  expect(chunks.some((u) => /parley-core\.[0-9a-f]{12}\.js$/.test(u))).toBe(true);
  const after = await stored(page);
  expect(after.keys).toContain('parley:consent');
  expect(after.databases).toContain('parley');

  // A reload remembers the choice: the chat starts without asking again.
  await page.reload();
  await openChat(page);
  expect(await page.locator('[data-parley="message"][data-from="visitor"]').count()).toBe(1);

  await page.evaluate(() => (window as any).Parley('consent', false));
  await page.locator('[data-parley="panel"]').waitFor({ state: 'detached' });
  await page.locator('[data-parley="bubble"]').waitFor();
  const wiped = await page.evaluate(async () => {
    const keys = Object.keys(localStorage);
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const req = indexedDB.open('parley');
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error);
    });
    const name = db.objectStoreNames[0];
    const idbKeys = name
      ? await new Promise<IDBValidKey[]>((res) => {
          const r = db.transaction(name).objectStore(name).getAllKeys();
          r.onsuccess = () => res(r.result);
        })
      : [];
    db.close();
    return { keys, idbKeys };
  });
  expect(wiped).toEqual({ keys: [], idbKeys: [] });
  // Back to the bubble alone: a click asks for consent again.
  await page.locator('[data-parley="bubble"]').click();
  await page.locator('[data-parley="consent"]').waitFor();
  await page.close();
});

it('Parley("consent", true) from a consent manager starts the widget without the notice', async () => {
  const { page, sockets } = await consentPage();
  await page.evaluate(() => (window as any).Parley('consent', true));
  await waitFor(() => sockets.length > 0, 'the socket to open');
  await page.evaluate(() => (window as any).Parley('open', { draft: 'I have a question about my order' }));
  const composer = page.locator('[data-parley="composer"]');
  await composer.waitFor({ timeout: 20_000 });
  await expect.poll(() => composer.inputValue()).toBe('I have a question about my order');
  await page.evaluate(() => (window as any).Parley('consent', false));
  await page.close();
});

it('data-launcher="none": no bubble; the page opens the chat with its own button', async () => {
  const page = await browser.newPage();
  await page.goto(`${demo.siteUrl}/own-button.html`);
  await page.evaluate(() => new Promise<void>((r) => (window as any).Parley('on', 'ready', r)));
  expect(await page.locator('[data-parley="bubble"]:visible').count()).toBe(0);
  await page.locator('#help').click();
  await page.locator('[data-parley="composer"]').waitFor({ timeout: 20_000 });
  expect(await page.locator('[data-parley="bubble"]:visible').count()).toBe(0);
  await page.locator('#help').click();
  await page.locator('[data-parley="panel"]').waitFor({ state: 'detached' });
  await page.close();
});
