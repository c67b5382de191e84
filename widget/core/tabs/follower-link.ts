// A follower tab's RelayLink: frames go to the leader tab, which owns the one socket, and come back
// from it; the connection state is the leader's.
// Owns: the leader's connection state as this tab sees it. Must not: store or retry anything (tabs.ts
// and the follower role do).
import type { ClientFrame } from '../../../protocol/types.js';
import type { ConnectionEvents, ConnectionState, RelayLink } from '../connection.js';
import { Emitter } from '../emitter.js';
import type { Bus } from './channel.js';

/** The relay as seen through the leader tab. */
export class FollowerLink extends Emitter<ConnectionEvents> implements RelayLink {
  state: ConnectionState = 'connecting';

  constructor(private readonly bus: Bus) {
    super();
  }

  /** Hands the frame to the leader; false while the leader is not online (the caller keeps it). */
  send(frame: ClientFrame): boolean {
    if (this.state !== 'online') return false;
    this.bus.post({ k: 'o', f: frame });
    return true;
  }

  /** The leader reconnects on its own 'online' event; nothing to do here. */
  reconnect(): void {}

  /** Stops delivering events (this tab leads now, or the widget is gone). */
  close(): void {
    this.clear();
  }

  /** Mirrors the leader's connection state. */
  setState(s: ConnectionState): void {
    if (s === this.state) return;
    this.state = s;
    this.emit('state', s);
  }
}
