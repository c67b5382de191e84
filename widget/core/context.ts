// The visit's context for the helpdesk (DESIGN §11): time zone, languages, device, screen, the
// visit's landing page and campaign, and how many visits this browser made. Nothing else is read.
// A visit ends after 30 minutes without a page of the site, as analytics tools count them.
// Owns: what is collected and what a visit is. Must not: send or store anything.
import type { Utm, VisitContext } from '../../protocol/context.js';
import { redactUrl } from '../../protocol/redact.js';

const VISIT_GAP_MS = 30 * 60_000;
const UTM = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/** What is kept between pages about the visits. */
export interface VisitRecord {
  visits: number;
  /** When a page of the site last loaded. */
  last: number;
  /** The visit's first page, redacted by the default list. */
  landing: string;
  utm?: Utm;
}

/** The record after a page load at `url`: the same visit within 30 minutes, else a new one landing here. */
export function nextVisit(prev: VisitRecord | undefined, url: string, now = Date.now()): VisitRecord {
  if (prev && now - prev.last < VISIT_GAP_MS) return { ...prev, last: now };
  const utm: Utm = {};
  try {
    const q = new URL(url).searchParams;
    for (const k of UTM) {
      const v = q.get('utm_' + k);
      if (v) utm[k] = v.slice(0, 200);
    }
  } catch {
    // `about:blank` and the like have no campaign.
  }
  return { visits: (prev?.visits ?? 0) + 1, last: now, landing: redactUrl(url), utm };
}

/** The context hello carries; `redact` is the site's own list of query parameters to drop. */
export function visitContext(visit: VisitRecord | undefined, redact?: readonly string[]): VisitContext {
  const c: VisitContext = { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  if (typeof screen == 'object') {
    const w = screen.width;
    const h = screen.height;
    c.screen = { w, h };
    c.languages = navigator.languages.slice(0, 10);
    // A coarse pointer is a finger: a phone when the short side is small, else a tablet.
    c.device = matchMedia('(pointer: coarse)').matches ? (Math.min(w, h) < 600 ? 'mobile' : 'tablet') : 'desktop';
  }
  if (visit) {
    c.landing = redactUrl(visit.landing, redact);
    c.visits = visit.visits;
    c.utm = visit.utm;
  }
  return c;
}
