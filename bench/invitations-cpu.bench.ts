// Main-thread cost of evaluating invitation rules, in Chromium on the demo's /pricing page: script and
// task time from the DevTools Performance domain, over a window of idling and one of steady wheel
// scrolling, with ten rules that never match (so they are evaluated the whole time) and with none.
// Printed as main-thread ms per minute. Needs `npm run build` first (bench/run.mjs does it via npm).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/browser.js';

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS) || 15_000;
const NEVER = 86_400;

// Every kind of condition, each rule held back by one that cannot hold during the run.
const RULES = [
  { id: 'pricing-late', text: 'a', conditions: { url: '/pricing', scrollPercent: 50, timeOnPageSec: NEVER } },
  { id: 'deep', text: 'b', conditions: { scrollPercent: 100, url: '/nowhere' } },
  { id: 'leaving', text: 'c', conditions: { exitIntent: true, url: '/nowhere' } },
  { id: 'idle', text: 'd', conditions: { idleSec: NEVER } },
  { id: 'site', text: 'e', conditions: { timeOnSiteSec: NEVER } },
  { id: 'glob', text: 'f', conditions: { url: ['/products/*', '*checkout*'] } },
  { id: 'regular', text: 'g', conditions: { visits: { min: 50 } } },
  { id: 'explorer', text: 'h', conditions: { pagesThisSession: 40 } },
  { id: 'google', text: 'i', conditions: { referrer: '*google.*' } },
  { id: 'live', text: 'j', conditions: { agentsOnline: true, urlExclude: '/pricing' } },
];

type Metrics = Record<string, number>;

// One session per page, enabled once: enabling again restarts the counters.
const sessions = new WeakMap<Page, CDPSession>();

async function metrics(page: Page): Promise<Metrics> {
  let cdp = sessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    sessions.set(page, cdp);
  }
  const r = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(r.metrics.map((m) => [m.name, m.value]));
}

/** Main-thread ms per minute (script, all tasks) spent while `during` runs for WINDOW_MS. */
async function measure(page: Page, during: (end: number) => Promise<void>): Promise<{ script: number; task: number }> {
  const a = await metrics(page);
  const t0 = Date.now();
  await during(t0 + WINDOW_MS);
  const el = Date.now() - t0;
  const b = await metrics(page);
  const perMin = (k: string) => ((b[k]! - a[k]!) * 1000 * 60_000) / el;
  return { script: perMin('ScriptDuration'), task: perMin('TaskDuration') };
}

const idle = (end: number) => new Promise<void>((r) => setTimeout(r, end - Date.now()));

// Steady wheel input, down then up, ~30 events a second: a visitor reading and skimming.
async function scrolling(page: Page, end: number): Promise<void> {
  await page.mouse.move(300, 300);
  await page.evaluate(() => {
    const w = window as unknown as { __scrolls: number };
    w.__scrolls = 0;
    addEventListener('scroll', () => w.__scrolls++, { passive: true });
  });
  for (let i = 0; Date.now() < end; i++) {
    await page.mouse.wheel(0, Math.floor(i / 10) % 2 ? -120 : 120);
    await new Promise((r) => setTimeout(r, 33));
  }
  scrollEvents = await page.evaluate(() => (window as unknown as { __scrolls: number }).__scrolls);
}
let scrollEvents = 0;

async function run(browser: Browser, rules: unknown[]): Promise<Record<string, { script: number; task: number }>> {
  const start = (await import(pathToFileURL(resolve('examples/start.mjs')).href)) as typeof import('../examples/start.mjs');
  const demo = await start.startDemo({ relayPort: 0, sitePort: 0, consolePort: 0, tweak: (c: any) => void (c.sites[0].invitations = rules) });
  try {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(demo.siteUrl + '/pricing.html');
    await page.locator('[data-parley="bubble"]').waitFor({ timeout: 20_000 });
    // Let startup (config fetch, engine start, socket) settle: only steady state is measured.
    await new Promise((r) => setTimeout(r, 1500));
    const out = { idle: await measure(page, idle), scrolling: await measure(page, (end) => scrolling(page, end)) };
    console.log(`${rules.length} rules: ${scrollEvents} scroll events in the scrolling window`);
    if (await page.locator('[data-parley="teaser"]').count()) throw new Error('a rule matched: the run did not measure evaluation');
    await ctx.close();
    return out;
  } finally {
    await demo.close();
  }
}

const browser = await launchChromium();
try {
  const withRules = await run(browser, RULES);
  const without = await run(browser, []);
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(`window ${WINDOW_MS / 1000} s per measurement, extrapolated to one minute; main-thread ms/min (script | all tasks)`);
  for (const k of ['idle', 'scrolling'] as const) {
    const w = withRules[k]!;
    const o = without[k]!;
    console.log(`${k.padEnd(9)} ${RULES.length} rules: ${f(w.script)} | ${f(w.task)}   no rules: ${f(o.script)} | ${f(o.task)}   difference: ${f(w.script - o.script)} | ${f(w.task - o.task)}`);
  }
} finally {
  await browser.close();
}
