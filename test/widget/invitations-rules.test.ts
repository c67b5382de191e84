import { describe, expect, it } from 'vitest';
import { ruleSchema } from '../../protocol/rules.js';
import { check } from '../../protocol/schema.js';
import { evaluate, matchUrl, validateRules, waitMs, type Facts, type Rule } from '../../widget/invitations/index.js';

// A visitor who just landed on the home page: nothing has happened yet.
const fresh: Facts = {
  timeOnPageSec: 0,
  timeOnSiteSec: 0,
  url: '/',
  referrer: '',
  scrollPercent: 0,
  exitIntent: false,
  visits: 1,
  idleSec: 0,
  pagesThisSession: 1,
  agentsOnline: 0,
  open: true,
};
const rule = (conditions: Rule['conditions']): Rule => ({ id: 'r1', text: 'Hi', conditions });
const holds = (conditions: Rule['conditions'], facts: Partial<Facts>) => evaluate(rule(conditions), { ...fresh, ...facts });

describe('matchUrl', () => {
  it('matches a plain pattern anywhere in the path and query, ignoring case', () => {
    expect(matchUrl('pricing', '/en/Pricing?plan=pro')).toBe(true);
    expect(matchUrl('plan=pro', '/pricing?plan=pro')).toBe(true);
    expect(matchUrl('/checkout', '/pricing')).toBe(false);
  });
  it('treats * as a glob over the whole string', () => {
    expect(matchUrl('/products/*', '/products/shoes')).toBe(true);
    expect(matchUrl('/products/*', '/en/products/shoes')).toBe(false);
    expect(matchUrl('*/pricing', '/en/pricing')).toBe(true);
    expect(matchUrl('*/pricing', '/en/pricing/faq')).toBe(false);
  });
  it('lets a path glob ignore the query string', () => {
    expect(matchUrl('*/pricing', '/en/pricing?ref=ad')).toBe(true);
  });
  it('takes regex characters in a glob literally', () => {
    expect(matchUrl('/a.b/*', '/a.b/c')).toBe(true);
    expect(matchUrl('/a.b/*', '/axb/c')).toBe(false);
    expect(matchUrl('*(x)', '/(x)')).toBe(true);
  });
  it('matches referrers by host glob', () => {
    expect(matchUrl('*google.*', 'https://www.google.com/search?q=chat')).toBe(true);
    expect(matchUrl('*google.*', 'https://bing.com/')).toBe(false);
  });
});

describe('evaluate: each condition alone', () => {
  it('timeOnPageSec', () => {
    expect(holds({ timeOnPageSec: 30 }, { timeOnPageSec: 29.9 })).toBe(false);
    expect(holds({ timeOnPageSec: 30 }, { timeOnPageSec: 30 })).toBe(true);
  });
  it('timeOnSiteSec', () => {
    expect(holds({ timeOnSiteSec: 120 }, { timeOnSiteSec: 60 })).toBe(false);
    expect(holds({ timeOnSiteSec: 120 }, { timeOnSiteSec: 121 })).toBe(true);
  });
  it('url: any of the list', () => {
    expect(holds({ url: ['/pricing', '/products/*'] }, { url: '/products/hat' })).toBe(true);
    expect(holds({ url: ['/pricing', '/products/*'] }, { url: '/blog' })).toBe(false);
  });
  it('urlExclude: none of the list', () => {
    expect(holds({ urlExclude: '/blog' }, { url: '/blog/post-1' })).toBe(false);
    expect(holds({ urlExclude: ['/blog', '/careers'] }, { url: '/pricing' })).toBe(true);
  });
  it('scrollPercent', () => {
    expect(holds({ scrollPercent: 50 }, { scrollPercent: 49 })).toBe(false);
    expect(holds({ scrollPercent: 50 }, { scrollPercent: 50 })).toBe(true);
  });
  it('exitIntent: true demands the moment of leaving, false demands nothing', () => {
    expect(holds({ exitIntent: true }, { exitIntent: false })).toBe(false);
    expect(holds({ exitIntent: true }, { exitIntent: true })).toBe(true);
    expect(holds({ exitIntent: false }, { exitIntent: false })).toBe(true);
  });
  it('visits: inclusive min and max', () => {
    expect(holds({ visits: { max: 1 } }, { visits: 1 })).toBe(true);
    expect(holds({ visits: { max: 1 } }, { visits: 2 })).toBe(false);
    expect(holds({ visits: { min: 3 } }, { visits: 2 })).toBe(false);
    expect(holds({ visits: { min: 2, max: 4 } }, { visits: 4 })).toBe(true);
  });
  it('idleSec', () => {
    expect(holds({ idleSec: 45 }, { idleSec: 10 })).toBe(false);
    expect(holds({ idleSec: 45 }, { idleSec: 45 })).toBe(true);
  });
  it('pagesThisSession', () => {
    expect(holds({ pagesThisSession: 3 }, { pagesThisSession: 2 })).toBe(false);
    expect(holds({ pagesThisSession: 3 }, { pagesThisSession: 3 })).toBe(true);
  });
  it('referrer', () => {
    expect(holds({ referrer: '*google.*' }, { referrer: 'https://google.com/' })).toBe(true);
    expect(holds({ referrer: 'newsletter' }, { referrer: '' })).toBe(false);
  });
  it('open: true only within the hours, false only outside them', () => {
    expect(holds({ open: true }, { open: true })).toBe(true);
    expect(holds({ open: true }, { open: false })).toBe(false);
    expect(holds({ open: false }, { open: false })).toBe(true);
    expect(holds({ open: false }, { open: true })).toBe(false);
  });
  it('available: open and an agent online; false while either is missing', () => {
    expect(holds({ available: true }, { open: true, agentsOnline: 1 })).toBe(true);
    expect(holds({ available: true }, { open: false, agentsOnline: 1 })).toBe(false);
    expect(holds({ available: true }, { open: true, agentsOnline: 0 })).toBe(false);
    expect(holds({ available: false }, { open: false, agentsOnline: 3 })).toBe(true);
    expect(holds({ available: false }, { open: true, agentsOnline: 0 })).toBe(true);
    expect(holds({ available: false }, { open: true, agentsOnline: 1 })).toBe(false);
  });
  it('agentsOnline', () => {
    expect(holds({ agentsOnline: true }, { agentsOnline: 0 })).toBe(false);
    expect(holds({ agentsOnline: true }, { agentsOnline: 2 })).toBe(true);
    expect(holds({ agentsOnline: false }, { agentsOnline: 0 })).toBe(true);
  });
  it('no conditions at all holds at once', () => {
    expect(holds({}, {})).toBe(true);
  });
});

describe('evaluate: combinations are AND', () => {
  const c = { url: '/pricing', timeOnPageSec: 2, scrollPercent: 50 };
  it('holds only when every condition holds', () => {
    expect(holds(c, { url: '/pricing', timeOnPageSec: 3, scrollPercent: 60 })).toBe(true);
    expect(holds(c, { url: '/pricing', timeOnPageSec: 3, scrollPercent: 10 })).toBe(false);
    expect(holds(c, { url: '/pricing', timeOnPageSec: 1, scrollPercent: 60 })).toBe(false);
    expect(holds(c, { url: '/about', timeOnPageSec: 3, scrollPercent: 60 })).toBe(false);
  });
});

describe('waitMs', () => {
  it('says how long until the time conditions are due, once the others hold', () => {
    const r = rule({ url: '/pricing', timeOnPageSec: 5, idleSec: 8 });
    expect(waitMs(r, { ...fresh, url: '/pricing', timeOnPageSec: 2, idleSec: 1 })).toBe(7000);
    expect(waitMs(r, { ...fresh, url: '/pricing', timeOnPageSec: 6, idleSec: 9 })).toBe(0);
  });
  it('is Infinity when an event, not time, is missing', () => {
    expect(waitMs(rule({ url: '/pricing', timeOnPageSec: 5 }), fresh)).toBe(Infinity);
    expect(waitMs(rule({ scrollPercent: 50, timeOnPageSec: 5 }), fresh)).toBe(Infinity);
  });
});

describe('validateRules', () => {
  const good = { id: 'ok', text: 'Hi', conditions: { timeOnPageSec: 5 } };
  const bad = (r: unknown) => validateRules([r, good]);

  it('keeps valid rules of every condition', () => {
    const all = {
      id: 'all',
      priority: 2,
      text: { en: 'Hi', vi: 'Chào' },
      author: { name: 'Linh', avatarUrl: 'https://x.example/a.png' },
      cooldownHours: 24,
      conditions: {
        timeOnPageSec: 1, timeOnSiteSec: 2, url: '/a', urlExclude: ['/b'], scrollPercent: 100, exitIntent: true,
        visits: { min: 1, max: 2 }, idleSec: 3, pagesThisSession: 2, referrer: 'x', agentsOnline: true,
      },
    };
    expect(validateRules([all, good])).toEqual({ rules: [all, good], errors: [] });
  });

  it.each([
    [{ ...good, id: '' }, 'id'],
    [{ ...good, priority: 'high' }, 'priority'],
    [{ ...good, text: '' }, 'text'],
    [{ ...good, text: { fr: 7 } }, 'text'],
    [{ ...good, author: { avatarUrl: 'https://x.example/a.png' } }, 'author.name'],
    [{ ...good, author: { name: 'A', avatarUrl: 'javascript:alert(1)' } }, 'author.avatarUrl'],
    [{ ...good, cooldownHours: -1 }, 'cooldownHours'],
    [{ ...good, conditions: null }, 'conditions'],
    [{ ...good, conditions: { timeOnPage: 5 } }, 'conditions.timeOnPage'],
    [{ ...good, conditions: { scrollPercent: 150 } }, 'conditions.scrollPercent'],
    [{ ...good, conditions: { timeOnPageSec: '30' } }, 'conditions.timeOnPageSec'],
    [{ ...good, conditions: { url: [] } }, 'conditions.url'],
    [{ ...good, conditions: { referrer: 5 } }, 'conditions.referrer'],
    [{ ...good, conditions: { exitIntent: 'yes' } }, 'conditions.exitIntent'],
    [{ ...good, conditions: { visits: 3 } }, 'conditions.visits'],
    [{ ...good, conditions: { visits: { min: 'one' } } }, 'conditions.visits.min'],
    [{ ...good, conditions: { visits: { min: 5, max: 2 } } }, 'conditions.visits'],
  ])('skips a bad rule; the relay\'s check of the same schema names the field: %j', (r, field) => {
    const rule = { ...r, id: (r as { id: string }).id === '' ? '' : 'bad' };
    const { rules, errors } = bad(rule);
    expect(rules.map((x) => x.id)).toEqual(['ok']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ index: 0, message: 'invitations[0]: does not fit the rule schema' });
    expect(check(ruleSchema, rule)).toMatchObject({ ok: false, path: field });
  });

  it('reports a duplicate id and keeps the first', () => {
    const { rules, errors } = validateRules([good, { ...good, text: 'again' }]);
    expect(rules).toEqual([good]);
    expect(errors[0]).toMatchObject({ index: 1, id: 'ok', field: 'id', message: 'invitations[1].id: duplicates an earlier rule' });
  });

  it('never throws on junk', () => {
    for (const junk of [null, undefined, 5, 'x', [null], [5], [[]], [{}], { length: 3 }]) {
      expect(() => validateRules(junk)).not.toThrow();
      expect(validateRules(junk).rules).toEqual([]);
    }
    expect(validateRules({}).errors[0]).toMatchObject({ field: 'invitations' });
    expect(validateRules([null]).errors[0]!.message).toBe('invitations[0]: does not fit the rule schema');
    expect(check(ruleSchema, null)).toMatchObject({ ok: false, path: '', message: 'must be an object' });
  });
});
