// Webhook signing (Standard Webhooks) and delivery to a site's helpdesk with bounded retries.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { nanoid } from 'nanoid';
import { DELIVERY_CLASS, type WebhookBody, type WebhookData, type WebhookType, type WebhookVisitor } from '../protocol/webhooks.js';
import { DeliveryQueue, type Shed } from './delivery-queue.js';
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
function signWithKey(key: Buffer, id: string, timestampSeconds: number, body: string): string {
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

interface SiteLane {
  queue: DeliveryQueue<DeliveryResult>;
  http: http.Agent;
  https: https.Agent;
  // The site's endpoint and key as last parsed and decoded: every webhook of a site shares them, and
  // the strings they came from tell when a config change replaced them.
  endpoint?: { url: string; parsed: URL | null };
  signing?: { secret: string; key: Buffer };
}

/**
 * Delivers webhooks: each site has its own bounded queue and its own connections (so a slow helpdesk
 * of one site never delays another, even on the same host), with the delivery classes of DESIGN §3.
 * Tracks in-flight deliveries so shutdown can wait.
 */
export class WebhookSender {
  private readonly lanes = new Map<string, SiteLane>();
  // A count, not a Set of promises: tracking each delivery's promise cost two more per message.
  private inFlight = 0;
  private readonly whenIdle: (() => void)[] = [];
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private closing = false;

  constructor(
    private readonly delivery: WebhookDeliveryConfig,
    private readonly onResult: (type: WebhookType, result: DeliveryResult, seconds: number, site: string) => void = () => {},
    private readonly onShed: (type: WebhookType, why: Shed, site: string) => void = () => {},
  ) {}

  /**
   * Signs and delivers one webhook through its site's queue; `tries` overrides the configured bound
   * (typing uses 1), `key` lets a newer `latest` event of the same key replace a waiting one.
   */
  send(target: SiteTarget, type: WebhookType, id: string | undefined, body: string, opts: { tries?: number; key?: string } = {}): Promise<DeliveryResult> {
    const cls = DELIVERY_CLASS[type];
    const lane = this.lane(target.site);
    // Acked deliveries answer a waiting visitor: one deadline covers the queue and every try.
    const deadline = cls === 'acked' ? Date.now() + this.delivery.deadlineMs : Infinity;
    const webhookId = id ?? `evt_${nanoid(21)}`;
    const started = performance.now();
    const p = lane.queue
      .push(cls, (until) => this.deliver(lane, target, webhookId, body, opts.tries ?? this.delivery.tries, until), { key: opts.key === undefined ? undefined : `${type}|${opts.key}`, deadline })
      .then((r): DeliveryResult => {
        const shed = typeof r === 'string';
        try {
          if (shed) this.onShed(type, r, target.site);
          else this.onResult(type, r, (performance.now() - started) / 1000, target.site);
        } catch {
          // Metrics and logs must never break delivery.
        }
        if (--this.inFlight === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
        return shed ? { ok: false, retryable: true, reason: r, tries: 0 } : r;
      });
    this.inFlight++;
    return p;
  }

  /** How many deliveries wait in the site's queue. */
  queued(site: string): number {
    return this.lanes.get(site)?.queue.waiting ?? 0;
  }

  /** Resolves once every in-flight delivery has finished; backoff waits are cut short. */
  async drain(): Promise<void> {
    this.closing = true;
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.whenIdle.push(resolve));
    for (const l of this.lanes.values()) {
      l.http.destroy();
      l.https.destroy();
    }
  }

  private lane(site: string): SiteLane {
    let l = this.lanes.get(site);
    if (!l) {
      const maxSockets = this.delivery.maxSockets;
      l = {
        queue: new DeliveryQueue<DeliveryResult>(maxSockets, this.delivery.maxQueued),
        http: new http.Agent({ keepAlive: true, maxSockets }),
        https: new https.Agent({ keepAlive: true, maxSockets }),
      };
      this.lanes.set(site, l);
    }
    return l;
  }

  private async deliver(lane: SiteLane, target: WebhookTarget, id: string, body: string, tries: number, deadline: number): Promise<DeliveryResult> {
    const { baseDelayMs, maxDelayMs } = this.delivery;
    let last: TryResult = { ok: false, retryable: true, reason: 'not_attempted' };
    let attempt = 0;
    for (; attempt < tries; attempt++) {
      if (attempt > 0) {
        // Full jitter spreads a helpdesk's recovering load; Retry-After wins but never past the bound.
        const backoff = Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        const wait = !last.ok && last.retryAfterMs !== undefined ? Math.min(maxDelayMs, last.retryAfterMs) : backoff;
        if (Date.now() + wait >= deadline) break;
        await this.sleep(wait);
        if (this.closing) break;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      last = await this.tryOnce(lane, target, id, body, Math.min(this.delivery.timeoutMs, left));
      if (last.ok) return { ...last, tries: attempt + 1 };
      if (!last.retryable) return { ok: false, retryable: false, reason: last.reason, status: last.status, tries: attempt + 1 };
    }
    const failed = last as Extract<TryResult, { ok: false }>;
    return { ok: false, retryable: true, reason: attempt < tries && !this.closing ? 'deadline' : failed.reason, status: failed.status, tries: attempt };
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closing) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        resolve,
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
      };
      this.timers.add(entry);
    });
  }

  private tryOnce(lane: SiteLane, target: WebhookTarget, id: string, body: string, timeoutMs: number): Promise<TryResult> {
    return new Promise<TryResult>((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const done = (r: TryResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      if (lane.endpoint?.url !== target.url) lane.endpoint = { url: target.url, parsed: URL.canParse(target.url) ? new URL(target.url) : null };
      const url = lane.endpoint.parsed;
      if (!url) return done({ ok: false, retryable: false, reason: 'bad_url' });
      if (lane.signing?.secret !== target.secret) lane.signing = { secret: target.secret, key: webhookKey(target.secret, 'webhook.secret') };
      const timestamp = Math.floor(Date.now() / 1000);
      const isHttps = url.protocol === 'https:';
      const req = (isHttps ? https : http).request(url, {
        method: 'POST',
        agent: isHttps ? lane.https : lane.http,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'parley-relay',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWithKey(lane.signing.key, id, timestamp, body),
        },
      });
      timer = setTimeout(() => {
        done({ ok: false, retryable: true, reason: 'timeout' });
        req.destroy();
      }, timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, retryable: true, reason: `network_error:${e.code ?? 'unknown'}` }));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(c);
        });
        res.on('error', () => done({ ok: false, retryable: true, reason: 'network_error:response' }));
        res.on('end', () => {
          if (status >= 200 && status < 300) return done({ ok: true, status, body: Buffer.concat(chunks).toString('utf8') });
          const retryable = status >= 500 || status === 408 || status === 429;
          const retryAfterMs = RETRY_AFTER_STATUSES.has(status) ? parseRetryAfter(res.headers['retry-after']) : undefined;
          done({ ok: false, retryable, reason: `http_${status}`, status, retryAfterMs });
        });
      });
      req.end(body);
    });
  }
}
