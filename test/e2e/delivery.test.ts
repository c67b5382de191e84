// What a page view downloads: the visitor's browser gets parley.js from the relay brotli-compressed,
// and the chunks it loads under their content-hashed names, compressed and cacheable for a year; the
// widget built from them works (the chat opens and a message reaches the helpdesk). Real Chromium.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Browser, Response } from 'playwright-core';
import { openChat, useDemo, waitFor, type Demo } from './browser.js';

let demo: Demo;
let browser: Browser;
const figures = useDemo('delivery', (d, b) => {
  demo = d;
  browser = b;
});

it('parley.js arrives brotli-compressed, its chunks under hashed names kept for a year, and the chat works', async () => {
  const page = await browser.newPage();
  const widget: Response[] = [];
  page.on('response', (r) => {
    if (/\/parley[\w.-]*\.js$/.test(r.url())) widget.push(r);
  });
  try {
    await page.goto(`${demo.siteUrl}/`);
    await openChat(page);
    const composer = page.locator('[data-parley="composer"]');
    await composer.fill('gửi qua brotli');
    await composer.press('Enter');
    await waitFor(() => demo.agent.received.some((w: any) => w.type === 'message.created' && w.data.message.text === 'gửi qua brotli'), 'the message to reach the helpdesk');

    const shell = widget.find((r) => r.url() === `${demo.relayUrl}/parley.js`);
    expect(shell, 'parley.js from the relay').toBeDefined();
    const headers = await shell!.allHeaders();
    expect(headers['content-encoding']).toBe('br');
    expect(headers['cache-control']).toBe('public, max-age=300');
    expect(headers.vary).toBe('Accept-Encoding');
    const onWire = (await shell!.request().sizes()).responseBodySize;
    const raw = readFileSync('dist/parley.js').length;
    expect(onWire).toBeLessThan(raw / 2);
    figures.push(`parley.js ${onWire} B on the wire (${raw} B raw)`);

    const chunks = widget.filter((r) => r !== shell);
    const names = chunks.map((r) => new URL(r.url()).pathname);
    // The panel needs the core and the UI; both came under hashed names, never the plain ones.
    expect(names.some((n) => /^\/parley-core\.[0-9a-f]{12}\.js$/.test(n)), names.join(' ')).toBe(true);
    expect(names.some((n) => /^\/parley-ui\.[0-9a-f]{12}\.js$/.test(n)), names.join(' ')).toBe(true);
    expect(names.filter((n) => /^\/parley-\w+\.js$/.test(n))).toEqual([]);
    for (const r of chunks) {
      const h = await r.allHeaders();
      expect(h['cache-control'], r.url()).toBe('public, max-age=31536000, immutable');
      expect(h['content-encoding'], r.url()).toBe('br');
    }
  } finally {
    await page.close();
  }
});
