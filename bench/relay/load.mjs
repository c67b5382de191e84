// The visitors' process: holds every visitor's socket, runs the message phase (each active visitor
// sends, waits for its ack, sends again) and times the helpdesk's pushes from the moment the helpdesk
// sent them (the text carries process.hrtime, one monotonic clock for every process on the machine).
import { serve } from './ipc.mjs';
import { percentile } from './shared.mjs';
import { connectVisitor } from './visitors.mjs';

const visitors = [];
let pushLatencies = [];
const onPush = (text) => pushLatencies.push(Number(process.hrtime.bigint() - BigInt(text)) / 1e6);

serve({
  async connect({ kind, base, n, concurrency = 100 }) {
    const t0 = performance.now();
    let next = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          next++;
          try {
            visitors.push(await connectVisitor(kind, base, onPush));
          } catch {
            failed++;
          }
        }
      }),
    );
    return { connected: visitors.length, failed, ms: performance.now() - t0 };
  },

  ids: ({ n }) => visitors.slice(0, n).map((v) => v.id),

  async messages({ active, durationMs }) {
    const latencies = [];
    let nacked = 0;
    const t0 = performance.now();
    const until = t0 + durationMs;
    await Promise.all(
      visitors.slice(0, active).map(async (v, i) => {
        for (let seq = 0; performance.now() < until; seq++) {
          const sent = performance.now();
          const ok = await v.send(`msg_${i}_${seq}_${Math.round(t0)}`, `Xin chào, tôi cần giúp đỡ với đơn hàng số ${seq}`);
          if (ok) latencies.push(performance.now() - sent);
          else nacked++;
        }
      }),
    );
    const elapsedMs = performance.now() - t0;
    latencies.sort((a, b) => a - b);
    return { acked: latencies.length, nacked, elapsedMs, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  },

  pushReset() {
    pushLatencies = [];
  },

  pushStats() {
    const sorted = pushLatencies.sort((a, b) => a - b);
    return { received: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  },

  close() {
    for (const v of visitors) v.close();
    visitors.length = 0;
  },
});
