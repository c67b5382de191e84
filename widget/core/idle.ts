// Start-up work waits for the page: the widget's storage, election and socket run when the browser is
// idle, so they never compete with the host page's own loading.
// Owns: waiting for idle time. Must not: decide what runs then.

/** How long start-up may wait for idle time before it runs anyway, in ms. */
export const IDLE_TIMEOUT_MS = 2000;

/** Resolves in the browser's next idle period (at the latest after `timeoutMs`); at once without a DOM. */
export function whenIdle(timeoutMs = IDLE_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve) => {
    const w = globalThis as { requestIdleCallback?: (fn: () => void, o: { timeout: number }) => number };
    if (typeof w.requestIdleCallback === 'function') w.requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    // Safari has no idle callback: a task after the current ones is the nearest thing.
    else setTimeout(resolve, 1);
  });
}

/**
 * Ends the current task and resolves in a new one, so that a long start-up runs as several short
 * tasks and the page's own input and frames get through between them. `scheduler.yield` where there
 * is one (it resumes ahead of other queued work), else a message to ourselves (a timer would be
 * clamped, and tests that fake timers would never see it fire); at once without a DOM (Node clients
 * have no page to give way to).
 */
export function nextTask(): Promise<void> {
  const g = globalThis as { scheduler?: { yield?: () => Promise<void> }; document?: unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.scheduler?.yield === 'function') return g.scheduler.yield();
  if (typeof g.document === 'undefined' || typeof g.MessageChannel !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const c = new g.MessageChannel!();
    c.port1.onmessage = () => {
      c.port1.close();
      resolve();
    };
    c.port2.postMessage(0);
  });
}
