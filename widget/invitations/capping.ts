// What the engine remembers about a visitor across pages: visits, the current visit, and which rules
// were shown or dismissed. Kept as one small record in an injected async key-value store.
import type { Rule } from './rules.js';

/** The storage the engine needs; the widget's own store fits. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** Per rule: when it was last shown and whether the visitor dismissed it (epoch ms). */
export interface RuleMark {
  shown?: number;
  dismissed?: number;
}

export interface VisitorState {
  visits: number;
  /** Start of the current visit, last activity, pages viewed and whether the visitor chatted in it. */
  since: number;
  last: number;
  pages: number;
  chatted: boolean;
  rules: Record<string, RuleMark>;
}

export const STORE_KEY = 'invitations';
/** A visit ends after this long without activity. */
export const VISIT_GAP_MS = 30 * 60_000;

/** Reads the saved state; missing, unreadable or malformed data means a first-time visitor. */
export async function loadState(store: KeyValueStore): Promise<VisitorState> {
  let s: any;
  try {
    s = await store.get(STORE_KEY);
  } catch {
    // Blocked or broken storage only costs memory across pages; the page itself still works.
  }
  return s?.visits >= 0 && s.rules && typeof s.rules === 'object'
    ? s
    : { visits: 0, since: 0, last: 0, pages: 0, chatted: false, rules: {} };
}

/** Persists without ever rejecting or throwing: a failed write must not break the page. */
export const saveState = (store: KeyValueStore, s: VisitorState): Promise<void> =>
  // The executor runs at once, so writes keep their order; a synchronous throw becomes a rejection.
  new Promise<void>((ok) => ok(store.set(STORE_KEY, s))).catch(() => {});

/** Counts a page view, starting a new visit when the last activity is older than the gap. */
export function countPage(s: VisitorState, now: number): void {
  if (!s.visits || now - s.last > VISIT_GAP_MS) {
    s.visits++;
    s.since = now;
    s.pages = 0;
    s.chatted = false;
  }
  s.pages++;
  s.last = now;
}

/** Rule-level capping: once per visitor unless a cool-down has passed; never after a dismissal. */
export function allowed(rule: Rule, s: VisitorState, now: number): boolean {
  const m = s.rules[rule.id];
  if (!m) return true;
  if (m.dismissed) return false;
  return !m.shown || (rule.cooldownHours != null && now - m.shown >= rule.cooldownHours * 3_600_000);
}
