// Any site colour gives a readable widget: axe judges text contrast on a few themes in a browser
// (test/e2e/a11y.test.ts), this checks the colour maths itself on 1,000 random theme colours in both
// schemes, text against what it sits on (≥ 4.5:1) and the parts that must be seen (≥ 3:1).
import { describe, expect, it } from 'vitest';
import { contrast, palette, parseHex, SCHEMES, themeCss, toHex, type Scheme } from '../../widget/ui/theme.js';

/** mulberry32: a small seeded generator, so a failure names a colour that fails again. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];
const rnd = seeded(13);
// Random channels, plus the colours the issue names and the extremes.
const colors = ['#0a7cff', '#ffd400', '#111111', '#ffffff', '#000000', '#777777', '#767676', '#ff0000', '#00ff00'].concat(
  Array.from({ length: 1000 }, () => toHex([0, 0, 0].map(() => Math.floor(rnd() * 256)))),
);
const schemes: Scheme[] = ['light', 'dark'];
const neutral = (s: Scheme, k: string) => parseHex(SCHEMES[s][k])!;

describe('theme colours', () => {
  it('1,000 random theme colours: text ≥ 4.5:1, launcher, edges, borders and focus ring ≥ 3:1 on what they sit on', () => {
    const worst: Record<string, { ratio: number; color: string }> = {};
    const check = (what: string, color: string, ratio: number, min: number) => {
      if (!worst[what] || ratio < worst[what]!.ratio) worst[what] = { ratio, color };
      expect(ratio, `${what} for theme ${color}`).toBeGreaterThanOrEqual(min);
    };
    for (const color of colors) {
      for (const s of schemes) {
        const p = palette(color, s);
        const bg = neutral(s, 'bg');
        const hi = neutral(s, 'hi');
        // Header title and presence, send button, visitor bubbles, launcher icon, avatar letter: on the theme colour and its hover shade.
        check('text on the theme colour', color, contrast(p.on, p.c), 4.5);
        check('text on the hover shade', color, contrast(p.on, p.ch), 4.5);
        // The launcher sits on the site's page: its fill or its edge stands out on light and dark pages.
        for (const page of [WHITE, BLACK]) check('launcher on the page', color, Math.max(contrast(p.c, page), contrast(p.lr, page)), 3);
        // Button edges and the chosen suggestion's bar, on the panel and on the highlighted row.
        check('theme edge on the panel', color, contrast(p.e, bg), 3);
        check('theme edge on the highlighted row', color, contrast(p.e, hi), 3);
        // The focus ring's two bands: each surface it can be drawn on has one band that stands out.
        const fi = neutral(s, 'fi');
        const fo = neutral(s, 'fo');
        check('focus ring bands to each other', color, contrast(fi, fo), 3);
        for (const surface of [bg, hi, neutral(s, 's2'), p.c, p.ch, WHITE, BLACK]) {
          check('focus ring on its surface', color, Math.max(contrast(fo, surface), contrast(fi, surface)), 3);
        }
      }
    }
    // The neutrals do not depend on the theme colour: text and field borders on the panel's surfaces.
    for (const s of schemes) {
      const n = (k: string) => neutral(s, k);
      for (const [fg, on] of [['fg', 'bg'], ['fg', 's2'], ['fg', 'hi'], ['mu', 'bg'], ['a', 'bg'], ['a', 's2'], ['er', 'bg'], ['ok', 'bg']] as const) {
        check(`${s} ${fg} text on ${on}`, '-', contrast(n(fg), n(on)), 4.5);
      }
      check(`${s} field border on the panel`, '-', contrast(n('fl'), n('bg')), 3);
    }
    console.log(
      `theme contrast, worst of ${colors.length} colours × 2 schemes: ` +
        Object.entries(worst)
          .map(([k, v]) => `${k} ${v.ratio.toFixed(2)}:1${v.color === '-' ? '' : ` (${v.color})`}`)
          .join(', '),
    );
  });

  it('text on a theme colour is white or black, whichever contrasts more', () => {
    expect(palette('#111111', 'light').on).toEqual(WHITE);
    expect(palette('#ffd400', 'light').on).toEqual(BLACK);
    // White on the default blue is 3.93:1: black (5.34:1) it is.
    expect(contrast(WHITE, parseHex('#0a7cff')!)).toBeLessThan(4.5);
    expect(palette('#0a7cff', 'light').on).toEqual(BLACK);
  });

  it('reads #rgb, #rgba, #rrggbb and #rrggbbaa; anything else is the default colour, never CSS', () => {
    expect(parseHex('#fd0')).toEqual([255, 221, 0]);
    expect(parseHex('#fd08')).toEqual([255, 221, 0]);
    expect(parseHex(' #FFD400 ')).toEqual([255, 212, 0]);
    expect(parseHex('#ffd40080')).toEqual([255, 212, 0]);
    for (const bad of ['red', '#ggg', 'red;}:host{x:url(y)', '#12345', undefined, 12]) {
      expect(palette(bad, 'light')).toEqual(palette('#0a7cff', 'light'));
      expect(themeCss(bad)).not.toMatch(/url|red|\}\s*:host\{x/);
    }
  });

  it("follows the visitor's colour scheme unless the site fixes one", () => {
    expect(themeCss('#ffd400')).toContain('@media (prefers-color-scheme:dark)');
    for (const s of schemes) {
      const css = themeCss('#ffd400', s);
      expect(css).not.toContain('@media');
      expect(css).toContain(`color-scheme:${s}`);
      expect(css).toContain(`--bg:${SCHEMES[s].bg}`);
    }
  });
});
