// The WebSocket side: upgrades on /v1/ws, per-site origin and per-IP checks, the registry of
// connected visitors, and delivery of bus events to local sockets. Frame semantics live in frames.ts.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { nanoid } from 'nanoid';
import { WebSocket, WebSocketServer } from 'ws';
import { CloseCode, type ErrorCode, type PageInfo, type ServerFrame, type WebhookVisitor } from '../protocol/types.js';
import type { ResolvedSite } from './config.js';
import type { RelayContext } from './context.js';
import { siteTopic, visitorTopic, type BusEvent } from './bus.js';
import { originMatcher } from './origins.js';
import { sitePatterns, TypingCoalescer } from './typing.js';
import { handleFrame, onDisconnected } from './frames.js';

/** What the relay knows of a connected visitor: exactly what every webhook carries, its page always known. */
export type VisitorState = WebhookVisitor & { page: PageInfo };

export interface Conn {
  id: string;
  ws: WebSocket;
  site: ResolvedSite;
  ip: string;
  /** Null until the visitor's `hello`. */
  visitor: VisitorState | null;
  /** visitor.connected was sent, so the helpdesk is owed a visitor.disconnected. */
  announced: boolean;
  alive: boolean;
}

const HEARTBEAT_MS = 30_000;
const noop = () => {};

/** Owns every visitor socket of this process. */
export class SocketHub {
  readonly typing = new Map<string, TypingCoalescer>();
  /** Each site's compiled sensitivePatterns. */
  readonly patterns = new Map<string, RegExp[]>();
  private readonly servers = new Map<string, WebSocketServer>();
  private readonly refuser = new WebSocketServer({ noServer: true, maxPayload: 1024, clientTracking: false });
  private readonly origins = new Map<string, (origin: string | undefined) => boolean>();
  private readonly conns = new Set<Conn>();
  private readonly byVisitor = new Map<string, { conns: Set<Conn>; unsubscribe: () => void }>();
  private readonly bySite = new Map<string, Set<Conn>>();
  private readonly perIp = new Map<string, number>();
  private readonly rate = new Map<string, { tokens: number; at: number }>();
  private readonly unsubscribers: (() => void)[] = [];
  private readonly heartbeat: NodeJS.Timeout;
  private closing = false;

  constructor(readonly ctx: RelayContext) {
    for (const site of ctx.config.sites.values()) {
      this.servers.set(site.id, new WebSocketServer({ noServer: true, maxPayload: site.limits.maxFrameBytes, clientTracking: false }));
      this.origins.set(site.id, originMatcher(site.origins));
      this.typing.set(site.id, new TypingCoalescer(site.typingPreview.intervalMs));
      this.patterns.set(site.id, sitePatterns(site.typingPreview));
      this.bySite.set(site.id, new Set());
      this.unsubscribers.push(ctx.bus.subscribe(siteTopic(site.id), (e) => this.onSiteEvent(site.id, e)));
    }
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Handles an HTTP upgrade request; never throws. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', noop);
    try {
      const url = new URL(req.url ?? '/', 'http://relay.invalid');
      if (url.pathname !== '/v1/ws') return rejectUpgrade(socket, 404, 'Not Found');
      if (this.closing) return rejectUpgrade(socket, 503, 'Service Unavailable');
      const siteId = url.searchParams.get('site') ?? '';
      const site = this.ctx.config.sites.get(siteId);
      // Refusals a browser must see as final are made after the upgrade: a refused HTTP upgrade looks
      // like network loss to a widget, which would then retry forever.
      if (!site) return this.refuse(req, socket, head, 'site_unknown', `unknown site "${siteId.slice(0, 64)}"`);
      const origin = req.headers.origin;
      if (!this.origins.get(site.id)!(origin)) {
        return this.refuse(req, socket, head, 'origin_refused', `origin ${String(origin).slice(0, 200)} is not allowed for site "${site.id}"`);
      }
      const ip = req.socket.remoteAddress ?? 'unknown';
      const ipKey = `${site.id}|${ip}`;
      // Too many sockets from one address is transient, so it is refused before upgrading (429): the
      // widget sees a network failure and retries with backoff, rather than stopping for good.
      if ((this.perIp.get(ipKey) ?? 0) >= site.limits.connectionsPerIp) return rejectUpgrade(socket, 429, 'Too Many Requests');
      this.servers.get(site.id)!.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, site, ip));
    } catch {
      socket.destroy();
    }
  }

  /** Closes every socket (1012 on shutdown) and resolves once they are gone or after graceMs. */
  async closeAll(code: number = CloseCode.restarting, reason = 'restarting', graceMs = 1000): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    const all = [...this.conns];
    await Promise.all(
      all.map(
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
    for (const t of this.typing.values()) t.clear();
    for (const u of this.unsubscribers) u();
    for (const s of this.servers.values()) s.close();
    this.refuser.close();
  }

  /** Sends one frame to one socket if it is open. */
  send(conn: Conn, frame: ServerFrame): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    try {
      conn.ws.send(JSON.stringify(frame));
      this.ctx.metrics.framesOut++;
    } catch {
      // A socket dying mid-send is reported by its 'close' event.
    }
  }

  /** Sends an `error` frame. */
  error(conn: Conn, code: ErrorCode, message: string): void {
    this.send(conn, { t: 'error', code, message });
  }

  /** Registers conn as visitor's socket, subscribing this process to the visitor's topic if first; resolves once other processes can reach it. */
  attach(conn: Conn): Promise<void> {
    const key = visitorTopic(conn.site.id, conn.visitor!.id);
    let entry = this.byVisitor.get(key);
    if (!entry) {
      const conns = new Set<Conn>();
      const unsubscribe = this.ctx.bus.subscribe(key, (e) => {
        if (e.kind !== 'frame') return;
        for (const c of conns) if (c.id !== e.exceptConnection) this.send(c, e.frame);
      });
      entry = { conns, unsubscribe };
      this.byVisitor.set(key, entry);
    }
    entry.conns.add(conn);
    return this.ctx.bus.settled?.(key) ?? Promise.resolve();
  }

  /** Takes one message token from the visitor's per-minute budget; false when it is spent. */
  takeMessageToken(conn: Conn): boolean {
    const key = visitorTopic(conn.site.id, conn.visitor!.id);
    const perMinute = conn.site.limits.messagesPerMinute;
    const now = Date.now();
    const b = this.rate.get(key) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) * perMinute) / 60_000);
    b.at = now;
    this.rate.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** The webhook view of a visitor. */
  snapshot(conn: Conn): WebhookVisitor {
    const v = conn.visitor!;
    const out: WebhookVisitor = { id: v.id, verified: v.verified };
    if (v.userId !== undefined) out.userId = v.userId;
    if (v.name !== undefined) out.name = v.name;
    if (v.email !== undefined) out.email = v.email;
    if (v.page !== undefined) out.page = v.page;
    if (v.locale !== undefined) out.locale = v.locale;
    return out;
  }

  private refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: ErrorCode, message: string): void {
    this.refuser.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', noop);
      try {
        ws.send(JSON.stringify({ t: 'error', code, message }));
        ws.close(CloseCode.policy, code);
      } catch {
        ws.terminate();
      }
    });
  }

  private onConnection(ws: WebSocket, site: ResolvedSite, ip: string): void {
    const conn: Conn = { id: nanoid(21), ws, site, ip, visitor: null, announced: false, alive: true };
    const ipKey = `${site.id}|${ip}`;
    this.perIp.set(ipKey, (this.perIp.get(ipKey) ?? 0) + 1);
    this.conns.add(conn);
    this.bySite.get(site.id)!.add(conn);
    this.ctx.metrics.connections++;
    this.ctx.metrics.connectionsTotal++;
    ws.on('error', noop);
    ws.on('pong', () => (conn.alive = true));
    ws.on('message', (data, isBinary) => {
      this.ctx.metrics.framesIn++;
      conn.alive = true;
      if (isBinary) return this.error(conn, 'bad_frame', 'binary frames are not supported');
      const raw = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      void handleFrame(this, conn, raw.toString('utf8')).catch(() => this.error(conn, 'bad_frame', 'frame could not be handled'));
    });
    ws.on('close', () => {
      try {
        this.detach(conn, ipKey);
      } catch {
        // Bookkeeping errors must not take the process down.
      }
    });
  }

  private detach(conn: Conn, ipKey: string): void {
    if (!this.conns.delete(conn)) return;
    this.ctx.metrics.connections--;
    const n = (this.perIp.get(ipKey) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(ipKey);
    else this.perIp.set(ipKey, n);
    this.bySite.get(conn.site.id)?.delete(conn);
    if (!conn.visitor) return;
    const key = visitorTopic(conn.site.id, conn.visitor.id);
    const entry = this.byVisitor.get(key);
    entry?.conns.delete(conn);
    if (entry && entry.conns.size === 0) {
      entry.unsubscribe();
      this.byVisitor.delete(key);
      this.typing.get(conn.site.id)?.forget(conn.visitor.id);
      this.rate.delete(key);
    }
    if (conn.announced) onDisconnected(this, conn);
  }

  private onSiteEvent(siteId: string, e: BusEvent): void {
    let frame: ServerFrame;
    if (e.kind === 'presence') {
      this.ctx.presence.set(siteId, e.agentsOnline);
      frame = { t: 'presence', agentsOnline: e.agentsOnline };
    } else {
      frame = e.frame;
    }
    for (const c of this.bySite.get(siteId) ?? []) if (c.visitor) this.send(c, frame);
  }

  private beat(): void {
    for (const c of this.conns) {
      // A peer that answered neither a ping nor sent anything for a whole beat is gone.
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
  }
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  const body = JSON.stringify({ error: { code: status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'unavailable', message: text } });
  try {
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  } catch {
    socket.destroy();
  }
}
