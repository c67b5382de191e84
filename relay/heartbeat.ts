// Liveness: every beat each socket is pinged, and one that answered nothing since the last beat is
// terminated, so a visitor whose network vanished is disconnected (and the helpdesk told) in bounded
// time. It must not read frames or touch visitor state.
import type { Conn } from './conn.js';

/** Starts beating over `conns()` every `intervalMs` (`http.heartbeatMs`); returns the stop function. */
export function startHeartbeat(conns: () => Iterable<Conn>, intervalMs: number): () => void {
  const timer = setInterval(() => {
    for (const c of conns()) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      try {
        c.ws.ping();
      } catch {
        c.ws.terminate();
      }
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
