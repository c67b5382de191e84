// What of a page address leaves the browser (DESIGN §5): never the fragment, and no query parameter
// whose name, or any `_`/`-` part of it, is on the redact list (`reset_token`, `auth-code`, `apiKey`
// is not split). The widget applies it before any frame and the relay again to what it forwards.

/** Parameter names (and name parts) always redacted. */
export const REDACT_DEFAULTS = ['token', 'code', 'password', 'secret', 'key', 'auth', 'session', 'reset'];

/** Whether a query parameter of this name is redacted under `words` (lower-case). */
function redacted(name: string, words: readonly string[]): boolean {
  const n = name.toLowerCase();
  return words.indexOf(n) >= 0 || n.split(/[_-]/).some((part) => words.indexOf(part) >= 0);
}

/** The URL without its fragment and without redacted query parameters; text that is not a URL is returned cut at `#`. */
export function redactUrl(url: string, extra: readonly string[] = []): string {
  const words = extra.length ? REDACT_DEFAULTS.concat(extra.map((w) => w.toLowerCase())) : REDACT_DEFAULTS;
  const hash = url.indexOf('#');
  const noHash = hash >= 0 ? url.slice(0, hash) : url;
  const q = noHash.indexOf('?');
  if (q < 0) return noHash;
  const kept = noHash
    .slice(q + 1)
    .split('&')
    .filter((pair) => {
      if (!pair) return false;
      const eq = pair.indexOf('=');
      let name = eq >= 0 ? pair.slice(0, eq) : pair;
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the name as written.
      }
      return !redacted(name, words);
    });
  return noHash.slice(0, q) + (kept.length ? '?' + kept.join('&') : '');
}
