// The agent watches the visitor's draft appear in the console as it is typed — masked — and the
// visitor sees "agent is typing…" while the agent answers. Real Chromium, relay and console.
import { expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { useDemo, waitFor, type Demo } from './browser.js';

let demo: Demo;
let browser: Browser;

useDemo('typing', (d, b) => {
  demo = d;
  browser = b;
});

it('shows the live draft in the agent console, card number masked, and the agent typing in the widget', async () => {
  const site = await browser.newPage();
  await site.goto(demo.siteUrl);
  await site.locator('[data-parley="bubble"]').click({ timeout: 20_000 });
  await expect.poll(() => site.locator('[data-parley="typing-notice"]').count(), { timeout: 10_000 }).toBe(1);
  await waitFor(() => demo.agent.received.some((w: any) => w.type === 'visitor.connected'), 'the visitor to connect');

  const agent = await browser.newPage();
  await agent.goto(demo.consolePageUrl);
  await agent.locator('[data-visitor]').first().waitFor({ timeout: 10_000 });

  const composer = site.locator('[data-parley="composer"]');
  await composer.click();
  await composer.pressSequentially('thẻ của mình 4111 1111 1111 1111 bị trừ tiền hai lần', { delay: 40 });
  const typedAt = Date.now();
  const expected = `thẻ của mình ${'•'.repeat(19)} bị trừ tiền hai lần`;
  await expect.poll(() => agent.locator('#draft').textContent(), { timeout: 10_000 }).toBe(`typing: ${expected}`);
  const latency = Date.now() - typedAt;
  console.log(`typing preview: last keystroke → draft shown in the agent console ${latency} ms`);

  const previews = demo.agent.received.filter((w: any) => w.type === 'visitor.typing').map((w: any) => w.data.preview as string);
  expect(previews.length).toBeGreaterThan(2);
  // ~50 keystrokes became a handful of webhooks, and no preview carried more than 6 digits of the card.
  expect(previews.length).toBeLessThan(25);
  for (const p of previews) expect((p.match(/\d/g) ?? []).length).toBeLessThanOrEqual(6);

  const reply = agent.locator('#text');
  await reply.click();
  await reply.pressSequentially('Mình kiểm tra', { delay: 30 });
  await site.locator('[data-parley="typing"]').waitFor({ timeout: 10_000 });

  await composer.press('Enter');
  await expect.poll(() => agent.locator('#draft').textContent(), { timeout: 10_000 }).toBe('');
  await site.close();
  await agent.close();
});
