// Leader election among tabs without Web Locks (the BroadcastChannel claim), on a fake clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bus } from '../../widget/core/tabs/channel.js';
import { Election } from '../../widget/core/tabs/election.js';
import { hub } from './helpers/tab-hub.js';


function tab(bus: Bus) {
  const e = new Election({ bus, locks: null, name: 'parley:t', onChange: () => {}, random: () => 0.5 });
  e.start();
  return e;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('tab election without Web Locks', () => {
  it('elects exactly one leader among tabs that start together', async () => {
    const bus = hub();
    const tabs = ['a', 'b', 'c'].map((id) => tab(bus(id)));
    await vi.advanceTimersByTimeAsync(1000);
    expect(tabs.filter((t) => t.leading)).toHaveLength(1);
    const leader = tabs.find((t) => t.leading)!.leader;
    for (const t of tabs) expect(t.leader).toBe(leader);
  });

  it('a tab that opens later follows the existing leader', async () => {
    const bus = hub();
    const a = tab(bus('a'));
    await vi.advanceTimersByTimeAsync(1000);
    const b = tab(bus('b'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(a.leading).toBe(true);
    expect(b.leading).toBe(false);
    expect(b.leader).toBe('a');
  });

  it('hands over within a few hundred ms when the leader closes', async () => {
    const bus = hub();
    const a = tab(bus('a'));
    await vi.advanceTimersByTimeAsync(1000);
    const b = tab(bus('b'));
    await vi.advanceTimersByTimeAsync(1000);
    a.close();
    await vi.advanceTimersByTimeAsync(300);
    expect(b.leading).toBe(true);
  });

  it('replaces a frozen leader, and the old one steps down when it wakes', async () => {
    const bus = hub();
    const busA = bus('a');
    const a = tab(busA);
    await vi.advanceTimersByTimeAsync(1000);
    const b = tab(bus('b'));
    await vi.advanceTimersByTimeAsync(1000);
    busA.freeze();
    await vi.advanceTimersByTimeAsync(3000);
    expect(b.leading).toBe(false);
    await vi.advanceTimersByTimeAsync(2000);
    expect(b.leading).toBe(true);
    busA.thaw();
    await vi.advanceTimersByTimeAsync(1500);
    expect(a.leading).toBe(false);
    expect(b.leading).toBe(true);
    expect(a.leader).toBe('b');
  });
});
