// Pure evaluation of rule conditions against a snapshot of facts: no clock, no DOM, no storage.
import { conditionKind, type Rule } from './rules.js';

/** Everything a condition can look at, gathered at one instant. */
export interface Facts {
  timeOnPageSec: number;
  timeOnSiteSec: number;
  url: string;
  referrer: string;
  scrollPercent: number;
  exitIntent: boolean;
  visits: number;
  idleSec: number;
  pagesThisSession: number;
  agentsOnline: number;
  /** The site is within its hours (DESIGN §8); available is open and an agent online. */
  open: boolean;
}

const TIMED = ['timeOnPageSec', 'timeOnSiteSec', 'idleSec'] as const;

/** Substring match, or a whole-string glob when the pattern has '*'; case-insensitive. */
export function matchUrl(pattern: string, url: string): boolean {
  const p = pattern.toLowerCase();
  const u = url.toLowerCase();
  if (!p.includes('*')) return u.includes(p);
  const re = new RegExp('^' + p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  // A path glob such as "/products/*" or "*pricing" should not fail because of a query string.
  return re.test(u) || re.test(u.split('?')[0]!);
}

const some = (p: string | string[], s: string) => ([] as string[]).concat(p).some((x) => matchUrl(x, s));

/** True when every condition present in the rule holds for these facts. */
export function evaluate(rule: Rule, f: Facts): boolean {
  const facts = f as unknown as Record<string, number>;
  const c = rule.conditions as Record<string, any>;
  return Object.keys(c).every((k) => {
    const v = c[k];
    const kind = conditionKind(k);
    return (
      v == null ||
      (kind === 'patterns'
        ? some(v, k === 'referrer' ? f.referrer : f.url) !== (k === 'urlExclude')
        : kind === 'boolean'
          ? // `available` and `open` match either way ("only while closed"); the others only when true.
            k === 'open' ? v === f.open : k === 'available' ? v === (f.open && f.agentsOnline > 0) : !v || facts[k]! > 0
          : kind === 'range'
            ? f.visits >= (v.min ?? 0) && f.visits <= (v.max ?? Infinity)
            : facts[k]! >= v)
    );
  });
}

/**
 * Milliseconds until the rule could match by time alone: 0 if it matches now, Infinity if something
 * other than the passing of time (a scroll, an exit, a page change) must happen first.
 */
export function waitMs(rule: Rule, f: Facts): number {
  if (!evaluate(rule, { ...f, timeOnPageSec: Infinity, timeOnSiteSec: Infinity, idleSec: Infinity })) return Infinity;
  return Math.max(0, ...TIMED.map((k) => Math.ceil(((rule.conditions[k] ?? 0) - f[k]) * 1000)));
}
