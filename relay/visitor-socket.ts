// The WebSocket class the relay's servers make for visitors: ws's own, with its listener table in
// V8's fast form. An EventEmitter keeps listeners in a `{__proto__: null}` object, which V8 holds as
// a hash table (about 370 bytes per socket here); Node's own streams avoid that by starting from an
// object literal naming their events, and this does the same for the events a visitor socket has.
// Idle visitors are most of a relay's memory: 10,000 of them save about 3 MiB.
import { WebSocket } from 'ws';

export class VisitorSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    // Replaced before any listener exists: the server makes the socket, then hands it to the relay.
    if ((this as unknown as { _eventsCount: number })._eventsCount === 0) {
      (this as unknown as { _events: object })._events = { error: undefined, pong: undefined, message: undefined, close: undefined };
    }
  }
}
