// createRelayClient: one typed method per call of the relay's HTTP API (DESIGN §4), made from the list
// of calls in protocol/routes.ts, so a call added there is a method here. Errors are values: the API's
// own `code`, or `network_error`, `timeout`, `bad_answer` when no API answer came.
import type { ApiErrorCode } from '../protocol/api.js';
import { apiRoutes, pathParams, type ApiRoute } from '../protocol/routes.js';
import { any, check, int, isObject, object, optional, string, withDefault, type Infer, type Input } from '../protocol/schema.js';
import { httpUrl } from '../protocol/shapes.js';
import { resolveOptions } from './options.js';

/** What `createRelayClient` takes: where the relay is, which site, its API secret, and a time bound. */
export interface RelayClientOptions {
  /** The relay's base URL (`https://chat.example.com`). */
  relay: string;
  /** The site's id in the relay's config. */
  site: string;
  /** The site's `apiSecret`. */
  apiSecret: string;
  /** How long one call may take, in milliseconds (default 10,000); then it fails with `timeout`. */
  timeoutMs?: number;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

const optionsSchema = object(
  {
    relay: httpUrl(),
    site: string({ min: 1, max: 256 }),
    apiSecret: string({ min: 1 }),
    timeoutMs: withDefault(int(1, 600_000), 10_000),
    fetch: optional(any()),
  },
  { unknown: 'refuse' },
);

/** Why a call failed: the API's code, or what kept an API answer from coming. */
export type RelayErrorCode = ApiErrorCode | 'network_error' | 'timeout' | 'bad_answer';

/** A failed call: `status` is the HTTP status when an answer came. */
export interface RelayError {
  code: RelayErrorCode;
  message: string;
  status?: number;
}

/** What a call resolves to; it never rejects. */
export type RelayResult<T> = { ok: true; value: T; status: number } | { ok: false; error: RelayError };

type Routes = typeof apiRoutes;
/** One string per `{name}` of the path other than `{site}`, in order (`visitorId`). */
type PathArgs<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? (N extends 'site' ? PathArgs<Rest> : [string, ...PathArgs<Rest>]) : [];
type BodyArgs<R> = R extends { body: infer B } ? [body: Input<B>] : R extends { query: infer Q } ? [query?: Input<Q>] : [];
type Method<R extends ApiRoute> = (...args: [...PathArgs<R['path']>, ...BodyArgs<R>]) => Promise<RelayResult<Infer<R['answer']>>>;

/** The client: `sendMessage(visitorId, {text, author})`, `setPresence({agentsOnline})`, … one per call. */
export type RelayClient = { [K in keyof Routes]: Method<Routes[K]> };

/** Builds a client for one site; throws HelpdeskOptionError naming a bad option. */
export function createRelayClient(options: RelayClientOptions): RelayClient {
  const o = resolveOptions(optionsSchema, options, ['fetch']);
  const doFetch: typeof fetch = options.fetch ?? fetch;
  const base = o.relay.replace(/\/+$/, '');
  const client: Record<string, (...args: unknown[]) => Promise<RelayResult<unknown>>> = {};

  for (const [name, route] of Object.entries(apiRoutes) as [string, ApiRoute][]) {
    const params = pathParams(route.path).filter((p) => p !== 'site');
    client[name] = async (...args) => {
      let path = route.path.replace('{site}', encodeURIComponent(o.site));
      params.forEach((p, i) => (path = path.replace(`{${p}}`, encodeURIComponent(String(args[i] ?? '')))));
      const rest = args[params.length];
      const query = route.query && isObject(rest) ? `?${new URLSearchParams(Object.entries(rest).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))}` : '';
      return call(route, `${base}${path}${query === '?' ? '' : query}`, route.body ? rest : undefined);
    };
  }

  async function call(route: ApiRoute, url: string, body: unknown): Promise<RelayResult<unknown>> {
    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, {
        method: route.method,
        headers: {
          ...(route.auth ? { authorization: `Bearer ${o.apiSecret}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          accept: 'application/json',
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      return {
        ok: false,
        error: timedOut
          ? { code: 'timeout', message: `${route.method} ${url} took longer than ${o.timeoutMs} ms` }
          : { code: 'network_error', message: `${route.method} ${url} failed: ${networkCause(e)}` },
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, error: { code: 'bad_answer', message: `the relay answered ${res.status} without JSON`, status: res.status } };
    }
    if (res.status === route.status) {
      const r = check(route.answer, json);
      return r.ok ? { ok: true, value: r.value, status: res.status } : { ok: false, error: { code: 'bad_answer', message: `the answer's "${r.path}" ${r.message}`, status: res.status } };
    }
    const e = isObject(json) && isObject(json.error) ? json.error : undefined;
    if (e && typeof e.code === 'string' && typeof e.message === 'string') return { ok: false, error: { code: e.code as ApiErrorCode, message: e.message, status: res.status } };
    return { ok: false, error: { code: 'bad_answer', message: `the relay answered ${res.status} without an error code`, status: res.status } };
  }

  return client as RelayClient;
}

/** The socket-level reason under fetch's "fetch failed" (ECONNREFUSED, ENOTFOUND, …). */
function networkCause(e: unknown): string {
  const cause = e instanceof Error ? (e.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}
