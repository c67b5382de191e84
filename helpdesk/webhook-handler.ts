// createWebhookHandler: the helpdesk's webhook endpoint (DESIGN §3) for node:http and for fetch-style
// servers. It verifies the Standard Webhooks signature and the timestamp window, answers a repeated
// webhook-id exactly as it answered the first, parses the body into its typed event, and answers with
// what `onEvent` returns (the catch-up for visitor.connected).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { array, any, int, object, optional, string, union, withDefault } from '../protocol/schema.js';
import { memoryDedupeStore, type DedupeStore, type StoredAnswer } from './dedupe.js';
import { parseEvent, type WebhookEvent } from './events.js';
import { resolveOptions } from './options.js';
import { signatureProblem, webhookKeys } from './signature.js';

/** What `onEvent` may answer: a JSON object for the 2xx body (visitor.connected: `{messages, resolved}`), or nothing. */
export type WebhookReply = object | void | undefined;

/** The codes of the handler's refusals, in its `{error: {code, message}}` answers. */
export type WebhookRefusalCode =
  | 'method_not_allowed'
  | 'body_too_large'
  | 'signature_missing'
  | 'signature_invalid'
  | 'timestamp_out_of_window'
  | 'body_invalid'
  | 'type_unknown'
  | 'handler_failed';

/** What `createWebhookHandler` takes: the secret, what to do with each event, and its bounds. */
export interface WebhookHandlerOptions {
  /** The site's `webhook.secret` (`whsec_…`); several during a rotation. */
  secret: string | readonly string[];
  /** Called once per webhook-id; a throw answers 500, so the relay retries. */
  onEvent: (event: WebhookEvent) => WebhookReply | Promise<WebhookReply>;
  /** How far a delivery's timestamp may be from now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Largest body read, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Where answers are remembered by webhook-id (default: in memory, `maxRemembered` of them). */
  dedupe?: DedupeStore;
  /** How many answers the default store keeps (default 10,000); older ones go first. */
  maxRemembered?: number;
}

const optionsSchema = object(
  {
    secret: union('a whsec_ secret or a list of them', string({ min: 1 }), array(string({ min: 1 }), { min: 1 })),
    onEvent: any(),
    toleranceSeconds: withDefault(int(1, 3600), 300),
    maxBodyBytes: withDefault(int(1024, 64 * 1024 * 1024), 1024 * 1024),
    dedupe: optional(any()),
    maxRemembered: withDefault(int(1, 10_000_000), 10_000),
  },
  { unknown: 'refuse' },
);

/** A delivery as the handler reads it, whatever server brought it. */
export interface WebhookRequest {
  method?: string;
  headers: Headers | Record<string, string | string[] | undefined>;
  body: string;
}

/** One endpoint for both kinds of server: `(req, res)` for node:http, `(request) => Response` for fetch. */
export interface WebhookHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  (request: Request): Promise<Response>;
  /** The answer to one delivery already read (for servers of other shapes). */
  handle(request: WebhookRequest): Promise<StoredAnswer>;
}

const answer = (status: number, body: unknown): StoredAnswer => ({ status, body: JSON.stringify(body) });
const refusal = (status: number, code: WebhookRefusalCode, message: string) => answer(status, { error: { code, message } });

const MESSAGES: Record<'signature_missing' | 'signature_invalid' | 'timestamp_out_of_window', string> = {
  signature_missing: 'webhook-id, webhook-timestamp and webhook-signature are required',
  signature_invalid: 'the signature does not verify with the webhook secret',
  timestamp_out_of_window: 'webhook-timestamp is outside the accepted window (a replay, or a clock far off)',
};

/** Builds the webhook endpoint; throws HelpdeskOptionError naming a bad option. */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const o = resolveOptions(optionsSchema, options, ['onEvent']);
  const keys = webhookKeys(typeof o.secret === 'string' ? [o.secret] : o.secret, 'secret');
  const onEvent = options.onEvent;
  const store: DedupeStore = options.dedupe ?? memoryDedupeStore({ max: o.maxRemembered });
  // Remembered for twice the window: a delivery older than that is refused by its timestamp anyway.
  const ttlMs = 2 * o.toleranceSeconds * 1000;
  // A retry arriving while the first delivery of its id is still being handled waits for that answer.
  const pending = new Map<string, Promise<StoredAnswer>>();

  async function handle(req: WebhookRequest): Promise<StoredAnswer> {
    if (req.method !== undefined && req.method.toUpperCase() !== 'POST') return refusal(405, 'method_not_allowed', 'webhooks are POSTed');
    if (Buffer.byteLength(req.body) > o.maxBodyBytes) return refusal(413, 'body_too_large', `the body is larger than ${o.maxBodyBytes} bytes`);
    const header = (name: string) => {
      const v = req.headers instanceof Headers ? req.headers.get(name) : req.headers[name];
      return (Array.isArray(v) ? v[0] : v) ?? undefined;
    };
    const id = header('webhook-id');
    const problem = signatureProblem(keys, { id, timestamp: header('webhook-timestamp'), signature: header('webhook-signature') }, req.body, o.toleranceSeconds);
    if (problem) return refusal(401, problem, MESSAGES[problem]);
    let known: StoredAnswer | undefined;
    try {
      known = await store.get(id!);
    } catch (e) {
      // Without the store a repeat cannot be told from a first: 500, and the relay tries again later.
      return refusal(500, 'handler_failed', `the dedupe store failed: ${e instanceof Error ? e.message : String(e)}`.slice(0, 500));
    }
    if (known) return known;
    let first = pending.get(id!);
    if (!first) {
      first = firstAnswer(id!, req.body);
      pending.set(id!, first);
      void first.finally(() => pending.delete(id!)).catch(() => {});
    }
    return first;
  }

  async function firstAnswer(id: string, body: string): Promise<StoredAnswer> {
    const parsed = parseEvent(id, body);
    let a: StoredAnswer;
    if (!parsed.ok) a = refusal(400, parsed.code, parsed.message);
    else {
      try {
        a = answer(200, (await onEvent(parsed.event)) ?? {});
      } catch (e) {
        // Not remembered: the relay's retry runs onEvent again.
        return refusal(500, 'handler_failed', `onEvent failed for ${parsed.event.type}: ${e instanceof Error ? e.message : String(e)}`.slice(0, 500));
      }
    }
    try {
      await store.set(id, a, ttlMs);
    } catch {
      // The answer is right all the same; only a later repeat of this id may run onEvent again.
    }
    return a;
  }

  async function forNode(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readNode(req, o.maxBodyBytes);
    const a =
      body === TOO_LARGE
        ? refusal(413, 'body_too_large', `the body is larger than ${o.maxBodyBytes} bytes`)
        : body === PARSED
          ? refusal(400, 'body_invalid', 'the body was parsed before the handler: pass it the raw body (express.raw()), which the signature covers')
          : await handle({ method: req.method, headers: req.headers, body });
    res.writeHead(a.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(a.body) });
    res.end(a.body);
  }

  async function forFetch(request: Request): Promise<Response> {
    const declared = Number(request.headers.get('content-length') ?? 0);
    const a =
      declared > o.maxBodyBytes
        ? refusal(413, 'body_too_large', `the body is larger than ${o.maxBodyBytes} bytes`)
        : await handle({ method: request.method, headers: request.headers, body: await request.text() });
    return new Response(a.body, { status: a.status, headers: { 'content-type': 'application/json' } });
  }

  const handler = ((req: IncomingMessage | Request, res?: ServerResponse) =>
    isFetchRequest(req) ? forFetch(req) : forNode(req, res!)) as WebhookHandler;
  handler.handle = handle;
  return handler;
}

function isFetchRequest(r: unknown): r is Request {
  return (typeof Request !== 'undefined' && r instanceof Request) || (typeof (r as Request).text === 'function' && typeof (r as Request).headers?.get === 'function');
}

/**
 * The raw body of a node:http request, which the signature covers. A framework that already read it
 * must leave it raw (`express.raw()`): a parsed object cannot be verified.
 */
const TOO_LARGE = Symbol('too large');
const PARSED = Symbol('parsed');
function readNode(req: IncomingMessage & { body?: unknown }, limit: number): Promise<string | typeof TOO_LARGE | typeof PARSED> {
  if (typeof req.body === 'string') return Promise.resolve(req.body);
  if (Buffer.isBuffer(req.body)) return Promise.resolve(req.body.toString('utf8'));
  if (req.body !== undefined) return Promise.resolve(PARSED);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(TOO_LARGE);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    // The connection broke mid-body: whatever is answered goes nowhere, and the relay retries.
    req.on('error', () => resolve(PARSED));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
