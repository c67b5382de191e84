// WebKitGTK, Safari's engine, through its own WebDriver (WebKitWebDriver) and selenium-webdriver.
// We start the driver ourselves and connect with `usingServer`, so nothing tries to download one;
// its browser is WebKitGTK's MiniBrowser in automation mode, drawn on an Xvfb display we start too.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Builder, Key, type WebDriver, type WebElement } from 'selenium-webdriver';
import { freePort } from '../../free-port.js';
import { call, css, type Browser, type Engine, type Tab, type Target } from './engine.js';

const MINIBROWSER = ['webkit2gtk-4.1', 'webkit2gtk-4.0'].map((v) => `/usr/lib/x86_64-linux-gnu/${v}/MiniBrowser`);

/** Starts Xvfb on a display it picks itself (`-displayfd`), so parallel runs never collide. */
async function startXvfb(): Promise<{ display: string; proc: ChildProcess }> {
  const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  const display = await new Promise<string>((resolve, reject) => {
    proc.once('error', (e) => reject(new Error(`cannot start Xvfb (Debian package xvfb): ${e.message}`)));
    proc.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${err.trim()}`)));
    proc.stdio[3]!.once('data', (d) => resolve(`:${String(d).trim()}`));
  });
  return { display, proc };
}

/** Starts WebKitWebDriver on a free port and waits until it answers. */
async function startDriver(display: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn('WebKitWebDriver', [`--port=${port}`], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => proc.once('error', (e) => reject(new Error(`cannot start WebKitWebDriver (Debian package webkit2gtk-driver): ${e.message}`))));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 15_000;
  for (;;) {
    const up = await Promise.race([fetch(`${url}/status`).then((r) => r.ok, () => false), failed]);
    if (up) return { url, proc };
    if (Date.now() > end) throw new Error('WebKitWebDriver did not answer within 15 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `op`, or a clear error naming `what` when the driver has not answered in 30 s (a hung command would otherwise eat the whole test's time). */
function within<T>(what: string, op: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`WebKitWebDriver did not answer "${what}" within 30 s`)), 30_000)));
  return Promise.race([op, late]).finally(() => clearTimeout(timer));
}

/** The element a target names; parts are found inside the widget's shadow root. */
function find(driver: WebDriver, t: Target): Promise<WebElement | null> {
  return driver.executeScript(
    `const sel = arguments[0], part = arguments[1];
     if (!part) return document.querySelector(sel);
     for (const el of document.querySelectorAll('*')) if (el.shadowRoot) { const f = el.shadowRoot.querySelector(sel); if (f) return f; }
     return null;`,
    css(t),
    'part' in t,
  );
}

/** Waits until the target is there and shown (WebDriver refuses to click what a visitor cannot). */
async function shown(driver: WebDriver, t: Target): Promise<WebElement> {
  const end = Date.now() + 20_000;
  for (;;) {
    const el = await find(driver, t);
    if (el && (await el.isDisplayed().catch(() => false))) return el;
    if (Date.now() > end) throw new Error(`${css(t)} did not show within 20 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const webkitEngine: Engine = {
  name: 'webkit',
  async launch(): Promise<Browser> {
    const binary = MINIBROWSER.find((p) => existsSync(p));
    if (!binary) throw new Error("WebKitGTK's MiniBrowser is missing (Debian package webkit2gtk-driver brings it)");
    const xvfb = await startXvfb();
    const server = await startDriver(xvfb.display).catch((e) => {
      xvfb.proc.kill();
      throw e;
    });
    let version = 'WebKitGTK';
    const stop = () => {
      server.proc.kill();
      xvfb.proc.kill();
    };
    return {
      get version() {
        return version;
      },
      async profile() {
        // One session is one MiniBrowser with its own ephemeral storage: a fresh profile.
        const driver = await new Builder()
          .usingServer(server.url)
          .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary, args: ['--automation'] } })
          .build();
        const caps = await driver.getCapabilities();
        version = `WebKitGTK ${caps.get('browserVersion') ?? ''}`.trim();
        await driver.manage().window().setRect({ width: 1280, height: 720 });
        // A hung load or script fails the story with the driver's message instead of its whole timeout.
        await driver.manage().setTimeouts({ pageLoad: 30_000, script: 30_000 });
        let current = await driver.getWindowHandle();
        let first = true;
        const tabOf = (handle: string): Tab => {
          // WebDriver drives one window at a time: each call first makes this tab the current one.
          const on = async () => {
            if (current !== handle) await driver.switchTo().window(handle);
            current = handle;
            return driver;
          };
          const tab: Tab = {
            goto: async (url) => void (await (await on()).get(url)),
            reload: async () => void (await (await on()).navigate().refresh()),
            back: async () => void (await (await on()).navigate().back()),
            url: async () => (await on()).getCurrentUrl(),
            click: async (t) => (await shown(await on(), t)).click(),
            async type(t, text, enter) {
              const el = await shown(await on(), t);
              await el.clear();
              await el.sendKeys(text, ...(enter ? [Key.ENTER] : []));
            },
            async visible(t) {
              const el = await find(await on(), t);
              return !!el && (await el.isDisplayed().catch(() => false));
            },
            run: async (fn, ...args) => (await on()).executeScript(`return ${call(fn, args)}`),
            async close() {
              await on();
              await driver.close();
              const rest = await driver.getAllWindowHandles();
              if (rest[0]) await driver.switchTo().window((current = rest[0]));
            },
          };
          // Every step bounded, named in the error: which command hung is what a failure must say.
          const bounded = {} as Record<string, unknown>;
          for (const [name, op] of Object.entries(tab)) bounded[name] = (...a: unknown[]) => within(name, (op as (...x: unknown[]) => Promise<unknown>)(...a));
          return bounded as unknown as Tab;
        };
        return {
          async tab(url) {
            if (!first) {
              await driver.switchTo().newWindow('tab');
              current = await driver.getWindowHandle();
            }
            first = false;
            const tab = tabOf(current);
            await tab.goto(url);
            return tab;
          },
          close: () => driver.quit(),
        };
      },
      async close() {
        stop();
      },
    };
  },
};
