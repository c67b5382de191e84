// Turns the relay's base URL (http(s) or ws(s), possibly with a path prefix) into the endpoints.
// Owns: the endpoints' shapes. Must not: fetch or connect.

function base(relay: string, secure: 'https:' | 'wss:', plain: 'http:' | 'ws:'): URL {
  const u = new URL(relay, typeof location !== 'undefined' ? location.href : undefined);
  const isSecure = u.protocol === 'https:' || u.protocol === 'wss:';
  u.protocol = isSecure ? secure : plain;
  return u;
}

function path(u: URL): string {
  return u.pathname.replace(/\/+$/, '');
}

/** `https://chat.example.com` → `wss://chat.example.com/v1/ws?site=acme`. */
export function wsUrl(relay: string, site: string): string {
  const u = base(relay, 'wss:', 'ws:');
  return `${u.origin.replace(/^http/, 'ws')}${path(u)}/v1/ws?site=${encodeURIComponent(site)}`;
}

/** `wss://chat.example.com/` → `https://chat.example.com` (no trailing slash). */
export function httpBase(relay: string): string {
  const u = base(relay, 'https:', 'http:');
  return `${u.origin.replace(/^ws/, 'http')}${path(u)}`;
}
