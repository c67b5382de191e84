// The one list of supported locales: adding one is adding it here and its strings in the widget
// (widget/i18n.ts's table is typed by this list, so a missing table fails the typecheck).

/** Each supported locale and the BCP 47 tag its dates and times are formatted with. */
export const LOCALE_TAGS = { vi: 'vi-VN', en: 'en-US' } as const;
/** A supported locale (`vi`, `en`). */
export type Locale = keyof typeof LOCALE_TAGS;
export const LOCALES = Object.keys(LOCALE_TAGS) as Locale[];

/** A text in every supported locale (site config texts, notices). */
export type Localized = Record<Locale, string>;

/** The supported locale a language tag names ("vi-VN", "en_GB" → "vi", "en"), or undefined. */
export function toLocale(tag: unknown): Locale | undefined {
  if (typeof tag !== 'string') return undefined;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((l) => l === base);
}
