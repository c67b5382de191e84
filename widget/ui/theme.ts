// The site's one theme colour turned into a palette that passes WCAG 2.2 AA whatever the colour: text
// on it is black or white by its relative luminance (whichever contrasts more), and the shades that must stand out on the panel
// are pushed toward black or white until they do. It ships to every visitor, so it stays this small;
// test/widget/theme.test.ts checks 1,000 random colours against it.

/** A colour as 0–255 red, green, blue. */
export type Rgb = number[];

/** Light or dark panel: the site's fixed choice, else the visitor's `prefers-color-scheme`. */
export type Scheme = 'light' | 'dark';

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
/** The colour a site gets when it names none (and the one an unreadable value falls back to). */
export const DEFAULT_COLOR = '#0a7cff';

/**
 * The neutral colours of each scheme, as custom properties: panel background, text, muted text,
 * the agent's bubbles, separators, the highlighted suggestion, links, form field borders (≥ 3:1), error and success text, and the
 * two tones of the focus ring (inner `fi`, outer `fo`: one of them stands out on any background).
 */
export const SCHEMES: Record<Scheme, Record<string, string>> = {
  light: { bg: '#ffffff', fg: '#1c1e21', mu: '#666666', s2: '#f0f2f5', ln: '#e4e6eb', hi: '#e8f0fe', a: '#0645ad', fl: '#8a8d91', er: '#8a1020', ok: '#1e6b34', fi: '#ffffff', fo: '#000000' },
  dark: { bg: '#18191a', fg: '#e4e6eb', mu: '#b0b3b8', s2: '#303236', ln: '#3e4042', hi: '#263850', a: '#8ab4f8', fl: '#8a8d91', er: '#ff9aa2', ok: '#7ee2a0', fi: '#000000', fo: '#ffffff' },
};

/** `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa` as channels (alpha ignored), or undefined. */
export function parseHex(color: unknown): Rgb | undefined {
  const m = typeof color === 'string' && /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i.exec(color.trim());
  if (!m) return undefined;
  const h = m[1]!.length < 6 ? m[1]!.replace(/./g, '$&$&') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
}

/** `#rrggbb` of a colour. */
export function toHex(c: Rgb): string {
  return '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** WCAG 2 relative luminance, 0 (black) to 1 (white). */
export function luminance(c: Rgb): number {
  const l = c.map((v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * l[0]! + 0.7152 * l[1]! + 0.0722 * l[2]!;
}

/** WCAG 2 contrast ratio of two colours, 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const x = luminance(a) + 0.05;
  const y = luminance(b) + 0.05;
  return x > y ? x / y : y / x;
}

/** `c` moved a share `k` (0–1) of the way to `to`. */
function mix(c: Rgb, to: Rgb, k: number): Rgb {
  return c.map((v, i) => Math.round(v + (to[i]! - v) * k));
}

/** `c`, or the nearest tenth-step shade of it toward black or white, that stands `min`:1 against `bg`. */
function standOut(c: Rgb, bg: Rgb, min: number): Rgb {
  const to = luminance(bg) > 0.18 ? BLACK : WHITE;
  let out = c;
  // At the last step `out` is black or white, at least 4.5:1 against any background: the loop ends.
  for (let i = 1; i <= 10 && contrast(out, bg) < min; i++) out = mix(c, to, i / 10);
  return out;
}

/** What the widget paints from the theme colour, for one scheme. */
export interface Palette {
  /** The theme colour: header, launcher, send button, the visitor's bubbles. */
  c: Rgb;
  /** Text and icons on it: whichever of white and black contrasts more (never below 4.58:1). */
  on: Rgb;
  /** Hover shade of `c`, moved away from `on` so text on it keeps its contrast. */
  ch: Rgb;
  /** Edge of the launcher: `c` when that already stands out on white and black pages, else `on`. */
  lr: Rgb;
  /** The theme colour where it marks a part on the panel (button edges, the chosen suggestion): ≥ 3:1. */
  e: Rgb;
}

/** The palette of a theme colour (a hex string; anything else is the default) in one scheme. */
export function palette(color: unknown, scheme: Scheme): Palette {
  const c = parseHex(color) ?? parseHex(DEFAULT_COLOR)!;
  const on = contrast(WHITE, c) >= contrast(BLACK, c) ? WHITE : BLACK;
  const s = SCHEMES[scheme];
  // The highlighted suggestion is the panel's least contrasting background, so what holds there holds on it too.
  const e = standOut(standOut(c, parseHex(s.hi)!, 3), parseHex(s.bg)!, 3);
  return { c, on, ch: mix(c, on === WHITE ? BLACK : WHITE, 0.15), lr: contrast(c, WHITE) >= 3 && contrast(c, BLACK) >= 3 ? c : on, e };
}

/** Custom properties of one scheme and theme colour. */
function vars(color: unknown, scheme: Scheme): string {
  const p = palette(color, scheme) as unknown as Record<string, Rgb>;
  const s = SCHEMES[scheme];
  return `color-scheme:${scheme};` + Object.keys(s).map((k) => `--${k}:${s[k]}`).concat(Object.keys(p).map((k) => `--${k}:${toHex(p[k]!)}`)).join(';');
}

/** The theme stylesheet: fixed to `scheme` when the site chose one, else following the visitor's setting. */
export function themeCss(color?: unknown, scheme?: unknown): string {
  if (scheme === 'light' || scheme === 'dark') return `:host{${vars(color, scheme)}}`;
  return `:host{${vars(color, 'light')}}@media (prefers-color-scheme:dark){:host{${vars(color, 'dark')}}}`;
}
