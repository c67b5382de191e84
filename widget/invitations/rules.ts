/**
 * Proactive invitation rules, served in the site's widget-config as `invitations: Rule[]` and evaluated
 * in the visitor's browser (no server round trip).
 *
 * ```ts
 * interface Rule {
 *   id: string;                 // stable id, sent back as ruleId
 *   priority?: number;          // higher wins when several match at once (default 0; ties: first listed)
 *   text: string | { en?: string; vi?: string };   // localised message
 *   author?: { name: string; avatarUrl?: string };  // avatarUrl: http(s) only
 *   conditions: {               // all present conditions must hold (AND); {} = as soon as possible
 *     timeOnPageSec?: number;   // seconds on this page >= N
 *     timeOnSiteSec?: number;   // seconds since this visit started (persisted across pages) >= N
 *     url?: string | string[];  // pathname+search contains it, or glob when it has '*'; any of the list
 *     urlExclude?: string | string[];   // same matching; none of the list may match
 *     scrollPercent?: number;   // deepest scroll reached on this page >= N (0–100)
 *     exitIntent?: boolean;     // true: at the moment the visitor seems to leave (see below)
 *     visits?: { min?: number; max?: number };   // visit count, inclusive bounds
 *     idleSec?: number;         // no pointer, key, touch or scroll input for N seconds
 *     pagesThisSession?: number;// pages viewed in this visit >= N
 *     referrer?: string | string[];      // document.referrer, same matching as url
 *     agentsOnline?: boolean;   // true: only while at least one agent is online
 *     available?: boolean;      // true: only while open and an agent is online; false: only while not
 *     open?: boolean;           // true: only within the site's hours; false: only outside them
 *   };
 *   cooldownHours?: number;     // may show again this long after it was shown (default: once per visitor)
 * }
 * ```
 *
 * Matching is case-insensitive. A pattern without '*' matches anywhere inside the string
 * ("pricing" matches "/en/pricing?plan=pro"). With '*' it is a glob over the whole string, '*' standing
 * for any run of characters; for `url` the query string may be left out ("/products/*", "*pricing").
 *
 * Examples, one per condition:
 * ```json
 * { "id": "linger",   "text": "Need a hand?",              "conditions": { "timeOnPageSec": 30 } }
 * { "id": "browsing", "text": "Looking for something?",    "conditions": { "timeOnSiteSec": 120 } }
 * { "id": "pricing",  "text": {"en": "Questions about plans?", "vi": "Bạn cần tư vấn gói nào?"},
 *   "conditions": { "url": ["/pricing", "/products/*"] } }
 * { "id": "not-blog", "text": "Chat with us",              "conditions": { "urlExclude": "/blog" } }
 * { "id": "reader",   "text": "Enjoying the article?",     "conditions": { "scrollPercent": 75 } }
 * { "id": "leaving",  "text": "Before you go: 10% off?",   "conditions": { "exitIntent": true } }
 * { "id": "welcome",  "text": "Welcome! First time here?", "conditions": { "visits": { "max": 1 } } }
 * { "id": "regular",  "text": "Good to see you again",     "conditions": { "visits": { "min": 3 } } }
 * { "id": "stuck",    "text": "Stuck? We can help.",       "conditions": { "idleSec": 45 } }
 * { "id": "explorer", "text": "Can we point you somewhere?", "conditions": { "pagesThisSession": 4 } }
 * { "id": "google",   "text": "Found us on Google?",       "conditions": { "referrer": "*google.*" } }
 * { "id": "live",     "text": "We're online now!",         "conditions": { "agentsOnline": true },
 *   "author": { "name": "Linh", "avatarUrl": "https://shop.example/linh.png" }, "cooldownHours": 24 }
 * ```
 *
 * Capping: a rule shows once per visitor unless it has `cooldownHours`; a rule the visitor dismissed
 * never shows again; nothing shows while the chat panel is open, after the visitor chatted in this
 * visit, while the page is hidden, or while another invitation is still on screen. A visit ends after
 * 30 minutes without a page view or scroll.
 *
 * exitIntent: on desktop the pointer leaving the page through its top edge; on touch devices a fast
 * scroll up (at least 150 px at 1 px/ms or faster). `false` (like a missing condition) places no demand.
 *
 * A rule that breaks the schema is skipped and reported (`RuleError`, naming the field); unknown
 * condition names are refused rather than ignored, so a typo cannot turn a rule into "show at once".
 */

import { conditionsSchema, ruleSchema, type Rule } from '../../protocol/rules.js';
import { fits } from '../../protocol/schema.js';

export type { Conditions, LocalizedText, Rule } from '../../protocol/rules.js';
export type { Author as RuleAuthor } from '../../protocol/shapes.js';

/** Why one rule was skipped: `field` is a path inside the rule, e.g. `conditions.scrollPercent`. */
export interface RuleError {
  index: number;
  id?: string;
  field: string;
  message: string;
}

/** How a condition is evaluated, from the kind of value its schema takes. */
export type ConditionKind = 'number' | 'patterns' | 'boolean' | 'range';
const KIND_OF = { number: 'number', union: 'patterns', boolean: 'boolean', object: 'range' } as const;

/** The kind of every known condition, read off the one schema (evaluation is driven by it). */
export function conditionKind(name: string): ConditionKind | undefined {
  const f = Object.prototype.hasOwnProperty.call(conditionsSchema.fields, name) ? conditionsSchema.fields[name] : undefined;
  return f && KIND_OF[f.schema.kind as keyof typeof KIND_OF];
}

/**
 * Splits a served rule list into usable rules and one error per skipped rule; never throws. The relay
 * has already refused a bad rule at start, naming its field; this only guards against a config cached
 * from elsewhere, so it says which rule, not which field (the field-naming check stays on the server).
 */
export function validateRules(input: unknown): { rules: Rule[]; errors: RuleError[] } {
  const rules: Rule[] = [];
  const errors: RuleError[] = [];
  const seen = new Set<string>();
  if (input != null && !Array.isArray(input)) errors.push({ index: -1, field: 'invitations', message: 'invitations: must be a list of rules' });
  else
    input?.forEach((r: unknown, index) => {
      const id = (r as { id?: unknown } | null)?.id;
      const ok = fits(ruleSchema, r);
      const dup = ok && seen.has(id as string);
      if (ok && !dup) return rules.push(r as Rule), seen.add(id as string);
      const field = dup ? 'id' : '';
      errors.push({
        index,
        id: typeof id === 'string' && id ? id : undefined,
        field,
        message: `invitations[${index}]${dup ? '.id: duplicates an earlier rule' : ': does not fit the rule schema'}`,
      });
    });
  return { rules, errors };
}
