import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createInvitationEngine,
  type Invitation,
  type InvitationEngineOptions,
  type KeyValueStore,
  type Rule,
  type RuleError,
} from '../../widget/invitations/index.js';

// A minimal event target that also checks every listener is passive and counts what is attached.
class Target {
  listeners = new Map<string, Set<(e: unknown) => void>>();
  addEventListener(type: string, fn: (e: unknown) => void, opts?: AddEventListenerOptions) {
    expect(opts?.passive).toBe(true);
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(fn);
  }
  removeEventListener(type: string, fn: (e: unknown) => void) {
    this.listeners.get(type)?.delete(fn);
  }
  emit(type: string, e: unknown = {}) {
    for (const fn of [...(this.listeners.get(type) ?? [])]) fn(e);
  }
  get count() {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
}

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: async (k) => (data.has(k) ? JSON.parse(data.get(k)!) : undefined),
    set: async (k, v) => void data.set(k, JSON.stringify(v)),
  };
}

const SEC = 1000;
const MIN = 60 * SEC;
const ID = /^[A-Za-z0-9_-]{8,64}$/;

let timerDelays: number[] = [];

/** Opens a page of a 4000 px tall site in a 1000 px window: scrolling to y shows (y + 1000) / 40 percent. */
async function visitPage(
  url: string,
  o: { store: KeyValueStore; rules: unknown; referrer?: string } & Partial<InvitationEngineOptions>,
) {
  const [pathname, search = ''] = url.split(/(?=\?)/);
  const win = Object.assign(new Target(), { scrollY: 0, innerHeight: 1000, location: { pathname: pathname!, search } });
  const doc = Object.assign(new Target(), { referrer: o.referrer ?? '', hidden: false, documentElement: { scrollHeight: 4000 } });
  const shown: Invitation[] = [];
  const errors: RuleError[] = [];
  const engine = createInvitationEngine({
    touch: false,
    ...o,
    win,
    doc,
    setTimer: (fn, ms) => (timerDelays.push(ms), setTimeout(fn, ms)),
    onShow: (i) => shown.push(i),
    onError: (e) => errors.push(e),
  });
  await engine.start();
  return {
    engine,
    win,
    doc,
    shown,
    errors,
    /** What the visitor currently sees: the rule ids shown so far. */
    get seen() {
      return shown.map((i) => i.ruleId);
    },
    scrollTo(y: number) {
      win.scrollY = y;
      win.emit('scroll');
    },
    leaveThroughTop() {
      doc.emit('mouseout', { relatedTarget: null, clientY: -3 });
    },
  };
}

const wait = (ms: number) => vi.advanceTimersByTime(ms);
const r = (id: string, conditions: Rule['conditions'], extra: Partial<Rule> = {}): Rule => ({
  id,
  text: `text of ${id}`,
  conditions,
  ...extra,
});

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-03-01T09:00:00Z') });
  timerDelays = [];
});
afterEach(() => {
  // Nothing polls faster than once a second.
  expect(timerDelays.every((ms) => ms >= 1000)).toBe(true);
  vi.useRealTimers();
});

describe('each condition, as a visitor lives it', () => {
  it('timeOnPageSec: a visitor lingering 30 s sees it, not at 29 s', async () => {
    const p = await visitPage('/pricing', { store: memoryStore(), rules: [r('linger', { timeOnPageSec: 30 })] });
    wait(29 * SEC);
    expect(p.seen).toEqual([]);
    wait(1 * SEC);
    expect(p.seen).toEqual(['linger']);
    // One timer for the due moment, not a poll every second.
    expect(timerDelays).toEqual([30 * SEC]);
  });

  it('a visitor scrolling all the while does not cost a timer per scroll event', async () => {
    const p = await visitPage('/', { store: memoryStore(), rules: [r('linger', { scrollPercent: 30, timeOnPageSec: 30 })] });
    for (let i = 0; i < 200; i++) {
      wait(100);
      p.scrollTo(i * 10);
    }
    expect(timerDelays).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(1);
    wait(10 * SEC);
    expect(p.seen).toEqual(['linger']);
  });

  it('timeOnSiteSec: time spent on the previous page counts on the next one', async () => {
    const store = memoryStore();
    const rules = [r('browsing', { timeOnSiteSec: 60 })];
    const a = await visitPage('/', { store, rules: [] });
    wait(50 * SEC);
    a.engine.stop();
    const b = await visitPage('/shop', { store, rules });
    wait(9 * SEC);
    expect(b.seen).toEqual([]);
    wait(1 * SEC);
    expect(b.seen).toEqual(['browsing']);
  });

  it('url: shows on /pricing (with a query string), never on /about', async () => {
    const rules = [r('pricing', { url: ['/pricing', '/products/*'] })];
    const about = await visitPage('/about', { store: memoryStore(), rules });
    wait(10 * MIN);
    expect(about.seen).toEqual([]);
    const pricing = await visitPage('/pricing?plan=pro', { store: memoryStore(), rules });
    expect(pricing.seen).toEqual(['pricing']);
    const product = await visitPage('/products/hat', { store: memoryStore(), rules });
    expect(product.seen).toEqual(['pricing']);
  });

  it('urlExclude: a blog reader is left alone', async () => {
    const rules = [r('not-blog', { urlExclude: '/blog' })];
    expect((await visitPage('/blog/post', { store: memoryStore(), rules })).seen).toEqual([]);
    expect((await visitPage('/shop', { store: memoryStore(), rules })).seen).toEqual(['not-blog']);
  });

  it('scrollPercent: shows once the visitor has read half the page, and scrolling back does not undo it', async () => {
    const p = await visitPage('/article', { store: memoryStore(), rules: [r('reader', { scrollPercent: 50, timeOnPageSec: 5 })] });
    p.scrollTo(500); // 37.5 %
    wait(10 * SEC);
    expect(p.seen).toEqual([]);
    p.scrollTo(1000); // 50 %
    p.scrollTo(0);
    expect(p.seen).toEqual(['reader']);
  });

  it('scrollPercent: a page too short to scroll counts as fully read', async () => {
    const p = await visitPage('/short', { store: memoryStore(), rules: [] });
    p.doc.documentElement.scrollHeight = 800;
    p.engine.setRules([r('reader', { scrollPercent: 90 })]);
    expect(p.seen).toEqual([]); // depth is measured on events, not on every check
    p.scrollTo(0);
    expect(p.seen).toEqual(['reader']);
  });

  it('exitIntent (desktop): the pointer leaving through the top, not the side or into an element', async () => {
    const p = await visitPage('/cart', { store: memoryStore(), rules: [r('leaving', { exitIntent: true })] });
    p.doc.emit('mouseout', { relatedTarget: null, clientY: 300 });
    p.doc.emit('mouseout', { relatedTarget: {}, clientY: 0 });
    wait(1 * MIN);
    expect(p.seen).toEqual([]);
    p.leaveThroughTop();
    expect(p.seen).toEqual(['leaving']);
  });

  it('exitIntent (touch): a fast fling up, not a slow scroll up or the pointer leaving', async () => {
    const p = await visitPage('/cart', { store: memoryStore(), rules: [r('leaving', { exitIntent: true })], touch: true });
    p.leaveThroughTop();
    p.scrollTo(2000);
    for (let y = 1996; y >= 1500; y -= 4) {
      wait(16); // a scroll event per frame, 0.25 px/ms: reading back up, not leaving
      p.scrollTo(y);
    }
    expect(p.seen).toEqual([]);
    for (let y = 1470; y >= 1380; y -= 30) {
      wait(16); // then a fling, still short of 150 px
      p.scrollTo(y);
    }
    expect(p.seen).toEqual([]);
    wait(2 * SEC);
    p.scrollTo(1300);
    wait(50);
    p.scrollTo(1225);
    wait(50);
    p.scrollTo(1150); // 150 px in 100 ms after a pause
    expect(p.seen).toEqual(['leaving']);
    expect(p.shown).toHaveLength(1);
  });

  it('exitIntent is a moment: leaving too early does not fire later by time alone', async () => {
    const p = await visitPage('/cart', { store: memoryStore(), rules: [r('leaving', { exitIntent: true, timeOnPageSec: 30 })] });
    wait(5 * SEC);
    p.leaveThroughTop();
    wait(1 * MIN);
    expect(p.seen).toEqual([]);
    p.leaveThroughTop();
    expect(p.seen).toEqual(['leaving']);
  });

  it('visits: a returning visitor is greeted on the second visit, not on more pages of the first', async () => {
    const store = memoryStore();
    const rules = [r('regular', { visits: { min: 2 } }), r('welcome', { visits: { max: 1 }, pagesThisSession: 2 })];
    const first = await visitPage('/', { store, rules });
    expect(first.seen).toEqual([]);
    wait(10 * MIN);
    first.engine.stop();
    const again = await visitPage('/shop', { store, rules });
    expect(again.seen).toEqual(['welcome']);
    again.engine.stop();
    wait(31 * MIN); // a visit ends after 30 minutes of inactivity
    const back = await visitPage('/', { store, rules });
    expect(back.seen).toEqual(['regular']);
  });

  it('idleSec: a visitor who keeps moving is not idle; one who stops is', async () => {
    const p = await visitPage('/form', { store: memoryStore(), rules: [r('stuck', { idleSec: 10 })] });
    wait(5 * SEC);
    p.win.emit('pointermove');
    wait(4 * SEC);
    p.win.emit('keydown');
    wait(9 * SEC);
    expect(p.seen).toEqual([]);
    wait(1 * SEC);
    expect(p.seen).toEqual(['stuck']);
  });

  it('pagesThisSession: the fourth page of a visit, counted across single-page navigations', async () => {
    const p = await visitPage('/', { store: memoryStore(), rules: [r('explorer', { pagesThisSession: 4 })] });
    p.engine.page('/a');
    p.engine.page('https://shop.example/b?x=1');
    expect(p.seen).toEqual([]);
    p.engine.page('/c');
    expect(p.seen).toEqual(['explorer']);
  });

  it('referrer: visitors from Google only', async () => {
    const rules = [r('google', { referrer: '*google.*' })];
    expect((await visitPage('/', { store: memoryStore(), rules, referrer: 'https://news.example/' })).seen).toEqual([]);
    expect((await visitPage('/', { store: memoryStore(), rules, referrer: 'https://www.google.com/' })).seen).toEqual(['google']);
  });

  it('agentsOnline: waits until an agent comes online', async () => {
    const p = await visitPage('/', { store: memoryStore(), rules: [r('live', { agentsOnline: true })] });
    wait(5 * MIN);
    expect(p.seen).toEqual([]);
    expect(vi.getTimerCount()).toBe(0); // nothing to wait for but presence
    p.engine.setAgentsOnline(1);
    expect(p.seen).toEqual(['live']);
  });

  it('agentsOnline: starts true when the config says an agent is online', async () => {
    const p = await visitPage('/', { store: memoryStore(), rules: [r('live', { agentsOnline: true })], agentsOnline: 2 });
    expect(p.seen).toEqual(['live']);
  });
});

describe('combinations and priorities', () => {
  it('"on /pricing after 2 s and 50 % scroll": fires only when all three hold', async () => {
    const rules = [r('pricing', { url: '/pricing', timeOnPageSec: 2, scrollPercent: 50 })];
    const elsewhere = await visitPage('/about', { store: memoryStore(), rules });
    elsewhere.scrollTo(3000);
    wait(5 * SEC);
    expect(elsewhere.seen).toEqual([]);

    const p = await visitPage('/pricing', { store: memoryStore(), rules });
    wait(3 * SEC);
    expect(p.seen).toEqual([]);
    p.scrollTo(1000);
    expect(p.seen).toEqual(['pricing']);

    const early = await visitPage('/pricing', { store: memoryStore(), rules });
    early.scrollTo(2000);
    expect(early.seen).toEqual([]);
    wait(2 * SEC);
    expect(early.seen).toEqual(['pricing']);
  });

  it('two rules match at once: the higher priority is shown, only that one', async () => {
    const rules = [r('low', { timeOnPageSec: 5 }), r('high', { timeOnPageSec: 5 }, { priority: 10 }), r('mid', {}, { priority: 1 })];
    const p = await visitPage('/', { store: memoryStore(), rules: [rules[0], rules[1]] });
    wait(5 * SEC);
    expect(p.seen).toEqual(['high']);
  });

  it('equal priorities: the first listed wins', async () => {
    const p = await visitPage('/', { store: memoryStore(), rules: [r('first', {}), r('second', {})] });
    expect(p.seen).toEqual(['first']);
  });

  it('the invitation carries a fresh id, the rule id, localised text and the author', async () => {
    const store = memoryStore();
    const rule = r('hi', {}, { text: { en: 'Hello', vi: 'Xin chào' }, author: { name: 'Linh' }, cooldownHours: 0 });
    const vi1 = await visitPage('/', { store, rules: [rule], locale: 'vi-VN' });
    const en = await visitPage('/', { store, rules: [rule], locale: 'fr' });
    expect(vi1.shown[0]).toMatchObject({ ruleId: 'hi', text: 'Xin chào', author: { name: 'Linh' } });
    expect(en.shown[0]!.text).toBe('Hello');
    expect(vi1.shown[0]!.id).toMatch(ID);
    expect(en.shown[0]!.id).toMatch(ID);
    expect(en.shown[0]!.id).not.toBe(vi1.shown[0]!.id);
  });

  it('a missing or empty translation falls back to English, then to any text there is', async () => {
    const rules = (text: Rule['text']) => [r('hi', {}, { text })];
    expect((await visitPage('/', { store: memoryStore(), rules: rules({ en: 'Hello', vi: '' }), locale: 'vi' })).shown[0]!.text).toBe('Hello');
    expect((await visitPage('/', { store: memoryStore(), rules: rules({ vi: 'Xin chào' }), locale: 'en' })).shown[0]!.text).toBe('Xin chào');
  });
});

describe('frequency capping', () => {
  it('once per visitor: not again on the next page or the next visit', async () => {
    const store = memoryStore();
    const rules = [r('hello', {})];
    expect((await visitPage('/', { store, rules })).seen).toEqual(['hello']);
    expect((await visitPage('/next', { store, rules })).seen).toEqual([]);
    wait(48 * 60 * MIN);
    expect((await visitPage('/', { store, rules })).seen).toEqual([]);
  });

  it('cooldownHours: again only once the cool-down has passed', async () => {
    const store = memoryStore();
    const rules = [r('daily', {}, { cooldownHours: 24 })];
    expect((await visitPage('/', { store, rules })).seen).toEqual(['daily']);
    wait(23 * 60 * MIN);
    expect((await visitPage('/', { store, rules })).seen).toEqual([]);
    wait(60 * MIN);
    expect((await visitPage('/', { store, rules })).seen).toEqual(['daily']);
  });

  it('never while the chat panel is open; shows when it closes', async () => {
    const p = await visitPage('/', { store: memoryStore(), rules: [] });
    p.engine.setPanelOpen(true);
    p.engine.setRules([r('hello', { timeOnPageSec: 3 })]);
    wait(10 * SEC);
    p.scrollTo(500);
    expect(p.seen).toEqual([]);
    p.engine.setPanelOpen(false);
    expect(p.seen).toEqual(['hello']);
  });

  it('never after the visitor chatted in this visit, again in a later visit', async () => {
    const store = memoryStore();
    const rules = [r('later', { timeOnPageSec: 5 })];
    const p = await visitPage('/', { store, rules: [] });
    p.engine.markChatted();
    p.engine.stop();
    const next = await visitPage('/next', { store, rules });
    wait(1 * MIN);
    expect(next.seen).toEqual([]);
    next.engine.stop();
    wait(31 * MIN);
    const nextVisit = await visitPage('/', { store, rules });
    wait(5 * SEC);
    expect(nextVisit.seen).toEqual(['later']);
  });

  it('never two at a time: a second rule waits while the first is on screen, and for the next page after it is answered', async () => {
    const store = memoryStore();
    const rules = [r('first', {}), r('reader', { scrollPercent: 50 })];
    const p = await visitPage('/', { store, rules });
    expect(p.seen).toEqual(['first']);
    p.scrollTo(2000);
    wait(1 * MIN);
    expect(p.seen).toEqual(['first']);
    await p.engine.dismiss(p.shown[0]!.id);
    p.scrollTo(2500);
    expect(p.seen).toEqual(['first']); // the visitor just said no: leave this page quiet
    p.engine.page('/next');
    p.scrollTo(2000);
    expect(p.seen).toEqual(['first', 'reader']);
  });

  it('dismissed is remembered across a navigation, even for a rule with a cool-down', async () => {
    const store = memoryStore();
    const rules = [r('pricing', { url: '/pricing' }, { cooldownHours: 1 })];
    const a = await visitPage('/pricing', { store, rules });
    expect(a.seen).toEqual(['pricing']);
    await a.engine.dismiss(a.shown[0]!.id);
    a.engine.stop();
    wait(2 * 60 * MIN);
    const b = await visitPage('/pricing', { store, rules });
    expect(b.seen).toEqual([]);
  });

  it('a simulated navigation keeps visit count, visit start, pages and shown state', async () => {
    const store = memoryStore();
    const rules = [r('once', {}), r('third', { pagesThisSession: 3, timeOnSiteSec: 20 })];
    const a = await visitPage('/', { store, rules });
    wait(10 * SEC);
    a.engine.stop();
    const b = await visitPage('/b', { store, rules });
    wait(5 * SEC);
    b.engine.stop();
    const c = await visitPage('/c', { store, rules });
    expect([a.seen, b.seen, c.seen]).toEqual([['once'], [], []]);
    wait(5 * SEC);
    expect(c.seen).toEqual(['third']);
    expect(JSON.parse(store.data.get('invitations')!)).toMatchObject({ visits: 1, pages: 3 });
  });

  it('a teaser restored on a later page can be dismissed by its rule id', async () => {
    const store = memoryStore();
    const rules = [r('promo', {}, { cooldownHours: 0 })];
    (await visitPage('/', { store, rules })).engine.stop();
    const b = await visitPage('/b', { store, rules: [] });
    b.engine.setPanelOpen(true);
    b.engine.setRules(rules);
    await b.engine.dismiss('promo');
    b.engine.setPanelOpen(false);
    expect(b.seen).toEqual([]);
    expect((await visitPage('/c', { store, rules })).seen).toEqual([]);
  });

  it('accepting clears the invitation and keeps the rest of the page quiet', async () => {
    const p = await visitPage('/', { store: memoryStore(), rules: [r('a', {}), r('b', { timeOnPageSec: 2 })] });
    await p.engine.accept(p.shown[0]!.id);
    wait(5 * SEC);
    expect(p.seen).toEqual(['a']);
    await p.engine.dismiss('unknown-id'); // answering something unknown changes nothing
  });

  it('not while the tab is hidden; shows when the visitor comes back', async () => {
    const p = await visitPage('/', { store: memoryStore(), rules: [] });
    p.doc.hidden = true;
    p.engine.setRules([r('hello', { timeOnPageSec: 2 })]);
    wait(5 * SEC);
    expect(p.seen).toEqual([]);
    p.doc.hidden = false;
    p.doc.emit('visibilitychange');
    expect(p.seen).toEqual(['hello']);
  });
});

describe('robustness', () => {
  it('a bad rule is skipped with an error naming the field; the good ones still work', async () => {
    const p = await visitPage('/', {
      store: memoryStore(),
      rules: [{ id: 'typo', text: 'x', conditions: { timeOnPage: 1 } }, { id: 'bad-scroll', text: 'x', conditions: { scrollPercent: 'half' } }, r('good', {})],
    });
    expect(p.errors.map((e) => e.field)).toEqual(['conditions.timeOnPage', 'conditions.scrollPercent']);
    expect(p.errors[0]!.message).toBe('invitations[0].conditions.timeOnPage: is not a known condition');
    expect(p.seen).toEqual(['good']);
  });

  it('rules that are not a list are reported, not thrown', async () => {
    const p = await visitPage('/', { store: memoryStore(), rules: 'everything' });
    expect(p.errors).toHaveLength(1);
    expect(p.seen).toEqual([]);
  });

  it('broken storage costs memory across pages, never the page', async () => {
    const broken: KeyValueStore = { get: () => Promise.reject(new Error('blocked')), set: () => Promise.reject(new Error('full')) };
    const p = await visitPage('/', { store: broken, rules: [r('hello', { timeOnPageSec: 1 })] });
    wait(1 * SEC);
    expect(p.seen).toEqual(['hello']);
    await p.engine.dismiss(p.shown[0]!.id);
  });

  it('garbage in the store is treated as a first visit', async () => {
    const store = memoryStore();
    await store.set('invitations', { visits: 'many', rules: 7 });
    const p = await visitPage('/', { store, rules: [r('welcome', { visits: { max: 1 } })] });
    expect(p.seen).toEqual(['welcome']);
  });

  it('stop() removes every listener and timer; nothing fires afterwards', async () => {
    const p = await visitPage('/', {
      store: memoryStore(),
      rules: [r('t', { timeOnPageSec: 30 }), r('s', { scrollPercent: 90 }), r('x', { exitIntent: true }), r('a', { agentsOnline: true })],
    });
    expect(p.win.count + p.doc.count).toBeGreaterThan(0);
    expect(vi.getTimerCount()).toBe(1);
    p.engine.stop();
    expect(p.win.count + p.doc.count).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    wait(10 * MIN);
    p.scrollTo(4000);
    p.leaveThroughTop();
    p.engine.setAgentsOnline(3);
    p.engine.setPanelOpen(false);
    expect(p.seen).toEqual([]);
  });

  it('stop() before start() finishes leaves nothing attached', async () => {
    let release!: (v: unknown) => void;
    const slow: KeyValueStore = { get: () => new Promise((res) => (release = res)), set: async () => {} };
    const win = new Target();
    const doc = new Target();
    const engine = createInvitationEngine({ rules: [r('x', {})], store: slow, win, doc, onShow: () => expect.fail('shown after stop') });
    const started = engine.start();
    engine.stop();
    release(undefined);
    await started;
    expect(win.count + doc.count).toBe(0);
  });
});
