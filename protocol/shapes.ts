// Small shapes several boundaries share: ids, URLs, times, an author. Marked pure so that a bundle
// which uses one of them does not carry the others.
import { HTTP_URL, ID_PATTERN, SHORT_MAX, SLUG_PATTERN, URL_MAX } from './patterns.js';
import { LOCALES, type Locale, type Localized } from './locales.js';
import { literal, object, optional, string, type Field, type Infer, type Schema } from './schema.js';

/** A generated id (nanoid). */
export const id = () => string({ max: 64, pattern: ID_PATTERN, what: `an id matching ${ID_PATTERN}` });
/** An http(s) URL of at most `URL_MAX` characters. */
export const httpUrl = () => string({ max: URL_MAX, pattern: HTTP_URL, format: 'uri', what: 'an http(s) URL' });
/** An ISO-8601 time. */
export const time = () => string({ max: 64, format: 'date-time' });

export const authorSchema = /* @__PURE__ */ object({
  name: string({ min: 1, max: SHORT_MAX, what: 'a non-empty string' }),
  avatarUrl: optional(httpUrl()),
});
/** Who wrote an agent message or invitation. */
export type Author = Infer<typeof authorSchema>;

/**
 * An author as a visitor receives it (frames, a helpdesk's catch-up): the widget loads only http(s)
 * avatars, so a bad avatar costs the picture, never the message.
 */
export const shownAuthorSchema = /* @__PURE__ */ object({
  name: string({ min: 1, max: SHORT_MAX, what: 'a non-empty string' }),
  avatarUrl: optional(string({ max: URL_MAX })),
});

export const fromSchema = /* @__PURE__ */ literal('agent', 'visitor');

/** Some locales' texts, each optional (what the widget receives, what a rule may give). */
export const partialLocalized = (refine?: (v: Partial<Localized>) => string | undefined) =>
  object(Object.fromEntries(LOCALES.map((l) => [l, optional(string())])) as Record<Locale, Field<Schema<string>> & { optional: true }>, { refine });

/** An id a site owner writes: 1–64 letters, digits, `_` or `-`. */
export const slug = () => string({ pattern: SLUG_PATTERN, what: '1-64 letters, digits, _ or -' });

/** A list's refinement: no two entries share an id. */
export const uniqueIds = (items: { id: string }[]) => {
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const id = items[i]!.id;
    if (seen.has(id)) return { at: `[${i}].id`, message: `duplicates an earlier entry "${id}"` };
    seen.add(id);
  }
  return undefined;
};
