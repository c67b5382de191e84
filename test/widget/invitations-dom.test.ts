// @vitest-environment happy-dom
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createInvitationEngine, type Invitation, type KeyValueStore } from '../../widget/invitations/index.js';

const store = (): KeyValueStore => {
  const m = new Map<string, unknown>();
  return { get: async (k) => structuredClone(m.get(k)), set: async (k, v) => void m.set(k, structuredClone(v)) };
};

beforeEach(() => {
  vi.useFakeTimers();
  history.replaceState(null, '', '/pricing?plan=pro');
});
afterEach(() => vi.useRealTimers());

it('runs against the real window and document by default and detaches everything on stop()', async () => {
  const added: string[] = [];
  const removed: string[] = [];
  for (const t of [window, document]) {
    const add = t.addEventListener.bind(t);
    const remove = t.removeEventListener.bind(t);
    vi.spyOn(t, 'addEventListener').mockImplementation((type, fn, opts) => {
      expect((opts as AddEventListenerOptions).passive).toBe(true);
      added.push(type);
      add(type, fn, opts);
    });
    vi.spyOn(t, 'removeEventListener').mockImplementation((type, fn, opts) => {
      removed.push(type);
      remove(type, fn, opts);
    });
  }
  const shown: Invitation[] = [];
  const engine = createInvitationEngine({
    rules: [{ id: 'leaving', text: 'Wait!', conditions: { url: '/pricing', exitIntent: true } }],
    store: store(),
    touch: false,
    onShow: (i) => shown.push(i),
  });
  await engine.start();
  expect(added.length).toBeGreaterThan(0);

  document.dispatchEvent(new MouseEvent('mouseout', { clientY: -1, bubbles: true }));
  expect(shown.map((i) => i.ruleId)).toEqual(['leaving']);

  engine.stop();
  expect(removed.sort()).toEqual(added.sort());
  vi.restoreAllMocks();
});

it('reads the pathname and query, not the host or hash', async () => {
  history.replaceState(null, '', '/products/hat?c=red#reviews');
  const shown: Invitation[] = [];
  const engine = createInvitationEngine({
    rules: [
      { id: 'hash', text: 'x', conditions: { url: 'reviews' } },
      { id: 'product', text: 'Nice hat?', conditions: { url: '/products/*', timeOnPageSec: 1 } },
    ],
    store: store(),
    onShow: (i) => shown.push(i),
  });
  await engine.start();
  vi.advanceTimersByTime(1000);
  expect(shown.map((i) => i.ruleId)).toEqual(['product']);
  engine.stop();
});
