// Launches the machine's Chromium (never a downloaded browser) for the end-to-end tests.
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemo } from '../../examples/start.mjs';
import { CHROMIUM_ARGS } from './engines/chromium.js';

/** Starts headless Chromium from /usr/bin/chromium with flags that keep it off the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Polls `check` until it returns a truthy value or the timeout passes. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export type Demo = Awaited<ReturnType<typeof startDemo>>;

/**
 * Starts the demo (relay, demo site, agent console on ports the OS picks) and Chromium for one test
 * file, hands both to `ready`, and closes them after the file, printing the figures it collected.
 */
export function useDemo(label: string, ready: (demo: Demo, browser: Browser) => void, options: Parameters<typeof startDemo>[0] = {}): string[] {
  const figures: string[] = [];
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    demo = await startDemo({ relayPort: 0, sitePort: 0, consolePort: 0, ...options });
    browser = await launchChromium();
    ready(demo, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (figures.length) console.log(`${label}: ${figures.join(', ')}`);
  });
  return figures;
}

/** Opens the chat panel as a visitor would, once the widget has restored its state (which may have it open already). */
export async function openChat(page: Page): Promise<void> {
  // `ready` fires after the cached conversation (open state included) is restored: clicking before
  // that could close a panel the restore is about to open.
  await page.evaluate(() => new Promise<void>((resolve) => (window as any).Parley('on', 'ready', resolve)));
  const composer = page.locator('[data-parley="composer"]');
  if (!(await composer.isVisible())) await page.locator('[data-parley="bubble"]').click({ timeout: 20_000 });
  await composer.waitFor({ timeout: 20_000 });
}
