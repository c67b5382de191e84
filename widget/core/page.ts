// The page the visitor is on, as hello and page frames carry it: redacted before it leaves the
// browser (no fragment, no secret-looking query parameter; protocol/redact.ts), the relay redacting
// again.
// Owns: reading and redacting the page. Must not: send anything.
import type { PageInfo } from '../../protocol/client-frames.js';
import { redactUrl } from '../../protocol/redact.js';

/** The page as a frame may carry it. */
export function redactPage(p: PageInfo, extra: readonly string[] = []): PageInfo {
  return { ...p, url: redactUrl(p.url, extra), ...(p.referrer ? { referrer: redactUrl(p.referrer, extra) } : {}) };
}

/** This document's URL, title and referrer (about:blank outside a browser). */
export function currentPage(): PageInfo {
  if (typeof location === 'undefined') return { url: 'about:blank' };
  return { url: location.href, title: document.title, referrer: document.referrer };
}

/** The page after a navigation: a single-page app's referrer is the page it came from. */
export function nextPage(prev: PageInfo, p?: Partial<PageInfo>): PageInfo {
  const cur = currentPage();
  return { ...cur, ...(p ?? {}), referrer: prev.url !== cur.url ? prev.url : cur.referrer };
}
