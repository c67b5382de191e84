// The series /metrics serves (DESIGN §13), through prom-client: one registry per relay instance (so
// several relays in one process, as in tests, never share counts) beside one registry of the
// process's own metrics. Call sites only increment or observe; gauges that mirror state are read at
// scrape time instead of being tracked. Every label value comes from the config or a closed set
// (frame types, error codes, scores 1–5), never from what a visitor sends, so series stay bounded.
import { collectDefaultMetrics, Counter, Gauge, Registry } from './prom.js';
import type { ClientFrameOf } from '../protocol/client-frames.js';
import { unreachable } from '../protocol/route.js';
import type { ErrorCode } from '../protocol/server-frames.js';
import type { WebhookType } from '../protocol/webhooks.js';
import { FirstResponse } from './first-response.js';
import { FastHistogram, type HistogramSeries } from './histogram.js';

/** The frames a visitor's outbox waits on. */
type AckedFrame = ClientFrameOf<'message' | 'offline_message' | 'rating' | 'end' | 'transcript'>;

/** How a webhook delivery ended once it was tried. */
export type WebhookOutcome = 'ok' | 'failed';

/** What the gauges read at scrape time. */
export interface MetricSources {
  /** Whether the bus reaches other instances now (always with the in-memory bus). */
  busUp: () => boolean;
  /** How many webhooks wait in the site's queue. */
  queued: (site: string) => number;
}

/** Frame in → ack out, and one webhook delivery with its retries: fractions of a second up to the 19 s deadline. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];
/** A first response: seconds to an hour, as a support manager reads it. */
const RESPONSE_BUCKETS = [5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600];

let processRegistry: Registry | undefined;

/**
 * The process's CPU, memory, event loop and GC, collected once per process: they are the process's,
 * not an instance's, and each collection would start its own GC observer. Started by the first
 * scrape, so a relay nobody scrapes never loads them; CPU time and start time count from the
 * process's start regardless, GC and event-loop figures from that scrape.
 */
function processMetrics(): Registry {
  if (processRegistry) return processRegistry;
  const r = new Registry();
  collectDefaultMetrics({ register: r });
  // These three gauges end in `_total`, which promtool refuses for a gauge; the same counts stay
  // served by type as nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) r.removeSingleMetric(name);
  return (processRegistry = r);
}

/** One relay instance's metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly connections: Gauge<'site'>;
  readonly messages: Counter<'site'>;
  readonly ackSeconds: FastHistogram;
  readonly webhookSeconds: FastHistogram<'type' | 'outcome'>;
  readonly webhooksDropped: Counter<'type'>;
  readonly framesRefused: Counter<'reason'>;
  readonly firstResponseSeconds: FastHistogram<'site'>;
  readonly ratings: Counter<'site' | 'score'>;
  readonly offlineMessages: Counter<'site'>;
  readonly resolved: Counter<'site'>;
  private readonly waits = new FirstResponse();
  // The message path's series, resolved once: the ack's, each webhook type's by outcome, each site's first response.
  private readonly ackSeries: HistogramSeries;
  private readonly webhookSeries = new Map<WebhookType, Record<WebhookOutcome, HistogramSeries>>();
  private readonly responseSeries = new Map<string, HistogramSeries>();

  constructor(sites: readonly string[], sources: MetricSources) {
    const registers = [this.registry];
    this.connections = new Gauge({ name: 'parley_connections', help: 'Open visitor WebSocket connections.', labelNames: ['site'], registers });
    this.messages = new Counter({ name: 'parley_messages_total', help: 'Visitor messages the helpdesk took (acked).', labelNames: ['site'], registers });
    this.ackSeconds = new FastHistogram('parley_ack_seconds', 'Seconds from an acked frame in (message, offline message, rating, end, transcript) to its ack out.', [], LATENCY_BUCKETS, this.registry);
    this.ackSeries = this.ackSeconds.of({});
    this.webhookSeconds = new FastHistogram('parley_webhook_seconds', 'Seconds one webhook delivery took, queue wait and retries included, by type and outcome.', ['type', 'outcome'], LATENCY_BUCKETS, this.registry);
    new Gauge({
      name: 'parley_webhook_queue',
      help: 'Webhooks waiting in the site\'s delivery queue.',
      labelNames: ['site'],
      registers,
      collect() {
        for (const site of sites) this.set({ site }, sources.queued(site));
      },
    });
    this.webhooksDropped = new Counter({ name: 'parley_webhooks_dropped_total', help: 'Latest-wins and best-effort webhooks shed (queue full, superseded or past their deadline), by type.', labelNames: ['type'], registers });
    this.framesRefused = new Counter({ name: 'parley_frames_refused_total', help: 'Visitor frames refused, by reason (malformed, rate limited, identity required).', labelNames: ['reason'], registers });
    this.firstResponseSeconds = new FastHistogram('parley_first_response_seconds', 'Seconds from a visitor\'s message to the next agent message, measured where the visitor\'s socket is.', ['site'], RESPONSE_BUCKETS, this.registry);
    this.ratings = new Counter({ name: 'parley_ratings_total', help: 'Conversation ratings visitors gave, by score (1-5).', labelNames: ['site', 'score'], registers });
    this.offlineMessages = new Counter({ name: 'parley_offline_messages_total', help: 'Messages left while nobody could answer (missed chats).', labelNames: ['site'], registers });
    this.resolved = new Counter({ name: 'parley_resolved_total', help: 'Conversations ended, by the helpdesk\'s resolve or the visitor\'s End chat.', labelNames: ['site'], registers });
    new Gauge({
      name: 'parley_bus_up',
      help: 'Whether events reach other relay instances (1; always with the in-memory bus) or not (0, Redis down).',
      registers,
      collect() {
        this.set(sources.busUp() ? 1 : 0);
      },
    });
    // Every site's series exist from the start at 0, so a dashboard's rate() sees the first event.
    for (const site of sites) {
      this.connections.set({ site }, 0);
      this.responseSeries.set(site, this.firstResponseSeconds.of({ site }));
      for (const c of [this.messages, this.offlineMessages, this.resolved]) c.inc({ site }, 0);
      for (let score = 1; score <= 5; score++) this.ratings.inc({ site, score }, 0);
    }
  }

  /** The helpdesk took an acked frame that came in at `startedMs` (performance.now()); the visitor was just acked. */
  acked(site: string, visitorId: string, f: AckedFrame, startedMs: number): void {
    const now = performance.now();
    this.ackSeries.observe((now - startedMs) / 1000);
    switch (f.t) {
      case 'message':
        this.messages.inc({ site });
        // The wait starts when the visitor sent it, not when the helpdesk answered the webhook.
        return this.waits.visitorSaid(site, visitorId, startedMs);
      case 'offline_message':
        return this.offlineMessages.inc({ site });
      case 'rating':
        return this.ratings.inc({ site, score: f.score });
      case 'end':
        return this.resolved.inc({ site });
      case 'transcript':
        return;
      default:
        return unreachable(f);
    }
  }

  /** An agent's message reached the visitor's socket here: ends their wait, if they were waiting. */
  agentSaid(site: string, visitorId: string): void {
    const seconds = this.waits.agentSaid(site, visitorId, performance.now());
    if (seconds !== undefined) this.responseSeries.get(site)?.observe(seconds);
  }

  /** A frame was refused; `reason` is the error or nack reason the visitor was sent. */
  refused(reason: ErrorCode): void {
    this.framesRefused.inc({ reason });
  }

  /** A webhook delivery ended after `seconds`. */
  webhook(type: WebhookType, outcome: WebhookOutcome, seconds: number): void {
    let byOutcome = this.webhookSeries.get(type);
    if (!byOutcome) {
      byOutcome = { ok: this.webhookSeconds.of({ type, outcome: 'ok' }), failed: this.webhookSeconds.of({ type, outcome: 'failed' }) };
      this.webhookSeries.set(type, byOutcome);
    }
    byOutcome[outcome].observe(seconds);
  }

  /** The Prometheus text exposition's content type. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Renders the process's and this instance's series as Prometheus text. */
  async render(): Promise<string> {
    const [proc, own] = await Promise.all([processMetrics().metrics(), this.registry.metrics()]);
    // Each exposition ends with a newline, so the two join into one.
    return proc + own;
  }
}
