// The one validator for frames crossing the wire. The relay runs every visitor frame through
// parseClientFrame; the widget uses parseServerFrame. Both return values, never throw.
import { ID_PATTERN, type ClientFrame, type ErrorCode, type ServerFrame } from './types.js';

export type Parsed<F> = { ok: true; frame: F } | { ok: false; code: ErrorCode; message: string; id?: string };

export interface ClientFrameLimits {
  /** Longest chat message or draft accepted, in characters. */
  maxTextLength: number;
}

const URL_MAX = 2048;
const SHORT_MAX = 256;

type Obj = Record<string, unknown>;

class Invalid extends Error {}

function fail(msg: string): never {
  throw new Invalid(msg);
}

function str(o: Obj, key: string, max: number, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    fail(`"${key}" is required`);
  }
  if (typeof v !== 'string') fail(`"${key}" must be a string`);
  if (v.length > max) fail(`"${key}" is longer than ${max} characters`);
  return v;
}

function id(o: Obj, key: string, optional = false): string | undefined {
  const v = str(o, key, 64, optional);
  if (v !== undefined && !ID_PATTERN.test(v)) fail(`"${key}" must match ${ID_PATTERN}`);
  return v;
}

function obj(o: Obj, key: string, optional = false): Obj | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    fail(`"${key}" is required`);
  }
  if (typeof v !== 'object' || Array.isArray(v)) fail(`"${key}" must be an object`);
  return v as Obj;
}

function oneOf<T extends string>(o: Obj, key: string, values: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !values.includes(v as T)) fail(`"${key}" must be one of ${values.join(', ')}`);
  return v as T;
}

function page(o: Obj) {
  return {
    url: str(o, 'url', URL_MAX)!,
    title: str(o, 'title', SHORT_MAX * 2, true),
    referrer: str(o, 'referrer', URL_MAX, true),
  };
}

function user(o: Obj) {
  return {
    userId: str(o, 'userId', SHORT_MAX, true),
    name: str(o, 'name', SHORT_MAX, true),
    email: str(o, 'email', SHORT_MAX, true),
    userHash: str(o, 'userHash', 128, true),
  };
}

function text(o: Obj, key: string, limits: ClientFrameLimits): string {
  const v = str(o, key, Number.MAX_SAFE_INTEGER)!;
  if (v.length > limits.maxTextLength) fail(`"${key}" is longer than ${limits.maxTextLength} characters`);
  return v;
}

function strip<T extends Obj>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function build(o: Obj, limits: ClientFrameLimits): ClientFrame {
  switch (o.t) {
    case 'hello':
      return strip({
        t: 'hello' as const,
        visitorId: id(o, 'visitorId', true),
        token: str(o, 'token', 512, true),
        lastMessageId: id(o, 'lastMessageId', true),
        page: strip(page(obj(o, 'page')!)),
        locale: str(o, 'locale', 16, true),
        user: o.user == null ? undefined : strip(user(obj(o, 'user')!)),
      });
    case 'identify':
      return { t: 'identify', user: strip(user(obj(o, 'user')!)) };
    case 'message': {
      const t = text(o, 'text', limits);
      if (!t.trim()) fail('"text" is empty');
      return { t: 'message', id: id(o, 'id')!, text: t };
    }
    case 'typing':
      return { t: 'typing', text: text(o, 'text', limits) };
    case 'page':
      return strip({ t: 'page' as const, ...page(o) });
    case 'offline_message': {
      const email = str(o, 'email', SHORT_MAX)!;
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail('"email" is not an email address');
      const t = text(o, 'text', limits);
      if (!t.trim()) fail('"text" is empty');
      return { t: 'offline_message', id: id(o, 'id')!, name: str(o, 'name', SHORT_MAX)!, email, text: t };
    }
    case 'invitation':
      return strip({
        t: 'invitation' as const,
        id: id(o, 'id')!,
        ruleId: str(o, 'ruleId', 64, true),
        text: str(o, 'text', limits.maxTextLength, true),
        action: oneOf(o, 'action', ['shown', 'accepted', 'dismissed'] as const),
      });
    case 'faq':
      return { t: 'faq', articleId: str(o, 'articleId', 128)!, action: oneOf(o, 'action', ['viewed', 'helpful', 'not_helpful'] as const) };
    case 'ping':
      return { t: 'ping' };
    default:
      throw new UnknownType(typeof o.t === 'string' ? o.t : String(o.t));
  }
}

class UnknownType extends Error {}

/** Parses and validates one frame from a visitor; unknown keys are dropped. */
export function parseClientFrame(raw: string, limits: ClientFrameLimits): Parsed<ClientFrame> {
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_frame', message: 'frame is not valid JSON' };
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    return { ok: false, code: 'bad_frame', message: 'frame must be a JSON object' };
  }
  const rec = o as Obj;
  if (typeof rec.t !== 'string') return { ok: false, code: 'bad_frame', message: 'frame has no "t" string' };
  try {
    return { ok: true, frame: build(rec, limits) };
  } catch (e) {
    if (e instanceof UnknownType) return { ok: false, code: 'unknown_type', message: `unknown frame type "${e.message}"` };
    if (e instanceof Invalid) {
      const fid = typeof rec.id === 'string' && ID_PATTERN.test(rec.id) ? rec.id : undefined;
      return { ok: false, code: 'bad_frame', message: `${rec.t}: ${e.message}`, id: fid };
    }
    throw e;
  }
}

/** Parses a frame from the relay; the widget trusts the relay's shapes but not that it is JSON. */
export function parseServerFrame(raw: unknown): ServerFrame | null {
  if (typeof raw !== 'string') return null;
  try {
    const o = JSON.parse(raw);
    return o && typeof o === 'object' && typeof o.t === 'string' ? (o as ServerFrame) : null;
  } catch {
    return null;
  }
}
