// Business hours (DESIGN §8): the `hours` section of a site's config, and whether the site is open at
// an instant, when it opens next and when that changes. Times are wall-clock times in the site's own
// time zone, turned into instants with the platform's time-zone data (Intl), so a DST change moves
// the instants and never the wall-clock hours. Pure: the clock is an argument.
import { array, object, optional, record, string, withDefault, type Infer } from './schema.js';

const HHMM = '([01]\\d|2[0-3]):[0-5]\\d';
/** A range as written: `HH:MM-HH:MM`, `24:00` allowed as an end; an end before the start runs overnight. */
export const RANGE_PATTERN = new RegExp(`^${HHMM}-(${HHMM}|24:00)$`);
/** A calendar date as written: `YYYY-MM-DD`. */
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const range = () =>
  string({
    pattern: RANGE_PATTERN,
    what: 'a time range like "08:00-17:30" (24:00 allowed as an end, "22:00-02:00" runs overnight)',
    refine: (r) => (r.slice(0, 5) === r.slice(6) ? 'is an empty range (start and end are the same)' : undefined),
  });
const ranges = () => array(range(), { max: 24 });
const date = () => string({ pattern: DATE_PATTERN, what: 'a date like "2027-02-05"' });

/** Whether the platform knows this IANA time zone name. */
export function knownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const hoursSchema = object(
  {
    timeZone: string({
      min: 1,
      max: 64,
      what: 'an IANA time zone like "Asia/Ho_Chi_Minh"',
      refine: (tz) => (knownTimeZone(tz) ? undefined : `is not a time zone this platform knows (an IANA name like "Asia/Ho_Chi_Minh" or "Europe/Berlin")`),
    }),
    /** A weekday left out is closed. */
    weekly: withDefault(
      object(
        { mon: optional(ranges()), tue: optional(ranges()), wed: optional(ranges()), thu: optional(ranges()), fri: optional(ranges()), sat: optional(ranges()), sun: optional(ranges()) },
        { unknown: 'refuse', noun: 'weekday (mon, tue, wed, thu, fri, sat, sun)' },
      ),
      {},
    ),
    closedDates: withDefault(array(date(), { max: 1000 }), []),
    specialDates: withDefault(record(ranges(), { keyPattern: DATE_PATTERN, maxKeys: 1000 }), {}),
  },
  {
    unknown: 'refuse',
    refine: (h) => {
      const i = h.closedDates.findIndex((d) => d in h.specialDates);
      return i < 0 ? undefined : { at: `.closedDates[${i}]`, message: `is also in specialDates; a day is either closed or has special hours` };
    },
  },
);
/** `hours`: a site's time zone, weekly ranges, closed and special dates. */
export type Hours = Infer<typeof hoursSchema>;

/** Whether the site is open at one instant, when it next opens, and when either changes. */
export interface OpenState {
  open: boolean;
  /** ISO-8601 time of the next opening, only while closed; absent when none lies within the horizon. */
  opensAt?: string;
  /** Epoch ms of the next change of `open`; absent when none lies within the horizon. */
  nextChange?: number;
}

/** How far ahead the schedule looks for an opening (a year, DESIGN §8). */
export const HORIZON_DAYS = 366;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock fields in `tz` at instant `ms`. */
function wallClock(tz: string, ms: number): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute!, s: p.second! };
}

/** How far `tz`'s wall clock is ahead of UTC at instant `ms`. */
function offsetMs(tz: string, ms: number): number {
  const w = wallClock(tz, ms);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time in `tz` names. `day` is days since the epoch of the local calendar
 * date. A time skipped by a DST change (02:30 on a spring-forward night) lands just after the gap.
 */
function instant(tz: string, day: number, minutes: number): number {
  const local = day * 86_400_000 + minutes * 60_000;
  const first = local - offsetMs(tz, local);
  const second = local - offsetMs(tz, first);
  return second === first ? first : Math.max(first, second);
}

const isoDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The ranges that start on local date `day`: special hours, else none if closed, else the weekday's. */
function rangesOn(h: Hours, day: number): readonly string[] {
  const iso = isoDate(day);
  const special = Object.prototype.hasOwnProperty.call(h.specialDates, iso) ? h.specialDates[iso] : undefined;
  if (special) return special;
  if (h.closedDates.includes(iso)) return [];
  return h.weekly[WEEKDAYS[new Date(day * 86_400_000).getUTCDay()]!] ?? [];
}

/** Open intervals (epoch ms, end exclusive) starting on local date `day`, in start order. */
function intervalsOn(h: Hours, day: number): [number, number][] {
  return rangesOn(h, day)
    .map((r): [number, number] => {
      const start = minutesOf(r);
      let end = minutesOf(r.slice(6));
      // An end at or before the start belongs to the next day (overnight; 24:00 is the next midnight).
      if (end <= start) end += 24 * 60;
      return [instant(h.timeZone, day, start), instant(h.timeZone, day, end)];
    })
    .sort((a, b) => a[0] - b[0]);
}

/** Whether a site with these hours is open at `now` (epoch ms), when it opens next and when that changes. */
export function openState(h: Hours | undefined, now: number, horizonDays = HORIZON_DAYS): OpenState {
  if (!h) return { open: true };
  const w = wallClock(h.timeZone, now);
  const today = Math.floor(Date.UTC(w.y, w.m - 1, w.d) / 86_400_000);
  // Yesterday's overnight range may still run; touching ranges (a 24/7 week) merge into one.
  let cur: [number, number] | null = null;
  const settle = (c: [number, number]): OpenState | null => {
    if (c[1] <= now) return null;
    return c[0] <= now ? { open: true, nextChange: c[1] } : { open: false, opensAt: new Date(c[0]).toISOString(), nextChange: c[0] };
  };
  for (let day = today - 1; day <= today + horizonDays; day++) {
    for (const iv of intervalsOn(h, day)) {
      if (cur && iv[0] <= cur[1]) {
        cur[1] = Math.max(cur[1], iv[1]);
        continue;
      }
      if (cur) {
        const s = settle(cur);
        if (s) return s;
      }
      cur = iv;
      // Closed now and this opening is the first after now: no need to know where it ends.
      if (cur[0] > now) return settle(cur)!;
    }
  }
  const s = cur && settle(cur);
  if (s?.open) return { open: true };
  return { open: false };
}
