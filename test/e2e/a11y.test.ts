// WCAG 2.2 AA as a visitor's tools judge it: axe-core runs inside the widget's shadow root in real
// Chromium, in every state a visitor meets, for the default theme, a yellow and a black one, and dark
// mode. axe does not judge non-text contrast (focus ring, edges): test/widget/theme.test.ts does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useDemo, type Demo } from './browser.js';
import {
  conversation,
  faqAnswer,
  faqSuggestions,
  invitation,
  offlineFormError,
  openPanel,
  rich,
  setPresence,
  themedContext,
  visit,
} from '../../scripts/widget-states.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

let demo: Demo;
let browser: Browser;
const figures = useDemo('accessibility (axe violations per theme)', (d, b) => {
  demo = d;
  browser = b;
});

interface Found {
  violations: string[];
  /** Whether axe judged text contrast at all here: a run over nothing would pass too. */
  contrastChecked: boolean;
}

/** Runs axe over the widget's shadow root content; one line per violation and node. */
async function axe(page: Page): Promise<Found> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    const a = (window as any).axe;
    const r = await a.run({ include: [{ fromShadowDom: ['[data-parley-host]', '.root'] }] }, { runOnly: { type: 'tag', values: tags } });
    const judged = (list: any[]) => list.some((x: any) => x.id === 'color-contrast' && x.nodes.length > 0);
    return {
      violations: r.violations.flatMap((v: any) => v.nodes.map((n: any) => `${v.id} (${v.impact}) at ${n.target.flat().join(' >> ')}: ${n.failureSummary}`)),
      contrastChecked: judged(r.passes) || judged(r.violations) || judged(r.incomplete),
    };
  }, TAGS);
}

const THEMES = [
  { name: 'default theme', theme: undefined, color: undefined, colorScheme: 'light' as const },
  { name: '#ffd400', theme: { color: '#ffd400' }, color: '#ffd400', colorScheme: 'light' as const },
  { name: '#111111', theme: { color: '#111111' }, color: '#111111', colorScheme: 'light' as const },
  { name: 'dark mode', theme: undefined, color: undefined, colorScheme: 'dark' as const },
];

describe('axe-core, WCAG 2.2 AA, inside the shadow root', { timeout: 120_000 }, () => {
  for (const t of THEMES) {
    it(`${t.name}: 0 violations closed, with an invitation, open, with FAQ suggestions and an answer, in a conversation, with files, buttons and "Seen", and on the offline form with an error`, async () => {
      const ctx = await themedContext(browser, { theme: t.theme, colorScheme: t.colorScheme });
      const found: Record<string, string[]> = {};
      let judged = 0;
      const check = async (state: string) => {
        const r = await axe(page);
        found[state] = r.violations;
        if (r.contrastChecked) judged++;
      };
      const page = await visit(ctx, demo, 'en', t.color);
      try {
        await check('closed');
        await invitation(page, 'en');
        await check('invitation');
        await openPanel(page);
        await check('open');
        await faqSuggestions(page, 'en');
        await check('FAQ suggestions');
        await faqAnswer(page, 'en');
        await check('FAQ answer');
        await conversation(page, demo, 'en');
        await check('conversation');
        await rich(page, demo, 'en');
        await check('files, quick replies and seen');
        await offlineFormError(page, demo, 'en');
        await check('offline form with an error');
      } finally {
        await setPresence(demo, 1);
        await ctx.close();
      }
      figures.push(`${t.name} ${Object.values(found).flat().length} in ${Object.keys(found).length} states`);
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
      // Every state but the closed bubble (an icon, no text) has text whose contrast axe judged.
      expect(judged).toBeGreaterThanOrEqual(Object.keys(found).length - 1);
    });
  }
});
