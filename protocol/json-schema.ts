// JSON Schema (draft 2020-12) from the same schemas the relay checks with, for backend teams'
// validators and the OpenAPI document. Server-side only: the widget never imports this file.
import { apiAnswers, apiBodies } from './api.js';
import type { ArraySchema, LiteralSchema, NullableSchema, NumberSchema, ObjectSchema, RecordSchema, Schema, StringSchema, TaggedSchema, UnionSchema } from './schema.js';
import { webhookAnswers, webhookData, webhookVisitorSchema, type WebhookType } from './webhooks.js';

export type JsonSchema = Record<string, unknown>;

/** The JSON Schema of one schema. */
export function toJsonSchema(s: Schema<any, any>): JsonSchema {
  switch (s.kind) {
    case 'string': {
      const t = s as StringSchema;
      return {
        type: 'string',
        ...(t.min ? { minLength: t.min } : {}),
        ...(t.max !== undefined ? { maxLength: t.max } : {}),
        ...(t.pattern ? { pattern: patternOf(t.pattern) } : {}),
        ...(t.format ? { format: t.format } : {}),
      };
    }
    case 'number': {
      const n = s as NumberSchema;
      return {
        type: n.integer ? 'integer' : 'number',
        ...(n.min !== undefined ? { minimum: n.min } : {}),
        ...(n.max !== undefined && n.max !== Number.MAX_SAFE_INTEGER ? { maximum: n.max } : {}),
      };
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'literal': {
      const values = (s as LiteralSchema<any>).values;
      return values.length === 1 ? { const: values[0] } : { enum: [...values] };
    }
    case 'any':
      return {};
    case 'nullable':
      return { anyOf: [toJsonSchema((s as NullableSchema<any, any>).inner), { type: 'null' }] };
    case 'object': {
      const o = s as ObjectSchema<any, any>;
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [k, f] of Object.entries(o.fields)) {
        properties[k] = { ...toJsonSchema(f.schema), ...(f.fallback !== undefined ? { default: f.fallback } : {}) };
        if (!f.optional) required.push(k);
      }
      return {
        type: 'object',
        ...(o.doc ? { description: o.doc } : {}),
        properties,
        ...(required.length ? { required } : {}),
        ...(o.unknown === 'refuse' ? { additionalProperties: false } : {}),
      };
    }
    case 'array': {
      const a = s as ArraySchema<any, any>;
      return { type: 'array', items: toJsonSchema(a.items), ...(a.min ? { minItems: a.min } : {}), ...(a.max !== undefined ? { maxItems: a.max } : {}) };
    }
    case 'record': {
      const r = s as RecordSchema<any, any>;
      return {
        type: 'object',
        additionalProperties: toJsonSchema(r.values),
        ...(r.keyPattern ? { propertyNames: { pattern: patternOf(r.keyPattern) } } : {}),
        ...(r.maxKeys !== undefined ? { maxProperties: r.maxKeys } : {}),
      };
    }
    case 'union':
      return { anyOf: (s as UnionSchema<any, any>).of.map(toJsonSchema), description: `${(s as UnionSchema<any, any>).what}` };
    case 'tagged': {
      const t = s as TaggedSchema<any, any>;
      return {
        oneOf: Object.entries(t.variants).map(([tag, v]) => {
          const o = toJsonSchema(v) as { properties: JsonSchema; required?: string[] };
          return { ...o, properties: { [t.tag]: { const: tag }, ...o.properties }, required: [t.tag, ...(o.required ?? [])] };
        }),
      };
    }
    default: {
      const unhandled: never = s.kind;
      throw new Error(`unknown schema kind ${unhandled as string}`);
    }
  }
}

/**
 * A pattern as JSON Schema writes it: a source without flags, read as Unicode. A case-insensitive
 * pattern (`/^https?:/i`) has each letter spelled in both cases (`^[hH][tT]...`), so a validator
 * accepts what the relay accepts; a flag that cannot be spelled out is refused here, not dropped.
 */
export function patternOf(re: RegExp): string {
  const other = re.flags.replace(/[gyud]/g, '');
  if (other === '') return re.source;
  if (other !== 'i') throw new Error(`the pattern ${re} has flags JSON Schema cannot express`);
  return caseless(re.source);
}

/** The other case of one letter, or '' for a character without one. */
function swapCase(c: string): string {
  const x = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
  return x !== c && x.length === 1 ? x : '';
}

/** `src` spelled so it matches without the `i` flag what it matched with it (letters written as escapes excepted). */
function caseless(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      // An escape stays as written: \p{…}, \u{…}, \uXXXX, \xXX, \cX, \k<name>, or one character.
      const esc = /^\\(?:[pPu]\{[^}]*\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|c[A-Za-z]|k<[^>]*>|[^])/.exec(src.slice(i))![0];
      out += esc;
      i += esc.length - 1;
    } else if (inClass) {
      if (c === ']') {
        inClass = false;
        out += c;
      } else if (src[i + 1] === '-' && i + 2 < src.length && src[i + 2] !== ']') {
        // A range: both ends letters of one case get the same range in the other case. One that
        // ends in an escape stays as written.
        if (src[i + 2] === '\\') {
          out += c;
          continue;
        }
        const hi = src[i + 2]!;
        const lo2 = swapCase(c);
        const hi2 = swapCase(hi);
        out += `${c}-${hi}${lo2 && hi2 && (c === c.toLowerCase()) === (hi === hi.toLowerCase()) ? `${lo2}-${hi2}` : ''}`;
        i += 2;
      } else out += c + swapCase(c);
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
    } else if (c === '(' && src[i + 1] === '?') {
      // Group syntax (?:, (?=, (?<=, (?<name>: its letters are not text to match.
      const head = /^\(\?(?:<[A-Za-z_$][\w$]*>|<[=!]|[:=!])/.exec(src.slice(i))?.[0] ?? '(?';
      out += head;
      i += head.length - 1;
    } else {
      const x = swapCase(c);
      out += x ? `[${c}${x}]` : c;
    }
  }
  return out;
}

/** The JSON Schema of the whole body of webhook `type`: `{type, timestamp, data: {site, visitor, ...}}`. */
export function webhookJsonSchema(type: WebhookType): JsonSchema {
  const data = toJsonSchema(webhookData[type]) as { properties: JsonSchema; required?: string[]; description?: string };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: type,
    ...(data.description ? { description: data.description } : {}),
    type: 'object',
    properties: {
      type: { const: type },
      timestamp: { type: 'string', format: 'date-time' },
      data: {
        type: 'object',
        properties: { site: { type: 'string' }, visitor: toJsonSchema(webhookVisitorSchema), ...data.properties },
        required: ['site', 'visitor', ...(data.required ?? [])],
      },
    },
    required: ['type', 'timestamp', 'data'],
  };
}

/** JSON Schemas of every webhook body, the helpdesk's answers, and the HTTP API's bodies and answers. */
export function allJsonSchemas(): { webhooks: Record<WebhookType, JsonSchema>; answers: Record<string, JsonSchema>; api: Record<string, JsonSchema> } {
  const webhooks = {} as Record<WebhookType, JsonSchema>;
  for (const type of Object.keys(webhookData) as WebhookType[]) webhooks[type] = webhookJsonSchema(type);
  const api: Record<string, JsonSchema> = {};
  for (const [name, s] of Object.entries(apiBodies)) api[`${name}Body`] = toJsonSchema(s);
  for (const [name, s] of Object.entries(apiAnswers)) api[`${name}Answer`] = toJsonSchema(s);
  const answers: Record<string, JsonSchema> = {};
  for (const [type, s] of Object.entries(webhookAnswers)) answers[type] = toJsonSchema(s);
  return { webhooks, answers, api };
}
