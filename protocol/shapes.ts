// Small shapes several boundaries share: ids, URLs, times, an author.
import { HTTP_URL, ID_PATTERN, SHORT_MAX, URL_MAX } from './patterns.js';
import { LOCALES, type Locale, type Localized } from './locales.js';
import { literal, object, optional, string, type Field, type Infer, type Schema } from './schema.js';

/** A generated id (nanoid). */
export const id = () => string({ max: 64, pattern: ID_PATTERN, what: `an id matching ${ID_PATTERN}` });
/** An http(s) URL of at most `URL_MAX` characters. */
export const httpUrl = () => string({ max: URL_MAX, pattern: HTTP_URL, format: 'uri', what: 'an http(s) URL' });
/** An ISO-8601 time. */
export const time = () => string({ max: 64, format: 'date-time' });

export const authorSchema = object({
  name: string({ min: 1, max: SHORT_MAX, what: 'a non-empty string' }),
  avatarUrl: optional(httpUrl()),
});
/** Who wrote an agent message or invitation. */
export type Author = Infer<typeof authorSchema>;

export const fromSchema = literal('agent', 'visitor');

/** Some locales' texts, each optional (what the widget receives, what a rule may give). */
export const partialLocalized = (refine?: (v: Partial<Localized>) => string | undefined) =>
  object(Object.fromEntries(LOCALES.map((l) => [l, optional(string())])) as Record<Locale, Field<Schema<string>> & { optional: true }>, { refine });
