// Bus events on the wire between relay processes. Whatever arrives from Redis is checked before it can
// reach a visitor: another writer on the same channel, or a relay of another version, must not be able
// to crash this one or push a frame the widget does not understand.
import { fits, isObject } from '../protocol/schema.js';
import { serverFrameSchema, type ServerFrame } from '../protocol/server-frames.js';
import { listedVisitorSchema } from '../protocol/visitor-list.js';
import { array } from '../protocol/schema.js';
import type { BusEvent, ListQuery } from './bus.js';

/** What one process publishes: the event and who sent it, so the sender skips its own copy. */
export interface Envelope {
  from: string;
  event: BusEvent;
}

/** The frame types the bus carries: agent messages (and multi-tab echoes), agent typing, invitations, presence, resolves. */
const BUS_FRAMES: ReadonlySet<string> = new Set<ServerFrame['t']>(['message', 'agent_typing', 'invitation', 'presence', 'resolved']);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
const visitorsSchema = array(listedVisitorSchema, { max: 1001 });

/** A live-list query as another instance wrote it, or null. */
function listQuery(q: unknown): ListQuery | null {
  if (!isObject(q) || !isCount(q.limit) || q.limit < 1 || q.limit > 1000) return null;
  if (q.after === undefined) return { limit: q.limit };
  const a = q.after;
  return Array.isArray(a) && a.length === 2 && typeof a[0] === 'string' && typeof a[1] === 'string' ? { limit: q.limit, after: [a[0], a[1]] } : null;
}

/** The JSON text of an envelope. */
export function encodeEnvelope(from: string, event: BusEvent): string {
  return JSON.stringify({ from, event });
}

/** The envelope in raw, or null when it is not one this relay can deliver. */
export function decodeEnvelope(raw: string): Envelope | null {
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(o) || typeof o.from !== 'string' || !isObject(o.event)) return null;
  const e = o.event;
  if (e.kind === 'presence') return isCount(e.agentsOnline) ? { from: o.from, event: { kind: 'presence', agentsOnline: e.agentsOnline } } : null;
  if (e.kind === 'list_visitors') {
    const query = listQuery(e.query);
    if (!query || !isName(e.site) || !isName(e.requestId) || !isName(e.replyTo)) return null;
    return { from: o.from, event: { kind: 'list_visitors', site: e.site, requestId: e.requestId, replyTo: e.replyTo, query } };
  }
  if (e.kind === 'visitors') {
    if (!isName(e.requestId) || !isName(e.instance) || !fits(visitorsSchema, e.visitors)) return null;
    return { from: o.from, event: { kind: 'visitors', requestId: e.requestId, instance: e.instance, visitors: e.visitors as never } };
  }
  if (e.kind !== 'frame' || !isBusFrame(e.frame)) return null;
  if (e.exceptConnection !== undefined && typeof e.exceptConnection !== 'string') return null;
  const event: BusEvent = { kind: 'frame', frame: e.frame, ...(e.exceptConnection !== undefined ? { exceptConnection: e.exceptConnection } : {}) };
  return { from: o.from, event };
}

/** A frame of a type the bus carries that fits the protocol's schema of it. */
function isBusFrame(f: unknown): f is ServerFrame {
  return isObject(f) && typeof f.t === 'string' && BUS_FRAMES.has(f.t) && fits(serverFrameSchema, f);
}
