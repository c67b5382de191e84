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
