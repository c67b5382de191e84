// Admission: which upgrade requests become visitor sockets. Owns the path check, the site and Origin
// checks, the per-address socket counts and every refusal (each one ends with the socket destroyed,
// never left waiting for a client that does not read). It must not touch frames, visitors or the bus.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ErrorCode } from '../protocol/server-frames.js';
import { CloseCode } from '../protocol/server-frames.js';
import type { ResolvedConfig, ResolvedSite } from './config.js';
import type { RelayLog } from './log.js';
import { originMatcher } from './origins.js';
import { REFUSAL_GRACE_MS, refuseSocket } from './refusal.js';
import { VisitorSocket } from './visitor-socket.js';

const noop = () => {};

/** Accepts or refuses upgrades; `accept` receives each admitted socket. */
export class Admission {
  private readonly servers = new Map<string, WebSocketServer>();
  private readonly refuser = new WebSocketServer({ noServer: true, maxPayload: 1024, clientTracking: false });
  private readonly origins = new Map<string, (origin: string | undefined) => boolean>();
  private readonly perAddress = new Map<string, number>();
  private closing = false;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly accept: (ws: WebSocket, site: ResolvedSite, ip: string, req: IncomingMessage) => void,
    private readonly log: RelayLog,
  ) {
    for (const site of config.sites.values()) {
      this.servers.set(site.id, new WebSocketServer({ noServer: true, maxPayload: site.limits.maxFrameBytes, clientTracking: false, WebSocket: VisitorSocket as typeof WebSocket }));
      this.origins.set(site.id, originMatcher(site.origins));
    }
  }

  /** Handles an HTTP upgrade request; never throws. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', noop);
    try {
      const url = new URL(req.url ?? '/', 'http://relay.invalid');
      if (url.pathname !== '/v1/ws') return this.reject(socket, 404, 'not_found');
      if (this.closing) return this.reject(socket, 503, 'unavailable');
      const siteId = url.searchParams.get('site') ?? '';
      const site = this.config.sites.get(siteId);
      // Refusals a browser must see as final are made after the upgrade: a refused HTTP upgrade looks
      // like network loss to a widget, which would then retry forever.
      if (!site) {
        this.log.socketRefused('site_unknown', { site: siteId.slice(0, 64) });
        return this.refuse(req, socket, head, 'site_unknown', `unknown site "${siteId.slice(0, 64)}"`);
      }
      const origin = req.headers.origin;
      if (!this.origins.get(site.id)!(origin)) {
        this.log.socketRefused('origin_refused', { site: site.id, origin: String(origin) });
        return this.refuse(req, socket, head, 'origin_refused', `origin ${String(origin).slice(0, 200)} is not allowed for site "${site.id}"`);
      }
      const ip = this.config.proxies.clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
      const key = addressKey(site, ip);
      // Too many sockets from one address is transient, so it is refused before upgrading (429): the
      // widget sees a network failure and retries with backoff, rather than stopping for good.
      if ((this.perAddress.get(key) ?? 0) >= site.limits.connectionsPerIp) return this.reject(socket, 429, 'rate_limited', { site: site.id, ip });
      this.servers.get(site.id)!.handleUpgrade(req, socket, head, (ws) => this.admit(ws, site, ip, key, req));
    } catch {
      socket.destroy();
    }
  }

  /** Refuses every new upgrade from now on (shutdown). */
  stop(): void {
    this.closing = true;
  }

  /** Releases the servers once every socket is gone. */
  close(): void {
    for (const s of this.servers.values()) s.close();
    this.refuser.close();
  }

  private reject(socket: Duplex, status: 404 | 429 | 503, reason: 'not_found' | 'rate_limited' | 'unavailable', where: { site?: string; ip?: string } = {}): void {
    this.log.socketRefused(reason, where);
    rejectUpgrade(socket, status, status === 404 ? 'Not Found' : status === 429 ? 'Too Many Requests' : 'Service Unavailable');
  }

  /** Counts an upgraded socket against its address and hands it on; the hub calls `release` when it closes. */
  private admit(ws: WebSocket, site: ResolvedSite, ip: string, key: string, req: IncomingMessage): void {
    this.perAddress.set(key, (this.perAddress.get(key) ?? 0) + 1);
    this.accept(ws, site, ip, req);
  }

  /**
   * An admitted socket closed: its address may open another. Called from the hub's one close listener
   * rather than a listener of this class's own: a closure made here per socket (and the upgrade request
   * its scope held, headers and URL) cost every idle visitor about 1.3 KB.
   */
  release(site: ResolvedSite, ip: string): void {
    const key = addressKey(site, ip);
    const n = (this.perAddress.get(key) ?? 1) - 1;
    if (n <= 0) this.perAddress.delete(key);
    else this.perAddress.set(key, n);
  }

  private refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: ErrorCode, message: string): void {
    this.refuser.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', noop);
      const gone = setTimeout(() => ws.terminate(), REFUSAL_GRACE_MS);
      gone.unref();
      ws.once('close', () => clearTimeout(gone));
      try {
        ws.send(JSON.stringify({ t: 'error', code, message }));
        ws.close(CloseCode.policy, code);
      } catch {
        ws.terminate();
      }
    });
  }
}

const addressKey = (site: ResolvedSite, ip: string) => `${site.id}|${ip}`;

/** Answers a plain HTTP refusal, then destroys the socket. */
function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  const body = JSON.stringify({ error: { code: status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'unavailable', message: text } });
  refuseSocket(socket, `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
