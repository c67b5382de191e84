// Each invitation condition, as a visitor lives it, on a fake page with a fake clock.
import { describe, expect, it, vi } from 'vitest';
import { MIN, SEC, memoryStore, r, timerDelays, useFakeClock, visitPage, wait } from './helpers/fake-page.js';

useFakeClock();

describe('each condition, as a visitor lives it', () => {
  it('timeOnPageSec: a visitor lingering 30 s sees it, not at 29 s', async () => {
    const p = await visitPage('/pricing', { store: memoryStore(), rules: [r('linger', { timeOnPageSec: 30 })] });
    wait(29 * SEC);
    expect(p.seen).toEqual([]);
    wait(1 * SEC);
    expect(p.seen).toEqual(['linger']);
    // One timer for the due moment, not a poll every second.
    expect(timerDelays()).toEqual([30 * SEC]);
  });

  it('a visitor scrolling all the while does not cost a timer per scroll event', async () => {
    const p = await visitPage('/', { store: memoryStore(), rules: [r('linger', { scrollPercent: 30, timeOnPageSec: 30 })] });
    for (let i = 0; i < 200; i++) {
      wait(100);
      p.scrollTo(i * 10);
    }
    expect(timerDelays()).toHaveLength(1);
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

  it('open: false waits for the site to close; available: true for it to open with an agent online', async () => {
    const closed = await visitPage('/', { store: memoryStore(), rules: [r('after-hours', { open: false })] });
    expect(closed.seen).toEqual([]);
    closed.engine.setOpen(false);
    expect(closed.seen).toEqual(['after-hours']);
    const live = await visitPage('/', { store: memoryStore(), rules: [r('live-now', { available: true })], agentsOnline: 1, open: false });
    expect(live.seen).toEqual([]);
    live.engine.setOpen(true);
    expect(live.seen).toEqual(['live-now']);
  });

  it('agentsOnline: starts true when the config says an agent is online', async () => {
    const p = await visitPage('/', { store: memoryStore(), rules: [r('live', { agentsOnline: true })], agentsOnline: 2 });
    expect(p.seen).toEqual(['live']);
  });
});

