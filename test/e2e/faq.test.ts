// FAQ suggestions in real Chromium against the demo: the relay serves the site's inline FAQ, the
// widget fetches it on open, suggests the password article for an unaccented Vietnamese query, and
// the visitor's "This answered my question" reaches the helpdesk as a faq.feedback webhook.
import { expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { useDemo, waitFor, type Demo } from './browser.js';

let demo: Demo;
let browser: Browser;

useDemo('faq', (d, b) => {
  demo = d;
  browser = b;
});

it('typing "doi mat khau" suggests the password article; "This answered my question" sends faq.feedback helpful', async () => {
  const page = await browser.newPage();
  const faqRequests: string[] = [];
  page.on('request', (r) => r.url().endsWith('/faq') && faqRequests.push(r.url()));
  await page.goto(demo.siteUrl);
  await page.locator('[data-parley="bubble"]').waitFor({ timeout: 20_000 });
  await waitFor(() => demo.agent.received.some((w: any) => w.type === 'visitor.connected'), 'the visitor to connect');
  // A page view alone costs no FAQ download.
  expect(faqRequests).toEqual([]);

  await page.locator('[data-parley="bubble"]').click();
  await waitFor(() => faqRequests.length === 1, 'the FAQ fetch on open');
  const composer = page.locator('[data-parley="composer"]');
  // Faster than the debounce, as people type: the list appears once, after the last keystroke.
  await composer.pressSequentially('doi mat khau', { delay: 40 });
  const typedAt = Date.now();
  const first = page.locator('[data-parley="suggestion"]').first();
  await expect.poll(() => first.getAttribute('data-article-id'), { timeout: 10_000 }).toBe('password-vi');
  await expect(first.textContent()).resolves.toContain('Cách đổi mật khẩu');
  // Reported, not asserted: the machine's load decides the exact figure (120 ms of it is the typing pause).
  console.log(`FAQ suggestions: last keystroke → password article listed within ${Date.now() - typedAt} ms`);

  await first.click();
  const answer = page.locator('[data-parley="faq-answer"]');
  await answer.waitFor({ timeout: 5_000 });
  await expect(answer.textContent()).resolves.toContain('Bảo mật');
  await page.locator('[data-parley="faq-helpful"]').click();

  const feedback = () => demo.agent.received.filter((w: any) => w.type === 'faq.feedback').map((w: any) => `${w.data.articleId}:${w.data.action}`);
  await waitFor(() => feedback().length >= 2, 'the viewed and helpful webhooks');
  expect(feedback()).toEqual(['password-vi:viewed', 'password-vi:helpful']);
  // The draft was answered: nothing went to the helpdesk as a chat message, and only one FAQ fetch.
  expect(demo.agent.received.filter((w: any) => w.type === 'message.created')).toHaveLength(0);
  expect(faqRequests).toHaveLength(1);
  await page.close();
});
