// The relay's log lines (DESIGN §13): JSON through pino, one line per connection, refusal, webhook
// failure and lifecycle event. Which fields a line carries is decided here and only here: ids, codes,
// counts, ports and durations. Never what a visitor typed or is (message text, drafts, names, emails,
// phone numbers), never a token, userHash or secret — call sites hand over a connection or a result
// and this file picks what may be written.
import { createRequire } from 'node:module';
import type { DestinationStream, Logger } from 'pino';
import type { ClientFrame } from '../protocol/client-frames.js';
import type { WebhookType } from '../protocol/webhooks.js';
import { connId, type Conn } from './conn.js';
import type { Shed } from './delivery-queue.js';
import { ConfigError } from './errors.js';
import type { DeliveryResult } from './webhooks.js';

export type { Logger };

/** What the relay's log lines are written with: a pino logger, or anything with its four methods. */
export type LogSink = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** The levels PARLEY_LOG_LEVEL takes, most verbose last but one. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A JSON-lines logger at `level` (PARLEY_LOG_LEVEL, default info) on stdout, another file descriptor
 * or a stream; throws ConfigError naming PARLEY_LOG_LEVEL for an unknown level.
 */
export function createLogger(level: string = 'info', destination: 1 | 2 | DestinationStream = 1): Logger {
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new ConfigError('PARLEY_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, not "${level.slice(0, 32)}"`);
  // Loaded here, not at import: a relay used as a library without a logger never needs pino (~1.3 MiB).
  const { pino } = createRequire(import.meta.url)('pino') as typeof import('pino');
  // Written synchronously: the lines of a process that exits right after (a failed start, a drain) are kept.
  const stream = typeof destination === 'number' ? pino.destination({ dest: destination, sync: true }) : destination;
  return pino({ level, base: { name: 'parley-relay', pid: process.pid } }, stream);
}

/** A logger that writes nothing: a relay used as a library is quiet unless given one. */
export function silentLogger(): LogSink {
  const quiet = () => {};
  return { debug: quiet, info: quiet, warn: quiet, error: quiet };
}

/** Why a socket was refused or closed by the relay rather than by the visitor. */
export type SocketRefusal = 'not_found' | 'unavailable' | 'site_unknown' | 'origin_refused' | 'rate_limited' | 'abuse' | 'no_hello';

/** The relay's log events, each with the fields it may carry. */
export class RelayLog {
  constructor(readonly logger: LogSink) {}

  /** Listening: where, on which bus, for how many sites. */
  started(url: string, port: number, bus: string, sites: number): void {
    this.logger.info({ event: 'start', url, port, bus, sites }, `parley-relay listening on ${url}`);
  }

  /** Shutdown began. */
  draining(): void {
    this.logger.info({ event: 'drain' }, 'draining: closing sockets with 1012, finishing in-flight webhooks');
  }

  /** Shutdown finished. */
  stopped(): void {
    this.logger.info({ event: 'stop' }, 'stopped');
  }

  /** The shared bus lost or regained Redis. */
  bus(up: boolean, message: string): void {
    if (up) this.logger.info({ event: 'bus_up' }, message);
    else this.logger.warn({ event: 'bus_down' }, message);
  }

  /** A visitor was welcomed on this socket. */
  welcomed(conn: Conn, resumed: boolean): void {
    this.logger.debug({ event: 'welcome', site: conn.site.id, conn: connId(conn), visitor: conn.visitor?.id, resumed, verified: conn.visitor?.verified ?? false }, 'visitor welcomed');
  }

  /** A visitor socket closed: the one line each connection leaves at info. */
  closed(conn: Conn, code: number): void {
    this.logger.info({ event: 'connection', site: conn.site.id, conn: connId(conn), visitor: conn.visitor?.id, verified: conn.visitor?.verified ?? false, code }, 'connection closed');
  }

  /** An upgrade was refused, or the relay closed a socket it had accepted. */
  socketRefused(reason: SocketRefusal, where: { site?: string; conn?: string; ip?: string; origin?: string }): void {
    // The Origin header is the client's to write: cut, so a refusal cannot flood the log.
    const origin = where.origin?.slice(0, 200);
    this.logger.warn({ event: 'refusal', reason, ...where, ...(origin !== undefined ? { origin } : {}) }, `socket refused: ${reason}`);
  }

  /** A frame was refused; excess typing, dropped by design, only at debug. */
  frameRefused(conn: Conn, reason: string, t?: ClientFrame['t']): void {
    const line = { event: 'refusal', reason, site: conn.site.id, conn: connId(conn), visitor: conn.visitor?.id, ...(t !== undefined ? { frame: t } : {}) };
    if (t === 'typing' && reason === 'rate_limited') this.logger.debug(line, 'typing frame dropped');
    else this.logger.warn(line, `frame refused: ${reason}`);
  }

  /** An HTTP request was answered with an error (a wrong API secret, a bad body, an unknown route, a fault). */
  httpRefused(status: number, code: string, method: string, path: string): void {
    // Paths carry site and visitor ids, never secrets (those travel in headers) or queries (dropped).
    const line = { event: 'refusal', status, code, method, path: path.slice(0, 200) };
    if (status >= 500) this.logger.error(line, `request failed: ${code}`);
    else this.logger.warn(line, `request refused: ${code}`);
  }

  /** Garbage on the wire or a request too slow: answered 400/408, socket destroyed. */
  clientError(status: number, ip: string | undefined): void {
    this.logger.info({ event: 'refusal', status, ip }, `bad HTTP request: ${status}`);
  }

  /** A webhook delivery ended without a 2xx. */
  webhookFailed(site: string, type: WebhookType, r: Extract<DeliveryResult, { ok: false }>, seconds: number): void {
    this.logger.warn({ event: 'webhook_failed', site, type, reason: r.reason, status: r.status, tries: r.tries, retryable: r.retryable, seconds }, `webhook ${type} failed: ${r.reason}`);
  }

  /** A webhook never ran: shed from a full queue, superseded by a newer one, or past its deadline. */
  webhookDropped(site: string, type: WebhookType, why: Shed): void {
    // A newer draft or page replacing a waiting one is the design working, not a loss worth a warning.
    this.logger[why === 'superseded' ? 'debug' : 'warn']({ event: 'webhook_dropped', site, type, why }, `webhook ${type} dropped: ${why}`);
  }
}
