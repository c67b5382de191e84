// One definition per shape: a schema here is plain data, from which come the TypeScript type
// (`Infer`, `Input`), the runtime check (`check`) and, for the relay's documents, a JSON Schema
// (json-schema.ts). Plain data rather than closures, so the widget ships only the checker it uses and
// the JSON Schema writer stays on the server. Hand-written because the widget pays for every byte:
// the whole checker is smaller than a schema library's core.

/** A schema whose checked value is `Out` and whose written form is `In` (they differ by defaults). */
export interface Schema<Out, In = Out> {
  readonly kind: Kind;
  /** Phantom fields carrying the types; never set at run time. */
  readonly _out?: Out;
  readonly _in?: In;
}

export type Kind = 'string' | 'number' | 'boolean' | 'literal' | 'object' | 'array' | 'record' | 'union' | 'tagged' | 'any' | 'nullable';

/** The value a schema checks to. */
export type Infer<S> = S extends Schema<infer O, any> ? O : never;
/** The value a schema accepts as written (optional fields with defaults may be left out). */
export type Input<S> = S extends Schema<any, infer I> ? I : never;

/**
 * A rule of its own: returns why the value is wrong (a phrase after the field name), or nothing; `at`
 * names a part of the value (`[1].id`) when the problem is there.
 */
export type Refine<T> = (value: T) => string | { at: string; message: string } | undefined;

export interface StringSchema extends Schema<string> {
  readonly kind: 'string';
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** JSON Schema `format` (documentation only; `pattern` or `refine` does the checking). */
  readonly format?: string;
  /** What the value must be, for the error message ("an http(s) URL"). */
  readonly what?: string;
  readonly refine?: Refine<string>;
}
export interface NumberSchema extends Schema<number> {
  readonly kind: 'number';
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}
export interface LiteralSchema<T extends string | number | boolean> extends Schema<T> {
  readonly kind: 'literal';
  readonly values: readonly T[];
}
export interface Field<S extends Schema<any, any> = Schema<any, any>> {
  readonly schema: S;
  readonly optional: boolean;
  /** Filled in when the field is missing (an option's default). */
  readonly fallback?: unknown;
  /** When missing, the field's object schema is checked against `{}`, so its own defaults fill it. */
  readonly fill?: boolean;
}
type Shape = Record<string, Schema<any, any> | Field>;
export interface ObjectSchema<Out, In = Out> extends Schema<Out, In> {
  readonly kind: 'object';
  readonly fields: Record<string, Field>;
  /** Keys the shape does not name: dropped (frames, answers from others) or refused (config, typos). */
  readonly unknown: 'strip' | 'refuse';
  /** What the keys name, for the message about an unknown one ("is not a known condition"). */
  readonly noun?: string;
  readonly refine?: Refine<any>;
  readonly doc?: string;
}
export interface ArraySchema<Out, In> extends Schema<Out[], In[]> {
  readonly kind: 'array';
  readonly items: Schema<Out, In>;
  readonly min?: number;
  readonly max?: number;
  /** Items that fail are skipped instead of failing the list (lists from a helpdesk: keep the good). */
  readonly skipBad?: boolean;
  readonly refine?: Refine<Out[]>;
}
export interface RecordSchema<Out, In> extends Schema<Record<string, Out>, Record<string, In>> {
  readonly kind: 'record';
  readonly values: Schema<Out, In>;
  readonly keyPattern?: RegExp;
  /** What a key must be, for the message ("1-40 characters"). */
  readonly keyWhat?: string;
  readonly maxKeys?: number;
}
export interface UnionSchema<Out, In> extends Schema<Out, In> {
  readonly kind: 'union';
  readonly of: readonly Schema<any, any>[];
  readonly what: string;
}
export interface TaggedSchema<Out, In> extends Schema<Out, In> {
  readonly kind: 'tagged';
  readonly tag: string;
  readonly variants: Record<string, ObjectSchema<any, any>>;
}
export interface NullableSchema<Out, In> extends Schema<Out | null, In | null> {
  readonly kind: 'nullable';
  readonly inner: Schema<Out, In>;
}

type Flat<T> = { [K in keyof T]: T[K] } & {};
type FieldOut<F> = F extends Field<infer S> ? Infer<S> : Infer<F>;
type FieldIn<F> = F extends Field<infer S> ? Input<S> : Input<F>;
type OptOut<P> = { [K in keyof P]: P[K] extends Field ? (P[K] extends { fallback: {} | null } | { fill: true } ? never : P[K]['optional'] extends true ? K : never) : never }[keyof P];
type OptIn<P> = { [K in keyof P]: P[K] extends Field ? (P[K]['optional'] extends true ? K : never) : never }[keyof P];
type ObjOut<P> = Flat<{ [K in Exclude<keyof P, OptOut<P>>]: FieldOut<P[K]> } & { [K in OptOut<P>]?: FieldOut<P[K]> }>;
type ObjIn<P> = Flat<{ [K in Exclude<keyof P, OptIn<P>>]: FieldIn<P[K]> } & { [K in OptIn<P>]?: FieldIn<P[K]> }>;

/** A string: `min`/`max` length, `pattern`, `what` for the message, `refine` for a rule of its own. */
export const string = (o: Omit<StringSchema, 'kind' | '_out' | '_in'> = {}): StringSchema => ({ kind: 'string', ...o });
/** A string with something in it besides spaces. */
export const text = (max?: number, what?: string): StringSchema => string({ min: 1, max, pattern: /\S/, what: what ?? 'a non-empty string' });
/** A number; `integer` with bounds for counts and options. */
export const number = (o: Omit<NumberSchema, 'kind' | '_out' | '_in'> = {}): NumberSchema => ({ kind: 'number', ...o });
/** An integer within [min, max]. */
export const int = (min: number, max = Number.MAX_SAFE_INTEGER): NumberSchema => number({ integer: true, min, max });
/** true or false. */
export const boolean = (): Schema<boolean> => ({ kind: 'boolean' });
/** Exactly one of these values. */
export const literal = <const T extends string | number | boolean>(...values: T[]): LiteralSchema<T> => ({ kind: 'literal', values });
/** Anything (checked elsewhere or not ours to check). */
export const any = (): Schema<unknown> => ({ kind: 'any' });
/** null, or what `inner` accepts. */
export const nullable = <O, I>(inner: Schema<O, I>): NullableSchema<O, I> => ({ kind: 'nullable', inner });

/** An optional field. */
export const optional = <S extends Schema<any, any>>(schema: S): Field<S> & { optional: true } => ({ schema, optional: true });
/** An optional field filled with `fallback` when missing: optional as written, always there once checked. */
export const withDefault = <S extends Schema<any, any>>(schema: S, fallback: Infer<S>): Field<S> & { optional: true; fallback: Infer<S> } => ({
  schema,
  optional: true,
  fallback,
});

/** An optional object field whose own defaults fill it when it is missing (a config section). */
export const section = <S extends ObjectSchema<any, any>>(schema: S): Field<S> & { optional: true; fill: true } => ({ schema, optional: true, fill: true });

const toField = (f: Schema<any, any> | Field): Field => ('schema' in f ? f : { schema: f, optional: false });

/** An object of named fields; unknown keys are dropped unless `unknown: 'refuse'`. */
export function object<P extends Shape>(
  shape: P,
  o: { unknown?: 'strip' | 'refuse'; noun?: string; refine?: Refine<ObjOut<P>>; doc?: string } = {},
): ObjectSchema<ObjOut<P>, ObjIn<P>> {
  const fields: Record<string, Field> = {};
  for (const k of Object.keys(shape)) fields[k] = toField(shape[k]!);
  return { kind: 'object', fields, unknown: o.unknown ?? 'strip', noun: o.noun, refine: o.refine, doc: o.doc };
}

/** A list of `items`. */
export const array = <O, I>(items: Schema<O, I>, o: { min?: number; max?: number; skipBad?: boolean; refine?: Refine<O[]> } = {}): ArraySchema<O, I> => ({
  kind: 'array',
  items,
  ...o,
});

/** An object used as a map: any keys (matching `keyPattern`), every value of one schema. */
export const record = <O, I>(values: Schema<O, I>, o: { keyPattern?: RegExp; keyWhat?: string; maxKeys?: number } = {}): RecordSchema<O, I> => ({
  kind: 'record',
  values,
  ...o,
});

/** The first of `of` that accepts the value; `what` names them together for the message. */
export const union = <const S extends readonly Schema<any, any>[]>(what: string, ...of: S): UnionSchema<Infer<S[number]>, Input<S[number]>> => ({
  kind: 'union',
  of,
  what,
});

type Tagged<Tag extends string, V extends Record<string, ObjectSchema<any, any>>> = {
  [K in keyof V & string]: Flat<{ [T in Tag]: K } & Infer<V[K]>>;
}[keyof V & string];
type TaggedIn<Tag extends string, V extends Record<string, ObjectSchema<any, any>>> = {
  [K in keyof V & string]: Flat<{ [T in Tag]: K } & Input<V[K]>>;
}[keyof V & string];

/** One of several object shapes told apart by the string at `tag` (frames by `t`). */
export const tagged = <Tag extends string, V extends Record<string, ObjectSchema<any, any>>>(tag: Tag, variants: V): TaggedSchema<Tagged<Tag, V>, TaggedIn<Tag, V>> => ({
  kind: 'tagged',
  tag,
  variants,
});

/** The variant type of a tagged schema's value. */
export type Variant<U, Tag extends string, K> = Extract<U, { [T in Tag]: K }>;

// ---- checking ----

/** Why a value was refused: `path` names the field (`sites[0].invitations[0].conditions`). */
export interface Problem {
  path: string;
  message: string;
  /** The tag of a tagged value whose tag is unknown (frames: `unknown_type`). */
  unknownTag?: string;
}

export type Checked<T> = { ok: true; value: T } | ({ ok: false } & Problem);

/**
 * What was wrong, as a short reason; `explain` turns it into words. Kept apart so the widget, which
 * only needs to know whether a frame is good, ships no message text.
 */
type Reason = 'type' | 'short' | 'long' | 'pattern' | 'range' | 'required' | 'unknown' | 'few' | 'many' | 'key' | 'tag' | { message: string };

class Refused {
  declare readonly path: string;
  declare readonly schema: Schema<any, any>;
  declare readonly reason: Reason;
  declare readonly tag?: string;
  // Assigned in the body: field declarations would cost a helper per field in the widget's build.
  constructor(path: string, schema: Schema<any, any>, reason: Reason, tag?: string) {
    this.path = path;
    this.schema = schema;
    this.reason = reason;
    this.tag = tag;
  }
}

const TYPE_OF: Partial<Record<Kind, string>> = { string: 'string', number: 'number', boolean: 'boolean', object: 'object', record: 'object', tagged: 'object', array: 'array' };
const sameType = (s: Schema<any, any>, v: unknown) => TYPE_OF[s.kind] === (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
/** How many fields and items deep a path is. */
const depth = (path: string) => path.split(/[.[]/).length;
const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(s: Schema<any, any>, v: unknown, path: string): unknown {
  const no = (reason: Reason, at = path): never => {
    throw new Refused(at, s, reason);
  };
  const refined = <T>(refine: Refine<T> | undefined, value: T): T => {
    const why = refine?.(value);
    if (why === undefined) return value;
    return typeof why === 'string' ? no({ message: why }) : no({ message: why.message }, path + why.at);
  };
  switch (s.kind) {
    case 'string': {
      const t = s as StringSchema;
      if (typeof v !== 'string') return no('type');
      if (v.length < (t.min ?? 0)) return no('short');
      if (v.length > (t.max ?? Infinity)) return no('long');
      if (t.pattern && !t.pattern.test(v)) return no('pattern');
      return refined(t.refine, v);
    }
    case 'number': {
      const n = s as NumberSchema;
      if (typeof v !== 'number' || !Number.isFinite(v) || (n.integer && !Number.isInteger(v))) return no('type');
      return v < (n.min ?? -Infinity) || v > (n.max ?? Infinity) ? no('range') : v;
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : no('type');
    case 'literal':
      return (s as LiteralSchema<any>).values.includes(v as never) ? v : no('type');
    case 'any':
      return v;
    case 'nullable':
      return v === null ? v : walk((s as NullableSchema<any, any>).inner, v, path);
    case 'object': {
      const o = s as ObjectSchema<any, any>;
      if (!isPlain(v)) return no('type');
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o.fields)) {
        const f = o.fields[k]!;
        const x = v[k];
        if (x === undefined || (x === null && f.optional && f.schema.kind !== 'nullable')) {
          if (f.fill) out[k] = walk(f.schema, {}, join(path, k));
          else if (f.fallback !== undefined) out[k] = f.fallback;
          else if (!f.optional) no('required', join(path, k));
          continue;
        }
        out[k] = walk(f.schema, x, join(path, k));
      }
      if (o.unknown === 'refuse') for (const k of Object.keys(v)) if (!(k in o.fields)) no('unknown', join(path, k));
      return refined(o.refine, out);
    }
    case 'array': {
      const a = s as ArraySchema<any, any>;
      if (!Array.isArray(v)) return no('type');
      if (v.length < (a.min ?? 0)) return no('few');
      if (v.length > (a.max ?? Infinity)) return no('many');
      const out: unknown[] = [];
      v.forEach((x, i) => {
        try {
          out.push(walk(a.items, x, `${path}[${i}]`));
        } catch (e) {
          if (!(a.skipBad && e instanceof Refused)) throw e;
        }
      });
      return refined(a.refine, out);
    }
    case 'record': {
      const r = s as RecordSchema<any, any>;
      if (!isPlain(v)) return no('type');
      const keys = Object.keys(v);
      if (keys.length > (r.maxKeys ?? Infinity)) return no('many');
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        if (r.keyPattern && !r.keyPattern.test(k)) no('key', join(path, k));
        out[k] = walk(r.values, v[k], join(path, k));
      }
      return out;
    }
    case 'union': {
      // When only one alternative is of the value's type (a list among strings), or the problem lies
      // inside the value (a field of one of several object shapes), that problem names the field more
      // precisely than "must be one of". Of several, the deepest wins; of equals, the first.
      let only: Refused | undefined;
      let same = 0;
      for (const alt of (s as UnionSchema<any, any>).of) {
        try {
          return walk(alt, v, path);
        } catch (e) {
          if (!(e instanceof Refused)) throw e;
          if (sameType(alt, v) && (same++, !only || depth(e.path) > depth(only.path))) only = e;
        }
      }
      if (only && (same === 1 || only.path !== path)) throw only;
      return no('type');
    }
    case 'tagged': {
      const t = s as TaggedSchema<any, any>;
      if (!isPlain(v)) return no('type');
      const tag = v[t.tag];
      if (typeof tag !== 'string') return no('tag', join(path, t.tag));
      const variant = Object.prototype.hasOwnProperty.call(t.variants, tag) ? t.variants[tag] : undefined;
      if (!variant) throw new Refused(join(path, t.tag), s, 'tag', tag);
      return { [t.tag]: tag, ...(walk(variant, v, path) as object) };
    }
    default: {
      const unhandled: never = s.kind;
      throw new Error(`unknown schema kind ${unhandled as string}`);
    }
  }
}

/** The words for a refusal, after the field's name. */
function explain(s: Schema<any, any>, reason: Reason, tag?: string): string {
  if (typeof reason === 'object') return reason.message;
  const t: Record<string, any> = s;
  switch (reason) {
    case 'required':
      return 'is required';
    case 'unknown':
      return `is not a known ${t.noun ?? 'option'}`;
    case 'long':
      return `is longer than ${t.max} characters`;
    case 'few':
      return t.min === 1 ? 'must not be empty' : `must have at least ${t.min} items`;
    case 'many':
      return `must have at most ${t.max ?? t.maxKeys} ${s.kind === 'record' ? 'keys' : 'items'}`;
    case 'key':
      return `is not a key ${(s as RecordSchema<any, any>).keyWhat ?? `matching ${(s as RecordSchema<any, any>).keyPattern}`}`;
    case 'tag':
      return tag === undefined ? 'must be a string' : `is not a known type ("${tag.slice(0, 64)}")`;
    case 'range':
    case 'type':
    case 'short':
    case 'pattern':
      return `must be ${describe(s)}`;
    default: {
      const unhandled: never = reason;
      return String(unhandled);
    }
  }
}

/** What a value of this schema is, in words ("an integer from 1 to 20"). */
function describe(s: Schema<any, any>): string {
  const t: Record<string, any> = s;
  switch (s.kind) {
    case 'string':
      return t.what ?? (t.pattern ? `a string matching ${t.pattern}` : 'a string');
    case 'number': {
      const range = t.min !== undefined ? ` from ${t.min}${t.max !== undefined && t.max !== Number.MAX_SAFE_INTEGER ? ` to ${t.max}` : ' up'}` : '';
      return `${t.integer ? 'an integer' : 'a number'}${range}`;
    }
    case 'boolean':
      return 'true or false';
    case 'literal':
      return t.values.map((x: unknown) => JSON.stringify(x)).join(' or ');
    case 'union':
      return t.what;
    case 'array':
      return 'a list';
    default:
      return 'an object';
  }
}

/** Checks `value` against `schema`: the value with unknown keys dropped and defaults filled, or the problem. */
export function check<O>(schema: Schema<O, any>, value: unknown, path = ''): Checked<O> {
  try {
    return { ok: true, value: walk(schema, value, path) as O };
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return { ok: false, path: e.path, message: explain(e.schema, e.reason, e.tag), ...(e.tag !== undefined ? { unknownTag: e.tag } : {}) };
  }
}

/**
 * Whether `value` fits `schema` (its `refine` rules included), without a reason, defaults or
 * stripping: the widget's check of what the relay sends, where a bad value is dropped and every byte
 * counts.
 */
export function fits(schema: Schema<any, any>, value: unknown): boolean {
  // One loose view of every kind; a bound that is undefined compares false, so it never refuses.
  const s: Record<string, any> = schema;
  const v: any = value;
  const sized = (n: number) => !(n < (s.min as number)) && !(n > (s.max as number));
  const refined = () => !s.refine || !s.refine(v);
  switch (schema.kind) {
    case 'string':
      return typeof v === 'string' && sized(v.length) && (!s.pattern || s.pattern.test(v)) && refined();
    case 'number':
      return typeof v === 'number' && isFinite(v) && (!s.integer || v % 1 === 0) && sized(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'literal':
      return s.values.includes(v);
    case 'nullable':
      return v === null || fits(s.inner, v);
    case 'object':
      return isPlain(v) && Object.keys(s.fields).every((k) => {
        const f: Field = s.fields[k];
        return v[k] === undefined || (v[k] === null && f.optional) ? f.optional : fits(f.schema, v[k]);
      }) && (s.unknown !== 'refuse' || Object.keys(v).every((k) => k in s.fields)) && refined();
    case 'array':
      return Array.isArray(v) && sized(v.length) && v.every((x: unknown) => fits(s.items, x)) && refined();
    case 'record':
      return isPlain(v) && Object.keys(v).every((k) => fits(s.values, v[k]));
    case 'union':
      return s.of.some((alt: Schema<any, any>) => fits(alt, v));
    case 'tagged':
      return isPlain(v) && Object.prototype.hasOwnProperty.call(s.variants, v[s.tag] as string) && fits(s.variants[v[s.tag] as string], v);
    case 'any':
      return true;
    default: {
      const unhandled: never = schema.kind;
      throw new Error(`unknown schema kind ${unhandled as string}`);
    }
  }
}

/** True for a plain (non-array, non-null) object. */
export const isObject = isPlain;
