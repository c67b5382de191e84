// Ending a socket the relay refuses: the answer is written, then the socket is destroyed — at once
// when the answer is flushed, or after a short grace when the client does not read. `end()` alone
// would wait for a client that never reads (slowloris) and hold a file descriptor meanwhile.
import type { Duplex } from 'node:stream';

/** How long a refused socket may take to take its answer before it is destroyed anyway. */
export const REFUSAL_GRACE_MS = 1000;

/** Writes `answer` (raw HTTP) and destroys the socket. */
export function refuseSocket(socket: Duplex, answer: string): void {
  const gone = setTimeout(() => socket.destroy(), REFUSAL_GRACE_MS);
  gone.unref();
  try {
    if (!socket.writable) throw new Error('not writable');
    socket.end(answer, () => {
      clearTimeout(gone);
      socket.destroy();
    });
  } catch {
    clearTimeout(gone);
    socket.destroy();
  }
}
