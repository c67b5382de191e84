// A site's webhook queue under load: what may be lost is shed and counted, what may not never is.
import { expect, it } from 'vitest';
import { DeliveryQueue } from '../../relay/delivery-queue.js';
import type { DeliveryClass } from '../../protocol/webhooks.js';

/** A delivery that finishes when told to. */
function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { open, run: () => p.then(() => 'delivered' as const) };
}

it('runs at most `concurrency` at once, acked and essential before latest and best', async () => {
  const q = new DeliveryQueue<string>(1, 100);
  const first = gate();
  const order: string[] = [];
  const done = [
    q.push('acked', first.run),
    q.push('best', async () => (order.push('best'), 'ok')),
    q.push('essential', async () => (order.push('essential'), 'ok')),
    q.push('acked', async () => (order.push('acked'), 'ok')),
  ];
  expect(q.waiting).toBe(3);
  first.open();
  await Promise.all(done);
  expect(order).toEqual(['essential', 'acked', 'best']);
});

it('a full queue sheds latest and best, makes room for acked and essential, and counts every shed', async () => {
  const shed: [DeliveryClass, string][] = [];
  const q = new DeliveryQueue<string>(1, 2, (cls, why) => shed.push([cls, why]));
  const busy = gate();
  const running = q.push('acked', busy.run);
  const best = q.push('best', async () => 'ran');
  const latest = q.push('latest', async () => 'ran', { key: 'v1' });
  expect(await q.push('best', async () => 'ran')).toBe('shed'); // full: the newcomer that may be lost goes
  const acked = q.push('acked', async () => 'ran'); // full: the oldest sheddable makes room
  const essential = q.push('essential', async () => 'ran');
  busy.open();
  expect(await running).toBe('delivered');
  expect(await best).toBe('shed');
  expect(await latest).toBe('shed');
  expect(await acked).toBe('ran');
  expect(await essential).toBe('ran');
  expect(shed).toEqual([['best', 'shed'], ['best', 'shed'], ['latest', 'shed']]);
});

it('a newer latest event of the same key replaces the waiting one', async () => {
  const q = new DeliveryQueue<string>(1, 10);
  const busy = gate();
  void q.push('acked', busy.run);
  const old = q.push('latest', async () => 'old', { key: 'typing|v1' });
  const other = q.push('latest', async () => 'other', { key: 'typing|v2' });
  const fresh = q.push('latest', async () => 'new', { key: 'typing|v1' });
  busy.open();
  expect([await old, await other, await fresh]).toEqual(['superseded', 'other', 'new']);
});

it('an acked delivery still waiting at its deadline never runs: the visitor gets a retryable answer in time', async () => {
  const q = new DeliveryQueue<string>(1, 10);
  const busy = gate();
  void q.push('acked', busy.run);
  let ran = false;
  // Its deadline passes while it waits behind the first.
  const late = q.push('acked', async () => ((ran = true), 'ran'), { deadline: Date.now() });
  busy.open();
  expect(await late).toBe('deadline');
  expect(ran).toBe(false);
});
