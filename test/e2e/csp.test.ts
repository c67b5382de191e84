// A site with a strict Content-Security-Policy (no inline scripts, no inline styles, no eval) pastes
// only the script tag: the widget still mounts, styles itself, connects, and `parley:ready` fires.
import { expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { useDemo, waitFor, type Demo } from './browser.js';

let demo: Demo;
let browser: Browser;

useDemo('csp', (d, b) => {
  demo = d;
  browser = b;
});

it('works under a strict CSP with the script tag alone', async () => {
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto(`${demo.siteUrl}/strict.html`);
  expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect.poll(() => page.locator('#ready-state').textContent(), { timeout: 20_000 }).toBe('widget ready');
  const bubble = page.locator('[data-parley="bubble"]');
  // Styled through the stylesheet, not inline styles: a bubble with no styles has no fixed position.
  expect(await bubble.evaluate((el) => getComputedStyle(el).position === 'fixed' || getComputedStyle(el.parentElement!).position === 'fixed')).toBe(true);
  await bubble.click();
  await expect.poll(() => page.locator('#ready-state').textContent()).toBe('chat opened');
  await page.locator('[data-parley="composer"]').fill('hello from a strict page');
  await page.locator('[data-parley="composer"]').press('Enter');
  await waitFor(() => demo.agent.received.some((w: any) => w.type === 'message.created' && w.data.message.text === 'hello from a strict page'), 'the message to reach the helpdesk');
  expect(violations).toEqual([]);
  await page.close();
});
