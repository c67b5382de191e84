// Shared fixtures for relay tests: a real helpdesk (HTTP webhook receiver), a relay on an ephemeral
// port, and a visitor (real ws client) that collects what it is sent.
import http from 'node:http';
import { WebSocket } from 'ws';
import { Webhook } from 'standardwebhooks';
import { pino, type Logger } from 'pino';
import { createRelay, type Relay, type RelayConfig, type RelayOptions, type SiteConfig } from '../../relay/index.js';

export const WEBHOOK_SECRET = 'whsec_' + Buffer.from('a test webhook key of 32 bytes!!').toString('base64');
export const API_SECRET = 'api-secret-for-tests-at-least-32-chars';
export const ORIGIN = 'https://shop.example';

export interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: { type: string; timestamp: string; data: Record<string, any> };
  at: number;
}

export type Answer = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

/** A helpdesk that records every webhook and answers with `answer(received)` (default 200 {}). */
export async function startHelpdesk(answer: (w: Received) => Answer | Promise<Answer> = () => ({ status: 200 })) {
  const received: Received[] = [];
  const verifier = new Webhook(WEBHOOK_SECRET);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const w: Received = { headers: req.headers, raw, body: JSON.parse(raw), at: Date.now() };
      received.push(w);
      const a = await answer(w);
      if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body === undefined ? '{}' : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    of: (type: string) => received.filter((w) => w.body.type === type),
    /** Verifies a delivery with the Standard Webhooks reference library; throws when it does not verify. */
    verify: (w: Received) => verifier.verify(w.raw, w.headers as Record<string, string>),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
export type Helpdesk = Awaited<ReturnType<typeof startHelpdesk>>;

/** A config for one site "acme" pointing at the helpdesk, with fast webhook retries. */
export function testConfig(webhookUrl: string, site: Partial<SiteConfig> = {}, top: Partial<RelayConfig> = {}): RelayConfig {
  return {
    secret: ['relay-token-secret-new-of-32-characters', 'relay-token-secret-old-of-32-characters'],
    webhookDelivery: { tries: 3, timeoutMs: 1000, baseDelayMs: 20, maxDelayMs: 100 },
    ...top,
    sites: [
      {
        id: 'acme',
        origins: [ORIGIN, 'https://*.shop.example'],
        apiSecret: API_SECRET,
        webhook: { url: webhookUrl, secret: WEBHOOK_SECRET },
        ...site,
      },
    ],
  };
}

/** Starts a relay on 127.0.0.1:0; returns it with its base URLs. */
export async function startRelay(config: RelayConfig, options?: RelayOptions) {
  const relay: Relay = createRelay(config, options);
  const port = await relay.listen(0, '127.0.0.1');
  return { relay, port, http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}` };
}

/** Calls the relay's HTTP API as the helpdesk does (`secret` defaults to the site's API secret); resolves with status and JSON body. */
export async function callApi(httpBase: string, path: string, body: unknown, opts: { method?: string; secret?: string } = {}) {
  const res = await fetch(`${httpBase}${path}`, {
    method: opts.method ?? 'POST',
    headers: { authorization: `Bearer ${opts.secret ?? API_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A logger for `createRelay({logger})` that keeps every JSON line it is given: `raw` as written, `lines` parsed. */
export function captureLog(level = 'trace') {
  const raw: string[] = [];
  const lines: Record<string, any>[] = [];
  const logger: Logger = pino({ level }, { write: (s: string) => { raw.push(s); lines.push(JSON.parse(s)); } });
  return { logger, raw, lines };
}

/** A visitor's socket: every frame it receives is kept, and `next` waits for one matching. */
export class Visitor {
  readonly frames: any[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: { pred: (f: any) => boolean; resolve: (f: any) => void; from: number }[] = [];
  private readonly closedP: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(readonly ws: WebSocket) {
    ws.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
    this.opened.catch(() => {});
    ws.on('message', (data) => {
      const f = JSON.parse(String(data));
      this.frames.push(f);
      for (const w of [...this.waiters]) {
        if (w.pred(f)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(f);
        }
      }
    });
    this.closedP = new Promise((resolve) => ws.on('close', (code, reason) => resolve((this.closed = { code, reason: String(reason) }))));
  }

  static connect(base: string, opts: { site?: string; origin?: string; path?: string } = {}): Visitor {
    const url = `${base}${opts.path ?? '/v1/ws'}?site=${encodeURIComponent(opts.site ?? 'acme')}`;
    return new Visitor(new WebSocket(url, { origin: opts.origin ?? ORIGIN }));
  }

  /** Connects and completes hello; resolves with the welcome frame. */
  static async join(base: string, hello: Record<string, unknown> = {}, opts: { origin?: string } = {}) {
    const v = Visitor.connect(base, opts);
    await v.opened;
    v.send({ t: 'hello', page: { url: 'https://shop.example/', title: 'Shop' }, locale: 'vi', ...hello });
    const welcome = await v.next((f) => f.t === 'welcome');
    return { v, welcome };
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or coming) matching pred; rejects after timeoutMs. */
  next(pred: (f: any) => boolean, timeoutMs = 5000): Promise<any> {
    const have = this.frames.find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (f: any) => { clearTimeout(t); resolve(f); }, from: this.frames.length };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** Resolves with the close code and reason. */
  whenClosed(): Promise<{ code: number; reason: string }> {
    return this.closedP;
  }

  close(): void {
    this.ws.close();
  }
}

/** Waits until cond() is true (polling), failing after timeoutMs. */
export async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The labels and value of each sample named `name` in a Prometheus text exposition. */
export function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{(.*)\\})? (\\S+)$`, 'gm'))) {
    const labels = Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    out.push({ labels, value: Number(m[2]) });
  }
  return out;
}

/**
 * A value from a relay's /metrics (served to loopback): the sum of the samples named `name` whose
 * labels include `labels`, e.g. metric(url, 'parley_connections') for every site's connections.
 */
export async function metric(httpBase: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const all = samples(await (await fetch(`${httpBase}/metrics`)).text(), name);
  if (all.length === 0) throw new Error(`no ${name} in /metrics`);
  return all.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
}

/** Waits until the async cond() resolves true (polling), failing after timeoutMs. */
export async function eventually(cond: () => Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A request over plain node:http with exactly these headers (Host included) and `body`; the answer's body as sent, never decompressed. */
export function rawGet(url: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
