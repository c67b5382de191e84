// One visitor socket as every room of the socket layer sees it, and the two ways to answer it.
// Owns the Conn shape and sending on one socket; knows nothing of sites, buses or webhooks.
import { WebSocket } from 'ws';
import type { PageInfo } from '../protocol/client-frames.js';
import type { ErrorCode, ServerFrame } from '../protocol/server-frames.js';
import type { ForwardedContext } from '../protocol/context.js';
import type { WebhookVisitor } from '../protocol/webhooks.js';
import type { ResolvedSite } from './config.js';
import { randomId } from './tokens.js';

/**
 * What the relay knows of a connected visitor: what every webhook carries, its page always known, plus
 * the visit's context and when this socket said hello (for the live list; a number, as a string would
 * cost every idle visitor 40 bytes).
 */
export type VisitorState = WebhookVisitor & { page: PageInfo; context?: ForwardedContext; connectedAtMs: number };

/** One accepted socket. */
export interface Conn {
  /** This process's number for the socket; connId makes the id other processes and logs see. */
  serial: number;
  ws: WebSocket;
  site: ResolvedSite;
  ip: string;
  /** The User-Agent header of the upgrade, cut to 512 characters ('' when absent). */
  userAgent: string;
  /** Null until the visitor's `hello`. */
  visitor: VisitorState | null;
  /** visitor.connected was sent, so the helpdesk is owed a visitor.disconnected. */
  announced: boolean;
  alive: boolean;
  /** Another socket of the same visitor is in this process (the registry keeps it up to date). */
  sharesVisitor: boolean;
  /** Closes a socket that has not said hello in time; dropped once the visitor is known. */
  helloTimer: NodeJS.Timeout | undefined;
}

// Ids stay unique across the relays sharing a bus; a number per socket, and the string only when a
// log line or another tab's echo needs it, as a string each would cost every idle visitor 40 bytes.
const processPrefix = `${randomId(10)}.`;
let lastSerial = 0;

/** The next socket's serial number. */
export function nextSerial(): number {
  return ++lastSerial;
}

/** The socket's id as logs and the bus carry it. */
export function connId(conn: Conn): string {
  return processPrefix + conn.serial.toString(36);
}

// Frames leave together at the end of the event loop's turn (setImmediate runs once the turn's I/O
// has been handled), in the order they were sent. Written one at a time as each is made, every frame
// can wake a peer that had gone idle (the wake-up is paid by the sender, in the kernel); written
// together, the peer wakes once for the lot. On loopback with 1,000 visitors sending, that was most
// of what Parley spent per message beyond a bare ws server.
let waiting: (Conn | string)[] = [];
let scheduled = false;

/** Sends one frame to one socket if it is open, at the end of this turn; a socket dying mid-send reports itself by closing. */
export function sendFrame(conn: Conn, frame: ServerFrame): void {
  sendSerialized(conn, JSON.stringify(frame));
}

/** sendFrame with the frame already serialized: one string for every socket a broadcast reaches. */
export function sendSerialized(conn: Conn, json: string): void {
  if (conn.ws.readyState !== WebSocket.OPEN) return;
  waiting.push(conn, json);
  if (!scheduled) {
    scheduled = true;
    setImmediate(endOfTurn);
  }
}

function endOfTurn(): void {
  scheduled = false;
  flushFrames();
}

/** Writes every frame still waiting for the end of the turn: before a socket closes, so none is lost to the close. */
export function flushFrames(): void {
  if (waiting.length === 0) return;
  const frames = waiting;
  waiting = [];
  for (let i = 0; i < frames.length; i += 2) {
    const conn = frames[i] as Conn;
    if (conn.ws.readyState !== WebSocket.OPEN) continue;
    try {
      conn.ws.send(frames[i + 1] as string);
    } catch {
      // Reported by the socket's 'close' event.
    }
  }
}

/** Sends an `error` frame. */
export function sendError(conn: Conn, code: ErrorCode, message: string): void {
  sendFrame(conn, { t: 'error', code, message });
}

/** The webhook view of a visitor: only the fields that are set. */
export function webhookVisitor(v: VisitorState): WebhookVisitor {
  const out: WebhookVisitor = { id: v.id, verified: v.verified };
  if (v.userId !== undefined) out.userId = v.userId;
  if (v.name !== undefined) out.name = v.name;
  if (v.email !== undefined) out.email = v.email;
  if (v.phone !== undefined) out.phone = v.phone;
  if (v.attributes !== undefined) out.attributes = v.attributes;
  if (v.page !== undefined) out.page = v.page;
  if (v.locale !== undefined) out.locale = v.locale;
  return out;
}
