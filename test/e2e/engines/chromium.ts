// Chromium through playwright-core, with the machine's own Chromium (never a downloaded browser).
import { chromium, type Page } from 'playwright-core';
import { call, css, type Browser, type Engine, type Tab } from './engine.js';

/** Flags that keep Chromium off the network and working as root in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function tabOf(page: Page): Tab {
  // Playwright's CSS locators pierce open shadow roots: a part is found like any element.
  const at = (t: Parameters<Tab['click']>[0]) => page.locator(css(t)).first();
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    back: async () => void (await page.goBack()),
    url: async () => page.url(),
    click: (t) => at(t).click({ timeout: 20_000 }),
    async type(t, text, enter) {
      await at(t).fill(text, { timeout: 20_000 });
      if (enter) await at(t).press('Enter');
    },
    visible: (t) => at(t).isVisible(),
    // A string is evaluated by the driver, not by the page's eval: a strict CSP does not stop it.
    run: (fn, ...args) => page.evaluate(call(fn, args)),
    close: () => page.close(),
  };
}

export const chromiumEngine: Engine = {
  name: 'chromium',
  async launch(): Promise<Browser> {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      // Playwright turns the back/forward cache off; visitors have it on, and it is where pages freeze.
      ignoreDefaultArgs: ['--disable-back-forward-cache'],
    });
    return {
      version: `Chromium ${browser.version()}`,
      async profile() {
        const ctx = await browser.newContext();
        return {
          async tab(url) {
            const page = await ctx.newPage();
            await page.goto(url);
            return tabOf(page);
          },
          close: () => ctx.close(),
        };
      },
      close: () => browser.close(),
    };
  },
};
