// Bus events on the wire between relay processes. Whatever arrives from Redis is checked before it can
// reach a visitor: another writer on the same channel, or a relay of another version, must not be able
// to crash this one or push a frame the widget does not understand.
import { fits, isObject } from '../protocol/schema.js';
import { serverFrameSchema, type ServerFrame } from '../protocol/server-frames.js';
import type { BusEvent } from './bus.js';

/** What one process publishes: the event and who sent it, so the sender skips its own copy. */
export interface Envelope {
  from: string;
  event: BusEvent;
}

/** The frame types the bus carries: agent messages (and multi-tab echoes), agent typing, invitations, presence, resolves. */
const BUS_FRAMES: ReadonlySet<string> = new Set<ServerFrame['t']>(['message', 'agent_typing', 'invitation', 'presence', 'resolved']);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

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
  if (e.kind !== 'frame' || !isBusFrame(e.frame)) return null;
  if (e.exceptConnection !== undefined && typeof e.exceptConnection !== 'string') return null;
  const event: BusEvent = { kind: 'frame', frame: e.frame, ...(e.exceptConnection !== undefined ? { exceptConnection: e.exceptConnection } : {}) };
  return { from: o.from, event };
}

/** A frame of a type the bus carries that fits the protocol's schema of it. */
function isBusFrame(f: unknown): f is ServerFrame {
  return isObject(f) && typeof f.t === 'string' && BUS_FRAMES.has(f.t) && fits(serverFrameSchema, f);
}
