// The chaos run's helpdesk: a real HTTP webhook receiver that verifies signatures, fails a share of
// requests with 500, answers the rest slowly, and dedupes message.created by `webhook-id` the way a
// helpdesk must. It keeps the counts the run's invariants are judged on.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceiverOptions {
  /** `whsec_…` secret the relay signs with. */
  secret: string;
  /** Share of requests answered 500 at once (0..1). */
  failRate: number;
  /** Requests not failed are answered 200 after a uniform delay up to this, ms. */
  maxDelayMs: number;
  random?: () => number;
}

export interface ReceiverStats {
  /** Every HTTP request seen. */
  requests: number;
  /** Requests answered 500 on purpose. */
  rejected: number;
  /** Requests whose signature did not verify (must stay 0). */
  badSignatures: number;
  /** message.created deliveries whose webhook-id was already stored: absorbed by dedup. */
  redeliveries: number;
  /** A typed message stored a second time under a different webhook-id: dedup could not catch it. */
  duplicates: number;
  /** A message stored while an earlier-typed message of the same visitor was still missing. */
  orderViolations: number;
  /** Visitors (by the run's own numbering) seen under more than one relay visitor id. */
  identityChanges: number;
}

/** What the message texts carry so the receiver can judge order: the run's visitor and sequence number. */
export function chaosText(visitor: number, seq: number): string {
  return `chaos v${visitor} #${seq}`;
}

function parseChaosText(text: unknown): { visitor: number; seq: number } | null {
  const m = typeof text === 'string' ? /^chaos v(\d+) #(\d+)$/.exec(text) : null;
  return m ? { visitor: Number(m[1]), seq: Number(m[2]) } : null;
}

/** Starts the receiver on 127.0.0.1 (ephemeral port). */
export async function startReceiver(opts: ReceiverOptions) {
  const random = opts.random ?? Math.random;
  const verifier = new Webhook(opts.secret);
  const stats: ReceiverStats = { requests: 0, rejected: 0, badSignatures: 0, redeliveries: 0, duplicates: 0, orderViolations: 0, identityChanges: 0 };
  /** The deduped store: webhook-id → message. */
  const store = new Map<string, { visitor: number; seq: number }>();
  const seqs = new Map<number, Set<number>>();
  const relayIds = new Map<number, string>();

  function commit(webhookId: string, data: { visitor?: { id?: string }; message?: { text?: unknown } }): void {
    if (store.has(webhookId)) {
      stats.redeliveries++;
      return;
    }
    const parsed = parseChaosText(data.message?.text);
    if (!parsed) return;
    store.set(webhookId, parsed);
    const relayId = String(data.visitor?.id);
    const known = relayIds.get(parsed.visitor);
    if (known === undefined) relayIds.set(parsed.visitor, relayId);
    else if (known !== relayId) stats.identityChanges++;
    let got = seqs.get(parsed.visitor);
    if (!got) seqs.set(parsed.visitor, (got = new Set()));
    if (got.has(parsed.seq)) {
      stats.duplicates++;
      return;
    }
    // In typing order, message n is stored only after messages 0..n-1.
    if (parsed.seq !== got.size) stats.orderViolations++;
    got.add(parsed.seq);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => {});
    req.on('end', () => {
      stats.requests++;
      const raw = Buffer.concat(chunks).toString('utf8');
      let event: { type: string; data: Record<string, unknown> };
      try {
        event = verifier.verify(raw, req.headers as Record<string, string>) as typeof event;
      } catch {
        stats.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      if (random() < opts.failRate) {
        stats.rejected++;
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"chaos"}');
        return;
      }
      setTimeout(() => {
        // A helpdesk commits before it answers; a relay killed meanwhile never sees the 200.
        if (event.type === 'message.created') commit(String(req.headers['webhook-id']), event.data);
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }, random() * opts.maxDelayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    stats,
    store,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
