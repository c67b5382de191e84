// Bus events on the wire between relay processes. Whatever arrives from Redis is checked before it can
// reach a visitor: another writer on the same channel, or a relay of another version, must not be able
// to crash this one or push a frame the widget does not understand.
import type { ServerFrame } from '../protocol/types.js';
import type { BusEvent } from './bus.js';

/** What one process publishes: the event and who sent it, so the sender skips its own copy. */
export interface Envelope {
  from: string;
  event: BusEvent;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
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
  if (!isObj(o) || !isStr(o.from) || !isObj(o.event)) return null;
  const e = o.event;
  if (e.kind === 'presence') return isCount(e.agentsOnline) ? { from: o.from, event: { kind: 'presence', agentsOnline: e.agentsOnline } } : null;
  if (e.kind !== 'frame' || !isServerFrame(e.frame)) return null;
  if (e.exceptConnection !== undefined && !isStr(e.exceptConnection)) return null;
  const event: BusEvent = { kind: 'frame', frame: e.frame, ...(e.exceptConnection !== undefined ? { exceptConnection: e.exceptConnection } : {}) };
  return { from: o.from, event };
}

function isAuthor(v: unknown): boolean {
  return v === undefined || (isObj(v) && isStr(v.name) && (v.avatarUrl === undefined || isStr(v.avatarUrl)));
}

/** Only the frames the bus carries: messages, agent typing, invitations, presence. */
function isServerFrame(f: unknown): f is ServerFrame {
  if (!isObj(f)) return false;
  switch (f.t) {
    case 'message':
      return isStr(f.id) && (f.from === 'agent' || f.from === 'visitor') && isStr(f.text) && isStr(f.at) && isAuthor(f.author);
    case 'agent_typing':
      return typeof f.typing === 'boolean';
    case 'invitation':
      return isStr(f.id) && isStr(f.text) && isAuthor(f.author);
    case 'presence':
      return isCount(f.agentsOnline);
    default:
      return false;
  }
}
