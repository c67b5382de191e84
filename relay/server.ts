// createRelay: wires config, bus, webhook sender, sockets and HTTP routes into one node:http server.
import http from 'node:http';
import type { Socket } from 'node:net';
import type { RelayConfig } from './config.js';
import { LOOPBACK_HOSTS, resolveConfig } from './config.js';
import { MemoryBus, type Bus } from './bus.js';
import { RedisBus } from './redis-bus.js';
import type { RelayContext } from './context.js';
import { ApiError, ConfigError } from './errors.js';
import { apiHandler, sendError, sendJson } from './http-api.js';
import { RelayLog, silentLogger, type Logger } from './log.js';
import { Metrics } from './metrics.js';
import { Presence } from './presence.js';
import { serveOpenApi } from './openapi.js';
import { SiteSchedules, type ScheduleOptions } from './schedule.js';
import { SocketHub } from './sockets.js';
import { LiveVisitors } from './visitor-list.js';
import { defaultWidgetFile, widgetHandlers } from './static.js';
import { WebhookSender } from './webhooks.js';
import { refuseSocket } from './refusal.js';
import { safeEqual } from './tokens.js';
import { isLoopback } from './address.js';
import { requestPath } from './request-path.js';

/** What `GET /` answers: what this is and where to look, for whoever opens the relay's URL. */
const HOME = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Parley relay</title>
<h1>Parley relay</h1><p>This server connects a site's chat widget to its helpdesk. The widget is at
<a href="/parley.js">/parley.js</a>; health at <a href="/healthz">/healthz</a>. See the project's README for the
HTTP API and webhooks.</p></html>`;

const bearer = (req: http.IncomingMessage) => /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';

/** A running relay: its HTTP server, `listen` and a draining `close`. */
export interface Relay {
  server: http.Server;
  /** Connects the bus, listens (default: the configured port and host) and resolves to the bound port; rejects with BusError when Redis is unreachable. */
  listen(port?: number, host?: string): Promise<number>;
  /** Drains: closes sockets with 1012, finishes in-flight webhooks, then closes the server. */
  close(): Promise<void>;
}

/** What `createRelay` takes besides the config: the widget file to serve and a bus of your own. */
export interface RelayOptions {
  /** The widget bundle served at /parley.js (its chunks beside it); defaults to dist/parley.js in the package. */
  widgetFile?: string;
  /** A bus of your own; defaults to a RedisBus when redisUrl is set, else in-memory. */
  bus?: Bus;
  /** The business-hours clock and timers (tests move the clock next to a boundary). */
  schedule?: Partial<ScheduleOptions>;
  /** Where the relay's JSON log lines go (a pino logger); defaults to none: the CLI passes one at PARLEY_LOG_LEVEL. */
  logger?: Logger;
}

/** Builds a relay from a config (validated here; throws ConfigError naming the field). */
export function createRelay(config: RelayConfig, options: RelayOptions = {}): Relay {
  const resolved = resolveConfig(config);
  const log = new RelayLog(options.logger ?? silentLogger());
  const metrics = new Metrics([...resolved.sites.keys()], { busUp: () => ctx.bus.up?.() ?? true, queued: (site) => ctx.webhooks.queued(site) });
  const bus = options.bus ?? (resolved.redisUrl ? new RedisBus({ url: resolved.redisUrl, log: (m, up) => log.bus(up, m) }) : new MemoryBus());
  const ctx: RelayContext = {
    config: resolved,
    bus,
    visitors: new LiveVisitors(bus, (site) => hub.visitorsOf(site)),
    metrics,
    log,
    presence: new Presence([...resolved.sites.values()].map((s) => [s.id, s.agentsOnline])),
    // At each boundary this instance tells its own sockets; every instance has the same config and clock.
    hours: new SiteSchedules(resolved.sites.values(), (site) => hub.pushPresence(site), options.schedule),
    webhooks: new WebhookSender(
      resolved.webhookDelivery,
      (type, r, seconds, site) => {
        metrics.webhook(type, r.ok ? 'ok' : 'failed', seconds);
        if (!r.ok) log.webhookFailed(site, type, r, seconds);
      },
      (type, why, site) => {
        metrics.webhooksDropped.inc({ type });
        log.webhookDropped(site, type, why);
      },
    ),
  };
  const hub = new SocketHub(ctx);
  const api = apiHandler(ctx);
  const widget = widgetHandlers(options.widgetFile ?? defaultWidgetFile());

  const limits = resolved.http;
  const server = http.createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often Node checks the two timeouts above (its default, 30 s, would let them run late).
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  }, (req, res) => {
    res.on('error', () => {});
    req.on('error', () => {});
    void route(req, res).catch((e: unknown) => {
      const err = e instanceof ApiError ? e : new ApiError(500, 'internal', 'internal error');
      log.httpRefused(err.status, err.code, req.method ?? 'GET', (req.url ?? '/').split('?')[0]!);
      try {
        if (!res.headersSent) sendError(res, err);
        else res.destroy();
      } catch {
        res.destroy();
      }
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let path: string;
    try {
      path = requestPath(req.url ?? '/');
    } catch {
      throw new ApiError(400, 'bad_request', 'bad request URL');
    }
    const method = req.method ?? 'GET';
    if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) return health(res, false);
    if (path === '/readyz' && (method === 'GET' || method === 'HEAD')) return health(res, true);
    if (path === '/metrics' && method === 'GET') {
      // Without a token only this machine may scrape; with one, only who holds it.
      const token = resolved.metricsToken;
      const allowed = token === null ? isLoopback(req.socket.remoteAddress) : safeEqual(bearer(req), token);
      if (!allowed) throw new ApiError(token === null ? 403 : 401, token === null ? 'forbidden' : 'unauthorized', token === null ? 'metrics are served to loopback only unless metricsToken is set' : 'missing or wrong metrics token');
      const text = await metrics.render();
      res.writeHead(200, { 'content-type': metrics.contentType });
      res.end(text);
      return;
    }
    if (path === '/' && (method === 'GET' || method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' });
      res.end(HOME);
      return;
    }
    if (path === '/openapi.json' && (method === 'GET' || method === 'HEAD')) return serveOpenApi(res, resolved.publicUrl);
    const file = widget.get(path);
    if (file && (method === 'GET' || method === 'HEAD')) {
      if (file(req, res)) return;
      throw new ApiError(404, 'widget_missing', 'the widget bundle has not been built');
    }
    if (await api(req, res, path)) return;
    throw new ApiError(404, 'not_found', 'no such route');
  }

  let draining = false;
  // /healthz: alive, 200 while the process serves, so nothing restarts an instance that only lost
  // Redis. /readyz: 503 while draining or while the bus cannot reach other instances (Redis configured
  // and down), so a load balancer sends new visitors to instances that can. Sockets already here keep
  // working meanwhile (served from memory) and are not closed: their widgets reconnect only if this
  // instance goes away.
  function health(res: http.ServerResponse, readiness: boolean): void {
    const kind = ctx.bus.kind ?? 'custom';
    const up = ctx.bus.up?.() ?? true;
    const ok = !readiness || (up && !draining);
    sendJson(res, ok ? 200 : 503, { ok, bus: kind, ...(kind === 'redis' ? { redis: up ? 'up' : 'down' } : {}), ...(draining ? { draining } : {}) });
  }

  server.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head));
  // Garbage on the wire (bad HTTP, resets mid-request) is the client's problem, never the process's.
  // A timed-out request (slowloris) gets its 408 and the socket goes, never waiting for it to read.
  server.maxConnections = limits.maxConnections;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    log.clientError(timedOut ? 408 : 400, (socket as Socket).remoteAddress);
    refuseSocket(socket, `HTTP/1.1 ${timedOut ? '408 Request Timeout' : '400 Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  let closed: Promise<void> | null = null;
  return {
    server,
    async listen(port = resolved.port, host = resolved.host) {
      if (resolved.demo && !LOOPBACK_HOSTS.has(host)) throw new ConfigError('host', `a "demo": true config listens on loopback only, not ${host}`);
      // Accepting sockets before the bus works would report `delivered: false` for visitors elsewhere.
      await ctx.bus.ready?.();
      // After ready(): site topics are subscribed, so a PUT racing this read still arrives as an event.
      await ctx.presence.load(ctx.bus, resolved.sites.keys());
      ctx.hours.start();
      return new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address();
          const bound = typeof addr === 'object' && addr ? addr.port : port;
          const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
          log.started(`http://${shown}:${bound}`, bound, ctx.bus.kind ?? 'custom', resolved.sites.size);
          resolve(bound);
        });
      });
    },
    close() {
      closed ??= (async () => {
        draining = true;
        log.draining();
        const stopped = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
        server.closeIdleConnections();
        ctx.hours.stop();
        await hub.closeAll();
        ctx.visitors.close();
        await ctx.webhooks.drain();
        await ctx.bus.close();
        server.closeAllConnections();
        await stopped;
        log.stopped();
      })();
      return closed;
    },
  };
}
