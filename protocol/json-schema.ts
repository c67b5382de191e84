// JSON Schema (draft 2020-12) from the same schemas the relay checks with, for backend teams'
// validators and the OpenAPI document. Server-side only: the widget never imports this file.
import { apiAnswers, apiBodies } from './api.js';
import type { ArraySchema, LiteralSchema, NullableSchema, NumberSchema, ObjectSchema, RecordSchema, Schema, StringSchema, TaggedSchema, UnionSchema } from './schema.js';
import { webhookData, webhookVisitorSchema, connectedAnswerSchema, type WebhookType } from './webhooks.js';

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
        ...(t.pattern ? { pattern: t.pattern.source } : {}),
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
        ...(r.keyPattern ? { propertyNames: { pattern: r.keyPattern.source } } : {}),
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
  return { webhooks, answers: { 'visitor.connected': toJsonSchema(connectedAnswerSchema) }, api };
}
