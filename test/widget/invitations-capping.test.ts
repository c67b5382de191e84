// Invitation rules combined: priorities, frequency capping across pages, and robustness.
import { describe, expect, it, vi } from 'vitest';
import { createInvitationEngine, type KeyValueStore, type Rule } from '../../widget/invitations/index.js';
import { ID, MIN, SEC, memoryStore, r, useFakeClock, visitPage, wait, Target } from './helpers/fake-page.js';

useFakeClock();

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
  it('a bad rule is skipped with an error naming the rule; the good ones still work', async () => {
    const p = await visitPage('/', {
      store: memoryStore(),
      rules: [{ id: 'typo', text: 'x', conditions: { timeOnPage: 1 } }, { id: 'bad-scroll', text: 'x', conditions: { scrollPercent: 'half' } }, r('good', {})],
    });
    // The field is named by the relay's check of the same schema at start (test/relay/config.test.ts).
    expect(p.errors.map((e) => [e.index, e.id])).toEqual([[0, 'typo'], [1, 'bad-scroll']]);
    expect(p.errors[0]!.message).toBe('invitations[0]: does not fit the rule schema');
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
