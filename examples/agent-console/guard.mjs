// Who may use the console's /api: people copy examples, so this one is safe to leave running on a
// laptop. A page on another origin can POST at it without CORS (`no-cors`, text/plain), and DNS
// rebinding lets a foreign name point at 127.0.0.1 and read its answers; so every /api call must
// name this console's own host, come from its own origin if from a browser, carry the per-start
// token, and (when it has a body) be JSON, which a cross-origin form or no-cors fetch cannot send.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The header the console's page sends its token in. */
export const TOKEN_HEADER = 'x-console-token';

/** A guard for one console listening on `host:port`; `token` is random per start unless given. */
export function createGuard({ host, port, token = randomBytes(24).toString('base64url') }) {
  const hosts = new Set([`${host}:${port}`]);
  // The loopback names all mean this machine: the agent may type any of them.
  if (['127.0.0.1', 'localhost', '::1'].includes(host)) for (const h of ['127.0.0.1', 'localhost', '[::1]']) hosts.add(`${h}:${port}`);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  const want = Buffer.from(token);

  /** Whether the request names this console as its Host (false under DNS rebinding). */
  const hostOk = (req) => hosts.has(String(req.headers.host ?? '').toLowerCase());

  /** Why an /api request is refused, as `{status, code, message}`, or null when it may go on. */
  function refusal(req, url) {
    if (!hostOk(req)) return { status: 421, code: 'host_refused', message: 'the Host header is not this console' };
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin)) return { status: 403, code: 'origin_refused', message: 'requests from other origins are refused' };
    // EventSource cannot send headers: the stream alone takes the token in its query.
    const given = Buffer.from(String(req.headers[TOKEN_HEADER] ?? (req.method === 'GET' ? url.searchParams.get('token') ?? '' : '')));
    if (given.length !== want.length || !timingSafeEqual(given, want)) return { status: 401, code: 'token_invalid', message: `the ${TOKEN_HEADER} header is missing or wrong (the token is printed with the console's URL)` };
    if (req.method !== 'GET' && !/^application\/json(\s*;|$)/i.test(String(req.headers['content-type'] ?? ''))) return { status: 415, code: 'json_required', message: 'bodies must be application/json' };
    return null;
  }

  return { token, hostOk, refusal };
}
