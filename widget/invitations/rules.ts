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

export type LocalizedText = string | { en?: string; vi?: string };

export interface RuleAuthor {
  name: string;
  avatarUrl?: string;
}

export interface Conditions {
  timeOnPageSec?: number;
  timeOnSiteSec?: number;
  url?: string | string[];
  urlExclude?: string | string[];
  scrollPercent?: number;
  exitIntent?: boolean;
  visits?: { min?: number; max?: number };
  idleSec?: number;
  pagesThisSession?: number;
  referrer?: string | string[];
  agentsOnline?: boolean;
}

export interface Rule {
  id: string;
  priority?: number;
  text: LocalizedText;
  author?: RuleAuthor;
  conditions: Conditions;
  cooldownHours?: number;
}

/** Why one rule was skipped: `field` is a path inside the rule, e.g. `conditions.scrollPercent`. */
export interface RuleError {
  index: number;
  id?: string;
  field: string;
  message: string;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isNum = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v < Infinity;

// Value kinds: how to recognise each, and how the error message describes it.
const KINDS = {
  n: [isNum, 'a number >= 0'],
  f: [(v: unknown) => Number.isFinite(v), 'a number'],
  '%': [(v: unknown) => isNum(v) && v <= 100, 'a number from 0 to 100'],
  b: [(v: unknown) => typeof v === 'boolean', 'true or false'],
  s: [isStr, 'a non-empty string'],
  p: [(v: unknown) => isStr(v) || (Array.isArray(v) && v.length > 0 && v.every(isStr)), 'a non-empty string or list of strings'],
  t: [(v: unknown) => isStr(v) || (isObj(v) && Object.values(v).some(isStr)), 'a non-empty string or { en, vi }'],
  u: [(v: unknown) => /^https?:\/\//i.test(v as string), 'an http(s) URL'],
  o: [isObj, 'an object'],
} as const satisfies Record<string, readonly [(v: unknown) => boolean, string]>;
type Kind = keyof typeof KINDS;

/** Every known condition and the kind of value it takes (evaluation is driven by the same table). */
export const CONDITIONS: Record<string, Kind> = {
  timeOnPageSec: 'n',
  timeOnSiteSec: 'n',
  idleSec: 'n',
  pagesThisSession: 'n',
  scrollPercent: '%',
  url: 'p',
  urlExclude: 'p',
  referrer: 'p',
  exitIntent: 'b',
  agentsOnline: 'b',
  visits: 'o',
};

type Problem = [field: string, message: string] | undefined | false;

// The first problem of a rule as [field, message], or nothing when the rule is usable.
function problem(r: any, seen: Set<string>): Problem {
  // `optional`: undefined is fine; anything else must be of the kind.
  const need = (v: unknown, k: Kind, field: string, optional?: 1): Problem =>
    !(optional && v === undefined) && !KINDS[k][0](v) && [field, 'must be ' + KINDS[k][1]];
  const c = r?.conditions;
  const v = c?.visits;
  return (
    need(r, 'o', '') ||
    need(r.id, 's', 'id') ||
    (seen.has(r.id) && ['id', 'duplicates an earlier rule']) ||
    need(r.priority, 'f', 'priority', 1) ||
    need(r.text, 't', 'text') ||
    need(r.author, 'o', 'author', 1) ||
    (r.author && (need(r.author.name, 's', 'author.name') || need(r.author.avatarUrl, 'u', 'author.avatarUrl', 1))) ||
    need(r.cooldownHours, 'n', 'cooldownHours', 1) ||
    need(c, 'o', 'conditions') ||
    Object.keys(c).reduce<Problem>(
      (p, k) =>
        p || (CONDITIONS[k] ? need(c[k], CONDITIONS[k]!, 'conditions.' + k, 1) : ['conditions.' + k, 'is not a known condition']),
      undefined,
    ) ||
    (v &&
      (need(v.min, 'n', 'conditions.visits.min', 1) ||
        need(v.max, 'n', 'conditions.visits.max', 1) ||
        (v.min > v.max && ['conditions.visits', 'min must not exceed max'])))
  );
}

/** Splits a served rule list into usable rules and one error per skipped rule; never throws. */
export function validateRules(input: unknown): { rules: Rule[]; errors: RuleError[] } {
  const rules: Rule[] = [];
  const errors: RuleError[] = [];
  const seen = new Set<string>();
  if (input != null && !Array.isArray(input)) errors.push({ index: -1, field: 'invitations', message: 'invitations: must be a list of rules' });
  else
    input?.forEach((r, index) => {
      const p = problem(r, seen);
      if (p) errors.push({ index, id: isStr(r?.id) ? r.id : undefined, field: p[0], message: `invitations[${index}]${p[0] && '.' + p[0]}: ${p[1]}` });
      else rules.push(r), seen.add(r.id);
    });
  return { rules, errors };
}
