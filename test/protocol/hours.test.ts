// Business hours: open/opensAt at chosen instants (the clock is an argument), across a DST change, in
// Vietnam's zone, overnight, on closed and special dates, and the timer that follows the boundaries.
import { describe, expect, it } from 'vitest';
import { hoursSchema, openState, type Hours } from '../../protocol/hours.js';
import { check } from '../../protocol/schema.js';
import { SiteSchedules } from '../../relay/schedule.js';

const hours = (h: unknown): Hours => {
  const r = check(hoursSchema, h);
  if (!r.ok) throw new Error(`${r.path} ${r.message}`);
  return r.value;
};
const at = (iso: string) => Date.parse(iso);
const WEEKDAYS = { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] };

describe('openState', () => {
  it('without hours a site is always open', () => {
    expect(openState(undefined, at('2027-01-01T03:00:00Z'))).toEqual({ open: true });
  });

  it('Europe/Berlin: the same wall-clock hours before and after the spring DST change', () => {
    const h = hours({ timeZone: 'Europe/Berlin', weekly: WEEKDAYS });
    // Friday 2027-03-26 at 18:00 CET (UTC+1): closed; Monday after the change opens at 09:00 CEST (UTC+2).
    expect(openState(h, at('2027-03-26T17:00:00Z'))).toEqual({ open: false, opensAt: '2027-03-29T07:00:00.000Z', nextChange: at('2027-03-29T07:00:00Z') });
    // Friday before, in winter time, 09:00 was 08:00 UTC.
    expect(openState(h, at('2027-03-26T08:00:00Z')).open).toBe(true);
    expect(openState(h, at('2027-03-26T07:59:00Z')).open).toBe(false);
    // Monday after: 07:30 UTC is 09:30 CEST, open until 17:00 CEST = 15:00 UTC.
    expect(openState(h, at('2027-03-29T07:30:00Z'))).toEqual({ open: true, nextChange: at('2027-03-29T15:00:00Z') });
    // Autumn: back to UTC+1 on 2027-10-31.
    expect(openState(h, at('2027-10-30T12:00:00Z')).opensAt).toBe('2027-11-01T08:00:00.000Z');
  });

  it('Europe/Berlin: an overnight range over the night the clocks go forward is an hour shorter', () => {
    const h = hours({ timeZone: 'Europe/Berlin', weekly: { sat: ['22:00-06:00'] } });
    const s = openState(h, at('2027-03-27T21:30:00Z')); // 22:30 CET Saturday
    expect(s.open).toBe(true);
    expect(s.nextChange).toBe(at('2027-03-28T04:00:00Z')); // 06:00 CEST Sunday
  });

  it('Asia/Ho_Chi_Minh: weekly ranges, a closed date and a special date', () => {
    const h = hours({
      timeZone: 'Asia/Ho_Chi_Minh',
      weekly: { mon: ['08:00-17:30'], tue: ['08:00-17:30'], wed: ['08:00-17:30'], thu: ['08:00-17:30'], fri: ['08:00-17:30'], sat: ['08:00-12:00'], sun: [] },
      closedDates: ['2027-02-05'],
      specialDates: { '2027-02-13': ['09:00-12:00'] },
    });
    // Thursday 2027-02-04 17:00 local (10:00Z): open until 17:30 local.
    expect(openState(h, at('2027-02-04T10:00:00Z'))).toEqual({ open: true, nextChange: at('2027-02-04T10:30:00Z') });
    // Thursday 18:00 local: Friday the 5th is closed, so it opens Saturday 08:00 local (01:00Z).
    expect(openState(h, at('2027-02-04T11:00:00Z')).opensAt).toBe('2027-02-06T01:00:00.000Z');
    // Saturday 2027-02-13 08:30 local: the special date replaces 08:00-12:00 with 09:00-12:00.
    expect(openState(h, at('2027-02-13T01:30:00Z'))).toEqual({ open: false, opensAt: '2027-02-13T02:00:00.000Z', nextChange: at('2027-02-13T02:00:00Z') });
    // Sunday (an empty list): closed until Monday 08:00.
    expect(openState(h, at('2027-02-07T05:00:00Z')).opensAt).toBe('2027-02-08T01:00:00.000Z');
  });

  it('an overnight range belongs to the day it starts on and runs into the next, even a closed one', () => {
    const h = hours({ timeZone: 'Asia/Ho_Chi_Minh', weekly: { fri: ['22:00-02:00'] }, closedDates: ['2027-02-06'] });
    // Saturday 2027-02-06 01:00 local: Friday's range still runs though Saturday is closed.
    expect(openState(h, at('2027-02-05T18:00:00Z'))).toEqual({ open: true, nextChange: at('2027-02-05T19:00:00Z') });
    expect(openState(h, at('2027-02-05T19:00:00Z')).open).toBe(false);
  });

  it('touching ranges merge: a 24/7 week has no boundary at midnight', () => {
    const all = ['00:00-24:00'];
    const h = hours({ timeZone: 'Europe/Berlin', weekly: { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all } });
    expect(openState(h, at('2027-03-28T01:30:00Z'))).toEqual({ open: true });
    const split = hours({ timeZone: 'Europe/Berlin', weekly: { mon: ['20:00-24:00'], tue: ['00:00-08:00'] } });
    expect(openState(split, at('2027-03-29T20:00:00Z')).nextChange).toBe(at('2027-03-30T06:00:00Z'));
  });

  it('a closure longer than Node timers can wait, and none at all within a year', () => {
    const h = hours({ timeZone: 'Asia/Ho_Chi_Minh', specialDates: { '2027-03-15': ['08:00-17:00'] } });
    const s = openState(h, at('2027-02-01T00:00:00Z'));
    expect(s).toMatchObject({ open: false, opensAt: '2027-03-15T01:00:00.000Z' });
    expect(s.nextChange! - at('2027-02-01T00:00:00Z')).toBeGreaterThan(2 ** 31);
    expect(openState(hours({ timeZone: 'Asia/Ho_Chi_Minh' }), at('2027-02-01T00:00:00Z'))).toEqual({ open: false });
  });
});

describe('hours in the config', () => {
  const problem = (h: unknown) => {
    const r = check(hoursSchema, h, 'hours');
    return r.ok ? null : `${r.path} ${r.message}`;
  };
  it('names the field that is wrong', () => {
    expect(problem({ timeZone: 'Mars/Olympus' })).toMatch(/^hours\.timeZone is not a time zone/);
    expect(problem({ timeZone: 'UTC', weekly: { mon: ['8:00-17:00'] } })).toMatch(/^hours\.weekly\.mon\[0\] must be a time range/);
    expect(problem({ timeZone: 'UTC', weekly: { mon: ['25:00-26:00'] } })).toMatch(/^hours\.weekly\.mon\[0\]/);
    expect(problem({ timeZone: 'UTC', weekly: { mon: ['09:00-09:00'] } })).toMatch(/^hours\.weekly\.mon\[0\] is an empty range/);
    expect(problem({ timeZone: 'UTC', weekly: { monday: [] } })).toMatch(/^hours\.weekly\.monday is not a known weekday/);
    expect(problem({ timeZone: 'UTC', closedDates: ['05/02/2027'] })).toMatch(/^hours\.closedDates\[0\] must be a date/);
    expect(problem({ timeZone: 'UTC', specialDates: { tet: [] } })).toMatch(/^hours\.specialDates\.tet /);
    expect(problem({ timeZone: 'UTC', closedDates: ['2027-02-05'], specialDates: { '2027-02-05': [] } })).toMatch(/^hours\.closedDates\[0\] is also in specialDates/);
    expect(problem({ timeZone: 'UTC', weekly: { sat: ['22:00-02:00', '08:00-24:00'] } })).toBeNull();
  });
});

describe('SiteSchedules', () => {
  it('arms at most a day at a time through a long closure and reports the opening once', () => {
    let now = at('2027-02-01T00:00:00Z');
    const timers: { fn: () => void; ms: number }[] = [];
    const changes: unknown[] = [];
    const h = hours({ timeZone: 'Asia/Ho_Chi_Minh', specialDates: { '2027-03-15': ['08:00-17:00'] } });
    const s = new SiteSchedules([{ id: 'acme', hours: h }], (site, a) => changes.push([site, a]), {
      now: () => now,
      setTimer: (fn, ms) => {
        const t = { fn, ms };
        timers.push(t);
        return () => timers.splice(timers.indexOf(t), 1);
      },
    });
    s.start();
    expect(s.get('acme')).toEqual({ open: false, opensAt: '2027-03-15T01:00:00.000Z' });
    let fired = 0;
    while (changes.length === 0 && fired < 100) {
      expect(timers).toHaveLength(1);
      const t = timers.shift()!;
      expect(t.ms).toBeLessThanOrEqual(24 * 3600 * 1000);
      now += t.ms;
      t.fn();
      fired++;
    }
    expect(now).toBe(at('2027-03-15T01:00:00Z'));
    expect(fired).toBeGreaterThan(25);
    expect(changes).toEqual([['acme', { open: true }]]);
    expect(s.get('acme')).toEqual({ open: true });
    s.stop();
    expect(timers).toHaveLength(0);
    expect(s.get('other')).toEqual({ open: true });
  });
});
