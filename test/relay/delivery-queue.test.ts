// A site's webhook queue under load: what may be lost is shed and counted, what may not never is.
import { expect, it } from 'vitest';
import { DeliveryQueue, type QueuedJob } from '../../relay/delivery-queue.js';
import type { DeliveryClass } from '../../protocol/webhooks.js';

/**
 * A delivery as the queue sees it: `result` resolves with what it returned or why it never ran;
 * `run` may wait on a promise (a helpdesk that has not answered yet).
 */
function job(cls: DeliveryClass, run: () => Promise<string> | string, opts: { key?: string; deadline?: number } = {}) {
  let settle!: (r: string) => void;
  const result = new Promise<string>((r) => (settle = r));
  const j: QueuedJob = {
    cls,
    key: opts.key,
    deadline: opts.deadline ?? Infinity,
    start: (done) => {
      void Promise.resolve(run()).then((r) => {
        done();
        settle(r);
      });
    },
    shed: (why) => settle(why),
  };
  return { j, result };
}

/** A delivery that finishes when told to. */
function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { open, run: () => p.then(() => 'delivered') };
}

/** Pushes a job and returns its result. */
function push(q: DeliveryQueue, cls: DeliveryClass, run: () => Promise<string> | string, opts?: { key?: string; deadline?: number }): Promise<string> {
  const { j, result } = job(cls, run, opts);
  q.push(j);
  return result;
}

it('runs at most `concurrency` at once, acked and essential before latest and best', async () => {
  const q = new DeliveryQueue(1, 100);
  const first = gate();
  const order: string[] = [];
  const done = [
    push(q, 'acked', first.run),
    push(q, 'best', () => (order.push('best'), 'ok')),
    push(q, 'essential', () => (order.push('essential'), 'ok')),
    push(q, 'acked', () => (order.push('acked'), 'ok')),
  ];
  expect(q.waiting).toBe(3);
  first.open();
  await Promise.all(done);
  expect(order).toEqual(['essential', 'acked', 'best']);
});

it('a full queue sheds latest and best and makes room for acked and essential', async () => {
  const q = new DeliveryQueue(1, 2);
  const busy = gate();
  const running = push(q, 'acked', busy.run);
  const best = push(q, 'best', () => 'ran');
  const latest = push(q, 'latest', () => 'ran', { key: 'v1' });
  expect(await push(q, 'best', () => 'ran')).toBe('shed'); // full: the newcomer that may be lost goes
  const acked = push(q, 'acked', () => 'ran'); // full: the oldest sheddable makes room
  const essential = push(q, 'essential', () => 'ran');
  busy.open();
  expect(await running).toBe('delivered');
  expect(await best).toBe('shed');
  expect(await latest).toBe('shed');
  expect(await acked).toBe('ran');
  expect(await essential).toBe('ran');
});

it('a newer latest event of the same key replaces the waiting one', async () => {
  const q = new DeliveryQueue(1, 10);
  const busy = gate();
  void push(q, 'acked', busy.run);
  const old = push(q, 'latest', () => 'old', { key: 'typing|v1' });
  const other = push(q, 'latest', () => 'other', { key: 'typing|v2' });
  const fresh = push(q, 'latest', () => 'new', { key: 'typing|v1' });
  busy.open();
  expect([await old, await other, await fresh]).toEqual(['superseded', 'other', 'new']);
});

it('an acked delivery still waiting at its deadline never runs: the visitor gets a retryable answer in time', async () => {
  const q = new DeliveryQueue(1, 10);
  const busy = gate();
  void push(q, 'acked', busy.run);
  let ran = false;
  // Its deadline passes while it waits behind the first.
  const late = push(q, 'acked', () => ((ran = true), 'ran'), { deadline: Date.now() });
  busy.open();
  expect(await late).toBe('deadline');
  expect(ran).toBe(false);
});

it('a long backlog runs in the order it arrived', async () => {
  const q = new DeliveryQueue(1, 10_000);
  const busy = gate();
  void push(q, 'acked', busy.run);
  const order: number[] = [];
  const done = Array.from({ length: 500 }, (_, i) => push(q, i % 2 ? 'essential' : 'acked', () => (order.push(i), 'ok')));
  expect(q.waiting).toBe(500);
  busy.open();
  await Promise.all(done);
  expect(order).toEqual(Array.from({ length: 500 }, (_, i) => i));
  expect(q.waiting).toBe(0);
});
