// Per-site Origin allow-list. Patterns are exact origins, `scheme://*.domain[:port]` for any
// subdomain (never the bare domain itself), or `*` for any origin (development only).

export interface OriginPattern {
  any: boolean;
  protocol: string;
  /** Exact host, or the suffix after `*.` for wildcards. */
  host: string;
  wildcard: boolean;
  port: string;
}

/** Parses an allow-list entry; null when it is not an origin. */
export function parseOriginPattern(pattern: string): OriginPattern | null {
  if (pattern === '*') return { any: true, protocol: '', host: '', wildcard: false, port: '' };
  const m = /^(https?):\/\/(\*\.)?([^/:*?#@\s]+)(?::(\d{1,5}))?\/?$/i.exec(pattern);
  if (!m) return null;
  const protocol = m[1]!.toLowerCase();
  const port = m[4] ?? '';
  const defaultPort = protocol === 'https' ? '443' : '80';
  return { any: false, protocol, wildcard: Boolean(m[2]), host: m[3]!.toLowerCase(), port: port === defaultPort ? '' : port };
}

/** An origin checker for one site's allow-list, compiled once. */
export function originMatcher(patterns: string[]): (origin: string | undefined) => boolean {
  const compiled = patterns.map(parseOriginPattern).filter((p): p is OriginPattern => p !== null);
  return (origin) => {
    if (compiled.some((p) => p.any)) return true;
    if (!origin || origin === 'null') return false;
    let u: URL;
    try {
      u = new URL(origin);
    } catch {
      return false;
    }
    const protocol = u.protocol.replace(/:$/, '');
    const host = u.hostname.toLowerCase();
    return compiled.some(
      (p) =>
        p.protocol === protocol &&
        p.port === u.port &&
        (p.wildcard ? host.endsWith(`.${p.host}`) && host.length > p.host.length + 1 : host === p.host),
    );
  };
}
