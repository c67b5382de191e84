// The socket layer, assembled: admission (admission.ts) hands each accepted socket here, the registry
// (registry.ts) knows where visitors are, per-visitor state (visitor-state.ts) holds rates and typing,
// frames.ts says what each frame means, heartbeat.ts drops dead peers. This file only wires a socket's
// events to those rooms and drains them on shutdown; it must not grow rules of its own.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import { CloseCode, type ErrorCode, type ServerFrame } from '../protocol/server-frames.js';
import { Admission } from './admission.js';
import type { ResolvedSite } from './config.js';
import { connId, flushFrames, nextSerial, sendError, sendFrame, type Conn, type VisitorState } from './conn.js';
import type { RelayContext } from './context.js';
import { handleFrame, onDisconnected, type FrameDeps } from './frames.js';
import { startHeartbeat } from './heartbeat.js';
import { VisitorRegistry } from './registry.js';
import { VisitorStates } from './visitor-state.js';

export type { Conn, VisitorState } from './conn.js';

const noop = () => {};

/** Where a socket keeps its Conn, for the listeners every socket shares. */
const connOf = Symbol('conn');
type ConnSocket = WebSocket & { [connOf]: Conn };

/** Owns every visitor socket of this process. */
export class SocketHub implements FrameDeps {
  readonly state: VisitorStates;
  private readonly admission: Admission;
  private readonly registry: VisitorRegistry;
  private readonly stopHeartbeat: () => void;

  constructor(readonly ctx: RelayContext) {
    const sites = [...ctx.config.sites.values()];
    this.state = new VisitorStates(sites);
    this.registry = new VisitorRegistry(ctx.bus, ctx.metrics, ctx.presence, (site) => ctx.hours.get(site), sites.map((s) => s.id), (conn, frame) => {
      if (frame.t === 'invitation' && conn.visitor) this.state.rememberInvitation(conn.site, conn.visitor.id, frame.id, frame.text);
      if (frame.t === 'message' && frame.from === 'agent' && conn.visitor) ctx.metrics.agentSaid(conn.site.id, conn.visitor.id);
    });
    this.admission = new Admission(ctx.config, (ws, site, ip, req) => this.onConnection(ws, site, ip, String(req.headers['user-agent'] ?? '').slice(0, 512)), ctx.log);
    this.stopHeartbeat = startHeartbeat(() => this.registry.all(), ctx.config.http.heartbeatMs);
  }

  /** Handles an HTTP upgrade request; never throws. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.admission.handleUpgrade(req, socket, head);
  }

  /** Closes every socket (1012 on shutdown) and resolves once they are gone or after graceMs. */
  async closeAll(code: number = CloseCode.restarting, reason = 'restarting', graceMs = 1000): Promise<void> {
    this.admission.stop();
    this.stopHeartbeat();
    flushFrames();
    await Promise.all(
      [...this.registry.all()].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.ws.readyState === WebSocket.CLOSED) return resolve();
            const t = setTimeout(() => {
              c.ws.terminate();
              resolve();
            }, graceMs);
            c.ws.once('close', () => {
              clearTimeout(t);
              resolve();
            });
            c.ws.close(code, reason);
          }),
      ),
    );
    this.state.clear();
    this.registry.close();
    this.admission.close();
  }

  /** Sends one frame to one socket if it is open. */
  send(conn: Conn, frame: ServerFrame): void {
    sendFrame(conn, frame);
  }

  /** Sends an `error` frame. */
  error(conn: Conn, code: ErrorCode, message: string): void {
    sendError(conn, code, message);
  }

  /** Whether the visitor may have a socket besides this one: always when a bus joins other instances. */
  mayHaveOtherTabs(conn: Conn): boolean {
    return this.ctx.bus.kind !== 'memory' || !this.registry.isOnlySocket(conn);
  }

  /** Closes one socket. */
  close(conn: Conn, code: number, reason: string): void {
    flushFrames();
    try {
      conn.ws.close(code, reason);
    } catch {
      conn.ws.terminate();
    }
  }

  /** The site opened or closed: its sockets here hear the new presence. */
  pushPresence(site: string): void {
    this.registry.pushPresence(site, this.ctx.presence.get(site) ?? 0);
  }

  /** This process's visitors of a site (the live list). */
  visitorsOf(site: string): Iterable<VisitorState> {
    return this.registry.visitorsOf(site);
  }

  /** Registers conn as its visitor's socket; resolves once other processes can reach it. */
  attach(conn: Conn): Promise<void> {
    return this.registry.attach(conn);
  }

  private onConnection(ws: WebSocket, site: ResolvedSite, ip: string, userAgent: string): void {
    const conn: Conn = { serial: nextSerial(), ws, site, ip, userAgent, visitor: null, announced: false, alive: true, sharesVisitor: false, helloTimer: undefined };
    (ws as ConnSocket)[connOf] = conn;
    this.registry.add(conn);
    // A socket that never says hello holds a place in the per-address count: not for long.
    conn.helloTimer = setTimeout(() => {
      if (conn.visitor) return;
      this.ctx.log.socketRefused('no_hello', { site: site.id, conn: connId(conn), ip });
      this.close(conn, CloseCode.tryAgainLater, 'no hello');
    }, site.limits.helloTimeoutMs);
    conn.helloTimer.unref();
    ws.on('error', noop);
    ws.on('pong', this.listeners.pong);
    ws.on('message', this.listeners.message);
    // One close listener for every room: each listener more is a closure every idle visitor keeps.
    ws.on('close', this.listeners.close);
  }

  /**
   * The listeners every socket shares, made once: each finds its Conn on the socket, so an idle
   * visitor keeps no closure (nor the scope it would hold) per event.
   */
  private readonly listeners = ((hub: SocketHub) => ({
    pong(this: WebSocket) {
      (this as ConnSocket)[connOf].alive = true;
    },
    message(this: WebSocket, data: RawData, isBinary: boolean) {
      hub.onMessage((this as ConnSocket)[connOf], data, isBinary);
    },
    close(this: WebSocket, code: number) {
      hub.onSocketClosed((this as ConnSocket)[connOf], code);
    },
  }))(this);

  private onMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    conn.alive = true;
    if (isBinary) {
      this.ctx.metrics.refused('bad_frame');
      this.ctx.log.frameRefused(conn, 'bad_frame');
      return this.error(conn, 'bad_frame', 'binary frames are not supported');
    }
    const raw = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    const handled = handleFrame(this, conn, raw.toString('utf8')).catch(() => this.error(conn, 'bad_frame', 'frame could not be handled'));
    if (conn.helloTimer) {
      void handled.then(() => {
        if (!conn.visitor) return;
        clearTimeout(conn.helloTimer);
        conn.helloTimer = undefined;
      });
    }
  }

  private onSocketClosed(conn: Conn, code: number): void {
    clearTimeout(conn.helloTimer);
    conn.helloTimer = undefined;
    this.admission.release(conn.site, conn.ip);
    try {
      this.ctx.log.closed(conn, code);
      this.onClose(conn);
    } catch {
      // Bookkeeping errors must not take the process down.
    }
  }

  private onClose(conn: Conn): void {
    const gone = this.registry.remove(conn);
    if (!gone.known || !conn.visitor) return;
    if (gone.lastOfVisitor) this.state.forget(conn.site, conn.visitor.id);
    if (conn.announced) onDisconnected(this, conn);
  }
}
