// The chaos run: many widget cores in Node over real sockets to a real relay process that is killed
// and restarted, delivering to a helpdesk that fails and stalls. The promise it checks: every message
// typed reaches the helpdesk once after dedup by `webhook-id`, in the order typed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { worstCaseDeliveryMs, type RelayConfig, type WebhookDeliveryConfig } from '../../relay/index.js';
import { Client } from '../../widget/core/client.js';
import type { SocketConstructor } from '../../widget/core/reconnect.js';
import { chaosText, startReceiver, type ReceiverStats } from './receiver.js';
import { RelayProcess } from './relay-process.js';
import { freePort } from '../free-port.js';

const ORIGIN = 'http://127.0.0.1';
const SITE = 'chaos';
const WEBHOOK_SECRET = 'whsec_' + Buffer.from('chaos run webhook key, 32 bytes!').toString('base64');

export interface ChaosOptions {
  visitors: number;
  messages: number;
  restarts: number;
  /** Messages are typed over this window; restarts are spread over it. */
  sendWindowMs: number;
  /** How long the relay stays dead on each kill. */
  downMs: number;
  failRate: number;
  maxDelayMs: number;
  /** Hard bound on the whole run: undelivered messages at this point are reported, not waited for. */
  deadlineMs: number;
  webhookDelivery: WebhookDeliveryConfig;
  /** The widget outbox's ack timeout; must exceed the relay's worst case. */
  ackTimeoutMs: number;
  /** Built relay CLI. */
  cli: string;
  log: (line: string) => void;
}

export interface ChaosResult extends ReceiverStats {
  sent: number;
  /** Typed messages found in the helpdesk's deduped store. */
  delivered: number;
  restarts: number;
  durationMs: number;
  worstCaseDeliveryMs: number;
  ackTimeoutMs: number;
  /** True when the deadline cut the run short. */
  timedOut: boolean;
}

export const CHAOS_DEFAULTS: ChaosOptions = {
  visitors: 200,
  messages: 20,
  restarts: 3,
  sendWindowMs: 30_000,
  downMs: 1000,
  failRate: 0.3,
  maxDelayMs: 2000,
  deadlineMs: 110_000,
  // A try outlives the helpdesk's slowest answer; after three tries (all fail ~3% of the time) the
  // widget retries. One connection per visitor: the default pool of 64 against a 2 s helpdesk would
  // measure queueing, not loss.
  webhookDelivery: { tries: 3, timeoutMs: 5000, baseDelayMs: 50, maxDelayMs: 500, maxSockets: 512, maxQueued: 1000, deadlineMs: 19_000 },
  ackTimeoutMs: 20_000,
  cli: 'dist/relay/cli.js',
  log: () => {},
};

/** True when the run kept the promise: all delivered, none twice, none out of order. */
export function chaosPassed(r: ChaosResult): boolean {
  return r.delivered === r.sent && r.duplicates === 0 && r.orderViolations === 0 && r.badSignatures === 0 && r.identityChanges === 0;
}


const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `ws` with the Origin header a browser would send from the site. */
class SiteSocket extends WebSocket {
  constructor(url: string) {
    super(url, { origin: ORIGIN });
  }
}

/** Runs the chaos scenario and returns its figures; it never throws on a broken invariant. */
export async function runChaos(options: Partial<ChaosOptions> = {}): Promise<ChaosResult> {
  const o: ChaosOptions = { ...CHAOS_DEFAULTS, ...options };
  const worst = worstCaseDeliveryMs({ webhookDelivery: o.webhookDelivery });
  if (worst >= o.ackTimeoutMs) throw new Error(`relay worst case ${worst} ms must stay below the ack timeout ${o.ackTimeoutMs} ms`);

  const receiver = await startReceiver({ secret: WEBHOOK_SECRET, failRate: o.failRate, maxDelayMs: o.maxDelayMs });
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-chaos-'));
  const configFile = path.join(dir, 'relay.json');
  const config: RelayConfig = {
    port,
    host: '127.0.0.1',
    secret: 'chaos-relay-secret-kept-across-restarts',
    webhookDelivery: o.webhookDelivery,
    sites: [
      {
        id: SITE,
        origins: [ORIGIN],
        apiSecret: 'chaos-api-secret-of-at-least-32-characters',
        webhook: { url: receiver.url, secret: WEBHOOK_SECRET },
        // Every simulated visitor shares 127.0.0.1, and re-sends after each crash count against the rate.
        limits: { connectionsPerIp: o.visitors * 4 + 100, messagesPerMinute: 100_000 },
      },
    ],
  };
  writeFileSync(configFile, JSON.stringify(config));
  const relay = new RelayProcess(o.cli, configFile);
  const clients: Client[] = [];
  const timers: ReturnType<typeof setTimeout>[] = [];
  const sentIds: string[] = [];
  let restarts = 0;
  const t0 = Date.now();
  let timedOut = false;
  try {
    await relay.start();
    o.log(`relay on 127.0.0.1:${port}; relay worst case ${worst} ms < widget ack timeout ${o.ackTimeoutMs} ms`);
    for (let v = 0; v < o.visitors; v++) {
      const client = new Client({
        relay: `http://127.0.0.1:${port}`,
        site: SITE,
        WebSocket: SiteSocket as unknown as SocketConstructor,
        storage: 'memory',
        fetchConfig: false,
        outbox: { ackTimeout: o.ackTimeoutMs, minDelay: 200, maxDelay: 2000 },
        socket: { minDelay: 200, maxDelay: 2000, connectTimeout: 3000, minUptime: 1000 },
      });
      clients.push(client);
      // Typing times spread over the window; each visitor types in order, at its own pace.
      const step = o.sendWindowMs / o.messages;
      for (let k = 0; k < o.messages; k++) {
        const at = k * step + Math.random() * step;
        timers.push(
          setTimeout(() => {
            const id = client.send(chaosText(v, k));
            if (id) sentIds.push(id);
          }, at),
        );
      }
    }

    const crashes = (async () => {
      for (let i = 0; i < o.restarts; i++) {
        const at = ((i + 1) * o.sendWindowMs) / (o.restarts + 1) + (Math.random() - 0.5) * 1000;
        await sleep(Math.max(0, t0 + at - Date.now()));
        await relay.kill();
        o.log(`${((Date.now() - t0) / 1000).toFixed(1)} s: relay killed (SIGKILL); ${receiver.store.size} delivered so far`);
        await sleep(o.downMs);
        await relay.start();
        restarts++;
        o.log(`${((Date.now() - t0) / 1000).toFixed(1)} s: relay restarted on the same port`);
      }
    })();

    const total = o.visitors * o.messages;
    for (;;) {
      const delivered = sentIds.filter((id) => receiver.store.has(id)).length;
      if (sentIds.length === total && delivered === total && restarts === o.restarts) break;
      if (Date.now() - t0 > o.deadlineMs) {
        timedOut = true;
        break;
      }
      await sleep(250);
    }
    await crashes.catch((e: Error) => o.log(`restart failed: ${e.message}`));
    const durationMs = Date.now() - t0;
    // Late retries of already-stored messages still arrive for a moment; they must be absorbed too.
    await sleep(Math.min(2 * o.maxDelayMs, 3000));
    return {
      ...receiver.stats,
      sent: sentIds.length,
      delivered: sentIds.filter((id) => receiver.store.has(id)).length,
      restarts,
      durationMs,
      worstCaseDeliveryMs: worst,
      ackTimeoutMs: o.ackTimeoutMs,
      timedOut,
    };
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const c of clients) c.destroy();
    await relay.kill();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures as the printed report. */
export function formatChaos(r: ChaosResult): string {
  const rows: [string, string | number][] = [
    ['sent', r.sent],
    ['delivered (unique, after dedup)', r.delivered],
    ['duplicates after dedup', r.duplicates],
    ['order violations', r.orderViolations],
    ['relay restarts (SIGKILL)', r.restarts],
    ['duration', `${(r.durationMs / 1000).toFixed(1)} s${r.timedOut ? ' (deadline hit)' : ''}`],
    ['webhook requests', r.requests],
    ['answered 500 on purpose', r.rejected],
    ['redeliveries absorbed by dedup', r.redeliveries],
    ['visitor id changes', r.identityChanges],
    ['bad signatures', r.badSignatures],
  ];
  return rows.map((row) => `${row[0].padEnd(34)} ${row[1]}`).join('\n');
}
