// Webhook signing (Standard Webhooks) and delivery to a site's helpdesk with bounded retries.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { nanoid } from 'nanoid';
import { DELIVERY_CLASS, type DeliveryClass, type WebhookBody, type WebhookData, type WebhookType, type WebhookVisitor } from '../protocol/webhooks.js';
import { DeliveryQueue, type QueuedJob, type Shed } from './delivery-queue.js';
import type { WebhookDeliveryConfig } from './config.js';
import { webhookKey } from './config.js';

/** Largest helpdesk answer body the relay reads (catch-up messages live in it). */
const MAX_ANSWER_BYTES = 1024 * 1024;
const RETRY_AFTER_STATUSES = new Set([429, 502, 503, 504]);

/** Standard Webhooks signature header value for one delivery. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  return signWithKey(webhookKey(secret, 'webhook.secret'), id, timestampSeconds, body);
}

/** signWebhook with the secret already decoded to its key. */
function signWithKey(key: Buffer | KeyObject, id: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** Builds the JSON body every webhook shares: `{type, timestamp, data:{site, visitor, ...}}`. */
export function webhookBody<T extends WebhookType>(type: T, site: string, visitor: WebhookVisitor, data: WebhookData<T>): string {
  const body: WebhookBody<T> = { type, timestamp: new Date().toISOString(), data: { site, visitor, ...data } };
  return JSON.stringify(body);
}

export type DeliveryResult =
  | { ok: true; status: number; body: string; tries: number }
  | { ok: false; retryable: boolean; reason: string; status?: number; tries: number };

type TryResult =
  | { ok: true; status: number; body: string }
  | { ok: false; retryable: boolean; reason: string; status?: number; retryAfterMs?: number };

export interface WebhookTarget {
  url: string;
  secret: string;
}

/** Parses Retry-After (seconds or HTTP date) into milliseconds from now; undefined when absent or odd. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\s*\d+\s*$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Where one site's webhooks go. */
export interface SiteTarget extends WebhookTarget {
  site: string;
}

/** A site's endpoint as every request to it needs it, parsed once per URL. */
interface Endpoint {
  url: string;
  isHttps: boolean;
  hostname: string;
  port: string;
  path: string;
  /** The Host header (and Basic auth, if the URL has credentials), ready to send. */
  fixedHeaders: string[];
}

interface SiteLane {
  queue: DeliveryQueue<Delivery>;
  http: http.Agent;
  https: https.Agent;
  // The site's endpoint and key as last parsed and decoded: every webhook of a site shares them, and
  // the strings they came from tell when a config change replaced them.
  endpoint?: Endpoint | { url: string; bad: true };
  signing?: { secret: string; key: KeyObject };
}

/** What a delivery needs from its sender. */
interface SenderSide {
  readonly config: WebhookDeliveryConfig;
  readonly closing: boolean;
  /** The delivery starts or stops waiting out a backoff (drain cuts such waits short). */
  backingOff(d: Delivery, waiting: boolean): void;
  ended(d: Delivery, r: DeliveryResult | Shed): void;
}

/**
 * One webhook on its way: its tries, backoff and deadline. Callbacks rather than an async loop: the
 * first try of nearly every webhook succeeds, and it then costs one HTTP request and nothing else.
 */
class Delivery implements QueuedJob {
  /** Tries made so far. */
  private tried = 0;
  private last: Extract<TryResult, { ok: false }> = { ok: false, retryable: true, reason: 'not_attempted' };
  private done: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private settled = false;

  constructor(
    private readonly sender: SenderSide,
    private readonly lane: SiteLane,
    readonly target: SiteTarget,
    readonly type: WebhookType,
    readonly cls: DeliveryClass,
    readonly key: string | undefined,
    readonly deadline: number,
    private readonly id: string,
    private readonly body: string,
    private readonly tries: number,
    readonly started: number,
    readonly resolve: (r: DeliveryResult) => void,
  ) {}

  start(done: () => void): void {
    this.done = done;
    this.attempt();
  }

  shed(why: Shed): void {
    this.sender.ended(this, why);
  }

  /** Drain cut the backoff wait short: no more tries. */
  wake(): void {
    clearTimeout(this.timer);
    this.sender.backingOff(this, false);
    this.finish(this.given());
  }

  private attempt(): void {
    const left = this.deadline - Date.now();
    if (left <= 0) return this.finish(this.given());
    this.tried++;
    let req: http.ClientRequest;
    try {
      const r = this.request();
      if (typeof r === 'string') return queueMicrotask(() => this.tryEnded({ ok: false, retryable: false, reason: r }));
      req = r;
    } catch {
      // A header Node refuses (it checks every character): no try of the same request can pass.
      return queueMicrotask(() => this.tryEnded({ ok: false, retryable: false, reason: 'bad_request' }));
    }
    let ended = false;
    const end = (r: TryResult) => {
      if (ended) return;
      ended = true;
      clearTimeout(this.timer);
      this.tryEnded(r);
    };
    this.timer = setTimeout(() => {
      end({ ok: false, retryable: true, reason: 'timeout' });
      req.destroy();
    }, Math.min(this.sender.config.timeoutMs, left));
    req.on('error', (e: NodeJS.ErrnoException) => end({ ok: false, retryable: true, reason: `network_error:${e.code ?? 'unknown'}` }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(c);
      });
      res.on('error', () => end({ ok: false, retryable: true, reason: 'network_error:response' }));
      res.on('end', () => {
        if (status >= 200 && status < 300) return end({ ok: true, status, body: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') });
        const retryable = status >= 500 || status === 408 || status === 429;
        const retryAfterMs = RETRY_AFTER_STATUSES.has(status) ? parseRetryAfter(res.headers['retry-after']) : undefined;
        end({ ok: false, retryable, reason: `http_${status}`, status, retryAfterMs });
      });
    });
    req.end(this.body);
  }

  /** The signed POST of this webhook, or why there can be none. */
  private request(): http.ClientRequest | string {
    const { lane, target, id, body } = this;
    if (lane.endpoint?.url !== target.url) lane.endpoint = endpointOf(target.url);
    const ep = lane.endpoint;
    if ('bad' in ep) return 'bad_url';
    if (lane.signing?.secret !== target.secret) lane.signing = { secret: target.secret, key: createSecretKey(webhookKey(target.secret, 'webhook.secret')) };
    const timestamp = Math.floor(Date.now() / 1000);
    // Headers as a flat list: Node writes them as given instead of setting them one by one.
    const headers = [
      ...ep.fixedHeaders,
      'content-type', 'application/json',
      'content-length', String(Buffer.byteLength(body)),
      'user-agent', 'parley-relay',
      'webhook-id', id,
      'webhook-timestamp', String(timestamp),
      'webhook-signature', signWithKey(lane.signing.key, id, timestamp, body),
    ];
    const options = { hostname: ep.hostname, port: ep.port, path: ep.path, method: 'POST', headers, agent: ep.isHttps ? lane.https : lane.http };
    return (ep.isHttps ? https : http).request(options);
  }

  private tryEnded(r: TryResult): void {
    if (this.settled) return;
    if (r.ok) return this.finish({ ok: true, status: r.status, body: r.body, tries: this.tried });
    this.last = r;
    if (!r.retryable) return this.finish({ ok: false, retryable: false, reason: r.reason, status: r.status, tries: this.tried });
    if (this.tried >= this.tries || this.sender.closing) return this.finish(this.given());
    const { baseDelayMs, maxDelayMs } = this.sender.config;
    // Full jitter spreads a helpdesk's recovering load; Retry-After wins but never past the bound.
    const wait = r.retryAfterMs !== undefined ? Math.min(maxDelayMs, r.retryAfterMs) : Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (this.tried - 1));
    if (Date.now() + wait >= this.deadline) return this.finish(this.given());
    if (wait <= 0) return this.attempt();
    this.sender.backingOff(this, true);
    this.timer = setTimeout(() => {
      this.sender.backingOff(this, false);
      this.attempt();
    }, wait);
  }

  /** The result of giving up: the deadline when tries were left, else the last try's reason. */
  private given(): DeliveryResult {
    const { reason, status } = this.last;
    return { ok: false, retryable: true, reason: this.tried < this.tries && !this.sender.closing ? 'deadline' : reason, ...(status !== undefined ? { status } : {}), tries: this.tried };
  }

  private finish(r: DeliveryResult): void {
    if (this.settled) return;
    this.settled = true;
    // The queue's slot is given back at the end of the turn: Node returns the keep-alive socket to its
    // agent on the tick after the response ends, so the next webhook takes it at once instead of
    // waiting inside the agent (a request list and an AsyncResource per webhook); and the turn's
    // webhooks are written together, waking an idle helpdesk once for the lot, as frames to visitors are.
    if (this.done) setImmediate(this.done);
    this.sender.ended(this, r);
  }
}

/** What every request to `url` shares, or bad when it is not an http(s) URL. */
function endpointOf(url: string): Endpoint | { url: string; bad: true } {
  const u = URL.canParse(url) ? new URL(url) : null;
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return { url, bad: true };
  const isHttps = u.protocol === 'https:';
  // As Node would send them for this URL: brackets off an IPv6 host, the port only when not the default.
  const hostname = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  const fixedHeaders = ['host', u.host];
  if (u.username || u.password) fixedHeaders.push('authorization', `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`);
  return { url, isHttps, hostname, port: u.port || (isHttps ? '443' : '80'), path: `${u.pathname}${u.search}`, fixedHeaders };
}

/**
 * Delivers webhooks: each site has its own bounded queue and its own connections (so a slow helpdesk
 * of one site never delays another, even on the same host), with the delivery classes of DESIGN §3.
 * Tracks in-flight deliveries so shutdown can wait.
 */
export class WebhookSender implements SenderSide {
  private readonly lanes = new Map<string, SiteLane>();
  // A count, not a Set of promises: tracking each delivery's promise cost two more per message.
  private inFlight = 0;
  private readonly whenIdle: (() => void)[] = [];
  /** Deliveries waiting out a backoff, so drain can cut it short. */
  private readonly waiting = new Set<Delivery>();
  closing = false;

  constructor(
    readonly config: WebhookDeliveryConfig,
    private readonly onResult: (type: WebhookType, result: DeliveryResult, seconds: number, site: string) => void = () => {},
    private readonly onShed: (type: WebhookType, why: Shed, site: string) => void = () => {},
  ) {}

  /**
   * Signs and delivers one webhook through its site's queue; `tries` overrides the configured bound
   * (typing uses 1), `key` lets a newer `latest` event of the same key replace a waiting one.
   */
  send(target: SiteTarget, type: WebhookType, id: string | undefined, body: string, tries?: number, key?: string): Promise<DeliveryResult> {
    const cls = DELIVERY_CLASS[type];
    const lane = this.lane(target.site);
    // Acked deliveries answer a waiting visitor: one deadline covers the queue and every try.
    const deadline = cls === 'acked' ? Date.now() + this.config.deadlineMs : Infinity;
    this.inFlight++;
    return new Promise((resolve) => {
      lane.queue.push(
        new Delivery(this, lane, target, type, cls, key === undefined ? undefined : `${type}|${key}`, deadline, id ?? `evt_${nanoid(21)}`, body, tries ?? this.config.tries, performance.now(), resolve),
      );
    });
  }

  /** How many deliveries wait in the site's queue. */
  queued(site: string): number {
    return this.lanes.get(site)?.queue.waiting ?? 0;
  }

  /** Resolves once every in-flight delivery has finished; backoff waits are cut short. */
  async drain(): Promise<void> {
    this.closing = true;
    for (const d of [...this.waiting]) d.wake();
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.whenIdle.push(resolve));
    for (const l of this.lanes.values()) {
      l.http.destroy();
      l.https.destroy();
    }
  }

  backingOff(d: Delivery, waiting: boolean): void {
    if (waiting) this.waiting.add(d);
    else this.waiting.delete(d);
  }

  ended(d: Delivery, r: DeliveryResult | Shed): void {
    const shed = typeof r === 'string';
    try {
      if (shed) this.onShed(d.type, r, d.target.site);
      else this.onResult(d.type, r, (performance.now() - d.started) / 1000, d.target.site);
    } catch {
      // Metrics and logs must never break delivery.
    }
    d.resolve(shed ? { ok: false, retryable: true, reason: r, tries: 0 } : r);
    if (--this.inFlight === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
  }

  private lane(site: string): SiteLane {
    let l = this.lanes.get(site);
    if (!l) {
      const maxSockets = this.config.maxSockets;
      l = {
        queue: new DeliveryQueue<Delivery>(maxSockets, this.config.maxQueued),
        http: new http.Agent({ keepAlive: true, maxSockets }),
        https: new https.Agent({ keepAlive: true, maxSockets }),
      };
      this.lanes.set(site, l);
    }
    return l;
  }
}
