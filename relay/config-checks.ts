// Field checks for the relay's configuration: each returns the value or throws a ConfigError that
// names the field, so a bad config fails at start with a message a person can act on.
import { ConfigError } from './errors.js';
import type { Localized } from './config.js';

type Obj = Record<string, unknown>;

/** True for a plain (non-array) object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at field, or a ConfigError naming it. */
export function object(v: unknown, field: string, optional = false): Obj {
  if (v === undefined && optional) return {};
  if (!isObj(v)) throw new ConfigError(field, 'must be an object');
  return v;
}

/** The non-empty string at field. */
export function nonEmpty(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(field, 'must be a non-empty string');
  return v;
}

/** The integer at field, within [min, max]. */
export function int(v: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(field, `must be an integer from ${min} to ${max}`);
  }
  return v;
}

/** The boolean at field. */
export function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw new ConfigError(field, 'must be true or false');
  return v;
}

/** The absolute URL at field, with one of the given protocols (e.g. `['http:', 'https:']`). */
function url(v: unknown, field: string, protocols: string[], what: string): string {
  const s = nonEmpty(v, field);
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new ConfigError(field, 'must be an absolute URL');
  }
  if (!protocols.includes(u.protocol)) throw new ConfigError(field, `must be ${what}`);
  return s;
}

/** The absolute http(s) URL at field. */
export const httpUrl = (v: unknown, field: string): string => url(v, field, ['http:', 'https:'], 'an http(s) URL');

/** The redis:// or rediss:// URL at field. */
export const redisUrl = (v: unknown, field: string): string => url(v, field, ['redis:', 'rediss:'], 'a redis:// or rediss:// URL');

/** The array of objects at field (missing: empty). */
export function objects(v: unknown, field: string): Record<string, unknown>[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ConfigError(field, 'must be an array');
  v.forEach((item, i) => object(item, `${field}[${i}]`));
  return v as Record<string, unknown>[];
}

/** English and Vietnamese texts at field, each defaulted. */
export function localized(v: unknown, field: string, defaults: Localized): Localized {
  const o = object(v, field, true);
  const out = { ...defaults };
  for (const lang of ['en', 'vi'] as const) if (o[lang] !== undefined) out[lang] = nonEmpty(o[lang], `${field}.${lang}`);
  return out;
}

/** Options over defaults, refusing a key the defaults do not have. */
export function merge<T extends object>(defaults: T, options: unknown, field: string): T {
  const o = object(options, field, true);
  for (const k of Object.keys(o)) {
    if (!(k in defaults)) throw new ConfigError(`${field}.${k}`, 'is not a known option');
  }
  return { ...defaults, ...o } as T;
}
