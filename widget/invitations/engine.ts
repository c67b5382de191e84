// Ties rules, page signals and capping together and decides when an invitation shows. It looks again
// only when something relevant happens, or once a pending time condition is due (never within 1 s).
import { nanoid } from 'nanoid';
import { allowed, countPage, loadState, saveState, type KeyValueStore, type VisitorState } from './capping.js';
import { waitMs } from './conditions.js';
import { validateRules, type LocalizedText, type Rule, type RuleAuthor, type RuleError } from './rules.js';
import { createSignals, type DocumentLike, type Signals, type WindowLike } from './signals.js';

/** What `onShow` receives; `id` is fresh for every showing, `ruleId` names the rule. */
export interface Invitation {
  id: string;
  ruleId: string;
  text: string;
  author?: RuleAuthor;
}

export interface InvitationEngineOptions {
  /** The site's `invitations` list as served; bad rules are skipped and reported through `onError`. */
  rules: unknown;
  store: KeyValueStore;
  onShow: (invitation: Invitation) => void;
  onError?: (error: RuleError) => void;
  locale?: string;
  agentsOnline?: number;
  /** Within the site's hours; true when the site has none. */
  open?: boolean;
  win?: WindowLike;
  doc?: DocumentLike;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  newId?: () => string;
  /** Force touch (fast scroll up) or desktop (pointer leaves) exit intent; default: detect. */
  touch?: boolean;
}

export interface InvitationEngine {
  /** Loads the visitor's history, counts this page view and starts watching. */
  start(): Promise<void>;
  /** Removes every listener and timer. */
  stop(): void;
  setAgentsOnline(n: number): void;
  /** Whether the site is within its hours, for the `open` and `available` conditions. */
  setOpen(open: boolean): void;
  setPanelOpen(open: boolean): void;
  /** The visitor sent a message: no more invitations in this visit. */
  markChatted(): void;
  /** The visitor closed invitation `id` (or the one of rule `id`); that rule never shows again. */
  dismiss(id: string): Promise<void>;
  accept(id: string): Promise<void>;
  setRules(rules: unknown): void;
  setLocale(locale: string): void;
  /** Single-page navigation: a new page view with fresh per-page facts. */
  page(url?: string): void;
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** Creates the engine; nothing is read or listened to before `start()`. */
export function createInvitationEngine(o: InvitationEngineOptions): InvitationEngine {
  const now = o.now ?? Date.now;
  const setTimer = o.setTimer ?? ((f, ms) => setTimeout(f, ms));
  const clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let rules: Rule[] = [];
  let st: VisitorState;
  let doc: DocumentLike;
  let sig: Signals | undefined;
  let timer: unknown;
  let due = 0;
  let current: Invitation | undefined;
  let panel = false;
  let running = false;
  // After the visitor answered one invitation, the rest of this page stays quiet.
  let quiet = false;
  let agents = o.agentsOnline ?? 0;
  let open = o.open ?? true;
  let locale = o.locale ?? 'en';
  let saved = 0;

  const save = () => {
    saved = now();
    return saveState(o.store, st);
  };

  const text = (t: LocalizedText): string =>
    isStr(t) ? t : ([(t as Record<string, unknown>)[locale.slice(0, 2)], t.en, ...Object.values(t)].find(isStr) as string);

  const cancel = () => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
  };

  function check(activity?: boolean) {
    if (!sig) return;
    const t = now();
    // Keep the visit alive while the visitor is active, without writing on every scroll.
    if (activity && (t - saved >= 60_000 || doc.hidden)) {
      st.last = t;
      save();
    }
    if (current || panel || quiet || st.chatted || doc.hidden) return;
    const f = { ...sig.facts(), timeOnSiteSec: (t - st.since) / 1000, visits: st.visits, pagesThisSession: st.pages, agentsOnline: agents, open };
    let best: Rule | undefined;
    let wait = Infinity;
    for (const r of rules) {
      if (!allowed(r, st, t)) continue;
      const w = waitMs(r, f);
      if (!w && (!best || (r.priority ?? 0) > (best.priority ?? 0))) best = r;
      wait = Math.min(wait, w);
    }
    if (best) {
      current = { id: (o.newId ?? nanoid)(), ruleId: best.id, text: text(best.text), author: best.author };
      (st.rules[best.id] ??= {}).shown = t;
      save();
      o.onShow(current);
    } else if (wait < Infinity) {
      // Scrolling calls this many times a second: keep a pending timer unless it is now too late.
      const at = t + Math.max(1000, wait);
      if (timer === undefined || at < due) {
        cancel();
        due = at;
        timer = setTimer(() => {
          timer = undefined;
          check();
        }, at - t);
      }
    }
  }

  // Accepts the invitation id, or a rule id so a teaser restored on a later page can still be answered.
  const answer = (id: string, dismissed: boolean) => {
    const c = current && (id === current.id || id === current.ruleId) ? current : undefined;
    const ruleId = c ? c.ruleId : rules.some((r) => r.id === id) ? id : '';
    if (!ruleId || !st) return Promise.resolve();
    if (c) {
      current = undefined;
      quiet = true;
    }
    if (dismissed) (st.rules[ruleId] ??= {}).dismissed = now();
    return save();
  };

  const setRules = (r: unknown) => {
    const v = validateRules(r);
    rules = v.rules;
    v.errors.forEach((e) => o.onError?.(e));
    check();
  };
  setRules(o.rules);

  return {
    async start() {
      if (running) return;
      running = true;
      const s = await loadState(o.store);
      if (!running) return;
      st = s;
      doc = o.doc ?? document;
      countPage(st, now());
      save();
      sig = createSignals({ win: o.win ?? window, doc, now, touch: o.touch, onChange: () => check(true) });
      check();
    },
    stop() {
      running = false;
      sig?.stop();
      sig = undefined;
      cancel();
    },
    setAgentsOnline(n) {
      agents = n;
      check();
    },
    setOpen(o) {
      open = o;
      check();
    },
    setPanelOpen(open) {
      panel = open;
      check();
    },
    markChatted() {
      if (st) {
        st.chatted = true;
        save();
      }
    },
    dismiss: (id) => answer(id, true),
    accept: (id) => answer(id, false),
    setRules,
    setLocale(l) {
      locale = l;
    },
    page(url) {
      if (!sig) return;
      sig.page(url);
      countPage(st, now());
      quiet = false;
      save();
      check();
    },
  };
}
