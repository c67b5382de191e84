// Protocol v1 over a ReconnectingSocket: says hello on every (re)connect, keeps the link alive with
// pings, and turns frames into typed events. It knows nothing about messages' meaning or storage.
// Owns: one socket's protocol: hello, pings, parsing. Must not: touch the conversation, the outbox or
// storage; only a leader role (roles.ts) opens one.
import type { ClientFrame, HelloFrame } from '../../protocol/client-frames.js';
import { parseServerFrame, type ServerFrame } from '../../protocol/server-frames.js';
import type { ConnectionState, FatalClose } from '../../protocol/tabs.js';
import { Emitter } from './emitter.js';
import { ReconnectingSocket, type ReconnectOptions } from './reconnect.js';
import { wsUrl } from './url.js';

export type { ConnectionState };

export interface ConnectionEvents {
  state: ConnectionState;
  frame: ServerFrame;
  /** The relay refused this site or origin (close 1008), or the socket could not be used at all. */
  fatal: FatalClose;
}

export interface ConnectionOptions {
  relay: string;
  site: string;
  /** Builds the hello frame at connect time, so it carries the freshest visitor id, token and page. */
  hello: () => Omit<HelloFrame, 't'>;
  pingInterval?: number;
  socket?: Partial<ReconnectOptions>;
}

/** What the client needs from a link to the relay: a direct socket today, a tab leader's proxy later. */
export interface RelayLink {
  readonly state: ConnectionState;
  send(frame: ClientFrame): boolean;
  reconnect(): void;
  close(): void;
  on<K extends keyof ConnectionEvents>(event: K, fn: (payload: ConnectionEvents[K]) => void): () => void;
}

/** A protocol-v1 link to the relay; `state` is online only after `welcome`. */
export class Connection extends Emitter<ConnectionEvents> implements RelayLink {
  state: ConnectionState = 'connecting';
  private socket: ReconnectingSocket;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private lastSeen = 0;

  constructor(private readonly opts: ConnectionOptions) {
    super();
    const interval = opts.pingInterval ?? 25_000;
    this.socket = new ReconnectingSocket(wsUrl(opts.relay, opts.site), opts.socket);
    this.socket.on('open', () => {
      this.lastSeen = Date.now();
      this.sendRaw({ t: 'hello', ...opts.hello() });
      clearInterval(this.pinger);
      this.pinger = setInterval(() => {
        // Two silent intervals mean a dead path (sleeping laptop, NAT drop) that TCP has not noticed.
        if (Date.now() - this.lastSeen > interval * 2 + 5000) this.socket.reconnect();
        else this.sendRaw({ t: 'ping' });
      }, interval);
    });
    this.socket.on('message', (raw) => {
      this.lastSeen = Date.now();
      const frame = parseServerFrame(raw);
      if (!frame) return;
      if (frame.t === 'welcome') this.setState('online');
      if (frame.t !== 'pong') this.emit('frame', frame);
    });
    this.socket.on('close', () => {
      clearInterval(this.pinger);
      this.setState('offline');
    });
    this.socket.on('stopped', (why) => {
      clearInterval(this.pinger);
      this.setState('offline');
      this.emit('fatal', why);
    });
  }

  /** True when frames can be sent and the relay has welcomed us. */
  get ready(): boolean {
    return this.state === 'online' && this.socket.isOpen;
  }

  /** Sends a frame if the relay has welcomed us; returns whether it went out. */
  send(frame: ClientFrame): boolean {
    return this.ready && this.sendRaw(frame);
  }

  /** Reconnects now (the browser came back online, or the tab woke up). */
  reconnect(): void {
    this.socket.reconnect();
  }

  /** Closes for good. */
  close(): void {
    clearInterval(this.pinger);
    this.socket.close(1000, 'bye');
    this.clear();
  }

  private sendRaw(frame: ClientFrame): boolean {
    return this.socket.send(JSON.stringify(frame));
  }

  private setState(s: ConnectionState): void {
    if (s === this.state) return;
    this.state = s;
    this.emit('state', s);
  }
}
