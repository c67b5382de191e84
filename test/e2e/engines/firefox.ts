// Firefox ESR through puppeteer-core over WebDriver BiDi, with the machine's own Firefox.
import puppeteer, { type Page } from 'puppeteer-core';
import { call, css, type Browser, type Engine, type Tab } from './engine.js';

function tabOf(page: Page): Tab {
  // `pierce/` looks inside open shadow roots, where the widget lives.
  const sel = (t: Parameters<Tab['click']>[0]) => ('part' in t ? `pierce/${css(t)}` : css(t));
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    back: async () => void (await page.goBack()),
    url: async () => page.url(),
    click: (t) => page.locator(sel(t)).setTimeout(20_000).click(),
    async type(t, text, enter) {
      await page.locator(sel(t)).setTimeout(20_000).fill(text);
      if (enter) {
        const el = await page.waitForSelector(sel(t), { timeout: 20_000 });
        await el!.press('Enter');
        await el!.dispose();
      }
    },
    async visible(t) {
      const el = await page.$(sel(t));
      if (!el) return false;
      const shown = await el.isVisible();
      await el.dispose();
      return shown;
    },
    run: (fn, ...args) => page.evaluate(call(fn, args)) as Promise<any>,
    close: () => page.close(),
  };
}

export const firefoxEngine: Engine = {
  name: 'firefox',
  async launch(): Promise<Browser> {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
      headless: true,
      protocol: 'webDriverBiDi',
      defaultViewport: { width: 1280, height: 720 },
    });
    return {
      version: `Firefox ${(await browser.version()).replace(/^firefox\//i, '')}`,
      async profile() {
        const ctx = await browser.createBrowserContext();
        return {
          async tab(url) {
            const page = await ctx.newPage();
            await page.setViewport({ width: 1280, height: 720 });
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
