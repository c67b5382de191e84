// A small chaos run on every test pass: real relay process killed and restarted, a helpdesk that fails
// 30% of requests and stalls the rest; every message must arrive once, in the order typed.
import { describe, expect, it } from 'vitest';
import { formatChaos, runChaos } from './run.js';

describe('chaos (small)', () => {
  it('20 visitors × 5 messages through a relay crash: delivered = sent, no duplicates, no reordering', async () => {
    const r = await runChaos({ visitors: 20, messages: 5, restarts: 1, sendWindowMs: 4000, downMs: 500, deadlineMs: 40_000 });
    const report = formatChaos(r);
    expect(r.timedOut, report).toBe(false);
    expect(r.restarts).toBe(1);
    expect(r.sent).toBe(100);
    expect(r.delivered, report).toBe(r.sent);
    expect(r.duplicates, report).toBe(0);
    expect(r.orderViolations, report).toBe(0);
    expect(r.identityChanges, report).toBe(0);
    expect(r.badSignatures).toBe(0);
    expect(r.rejected).toBeGreaterThan(0);
  }, 60_000);
});
