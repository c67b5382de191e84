// The short fuzz of every `npm test`: thousands of hostile frames and requests, and the relay is
// still there, still healthy, its memory settled.
import { expect, it } from 'vitest';
import { formatFuzz, runFuzz } from './run.js';

it('5,000 random and mutated frames and 300 HTTP requests: no crash, /healthz answers, memory settles', { timeout: 60_000 }, async () => {
  const r = await runFuzz({ frames: 5000, requests: 300, rounds: 1, sockets: 5, seed: 7, maxMs: 40_000 });
  console.log(formatFuzz(r));
  expect(r.crashes).toBe(0);
  expect(r.healthzOk).toBe(true);
  expect(r.framesSent).toBe(5000);
  expect(r.rssAfterMiB - r.rssBeforeMiB).toBeLessThan(100);
});
