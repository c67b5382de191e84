// The widget's one way to GET a JSON document: no cookies, a time limit, and null on any failure,
// because nothing it fetches (config, FAQ) is ever a reason for an error the visitor would see.
// Owns: the GET. Must not: throw.

/** The parsed JSON at `url`, or null when it cannot be had within `timeoutMs`. */
export async function fetchJson(url: string, timeoutMs: number): Promise<unknown> {
  if (typeof fetch !== 'function') return null;
  const ctl = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = setTimeout(() => ctl?.abort(), timeoutMs);
  try {
    const res = await fetch(url, { signal: ctl?.signal, credentials: 'omit' });
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
