// Proactive invitation rules (DESIGN §7 `invitations`): checked by the relay at start as part of the
// site config, and again by the widget's invitations chunk, which is why they have a file of their own
// (the chunk should not carry the rest of the config's schema).
import { LOCALES } from './locales.js';
import { array, boolean, number, object, optional, string, text, union, type Infer } from './schema.js';
import { authorSchema, partialLocalized, slug, uniqueIds } from './shapes.js';

export { slug, uniqueIds };

const atLeast0 = () => number({ min: 0 });
const patterns = () =>
  union('a non-empty string or list of strings', text(), array(text(), { min: 1 }));

/** Every condition a rule may have; unknown names are refused so a typo cannot mean "show at once". */
export const conditionsSchema = object(
  {
    timeOnPageSec: optional(atLeast0()),
    timeOnSiteSec: optional(atLeast0()),
    idleSec: optional(atLeast0()),
    pagesThisSession: optional(atLeast0()),
    scrollPercent: optional(number({ min: 0, max: 100 })),
    url: optional(patterns()),
    urlExclude: optional(patterns()),
    referrer: optional(patterns()),
    exitIntent: optional(boolean()),
    agentsOnline: optional(boolean()),
    // Exact: `false` means only while not available (nobody can answer) or while closed by the hours.
    available: optional(boolean()),
    open: optional(boolean()),
    visits: optional(
      object(
        { min: optional(atLeast0()), max: optional(atLeast0()) },
        { unknown: 'refuse', refine: (v) => (v.min !== undefined && v.max !== undefined && v.min > v.max ? 'min must not exceed max' : undefined) },
      ),
    ),
  },
  { unknown: 'refuse', noun: 'condition' },
);
export type Conditions = Infer<typeof conditionsSchema>;

const someLocaleText = partialLocalized((v) => (LOCALES.some((l) => v[l]) ? undefined : `must have a non-empty ${LOCALES.join(' or ')} text`));
/** A text as a site owner writes it: one string, or one per locale. */
export const localizedTextSchema = union(`a non-empty string or { ${LOCALES.join(', ')} }`, text(), someLocaleText);
export type LocalizedText = Infer<typeof localizedTextSchema>;

export const ruleSchema = object({
  id: slug(),
  priority: optional(number()),
  text: localizedTextSchema,
  author: optional(authorSchema),
  conditions: conditionsSchema,
  cooldownHours: optional(atLeast0()),
});
/** A proactive invitation rule (widget/invitations/rules.ts documents each condition). */
export type Rule = Infer<typeof ruleSchema>;

export const rulesSchema = array(ruleSchema, { refine: uniqueIds });
