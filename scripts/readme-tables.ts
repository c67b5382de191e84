// The README's webhook and API tables, written from the same definitions as the relay's checks and
// its OpenAPI document (protocol/webhooks.ts, protocol/routes.ts). `npm run docs` rewrites the marked
// blocks; test/docs.test.ts fails while the README's blocks differ from what this writes.
import { apiRoutes, type ApiRoute } from '../protocol/routes.js';
import type { ArraySchema, Field, LiteralSchema, NullableSchema, ObjectSchema, RecordSchema, Schema, UnionSchema } from '../protocol/schema.js';
import { DELIVERY_CLASS, webhookAnswers, webhookData, type DeliveryClass, type WebhookType } from '../protocol/webhooks.js';

/** Longest shape written out whole; a longer one shows its nested objects as `{…}`. */
const LONG = 140;

/**
 * A schema in the README's short notation: `{id, text, author? {name, avatarUrl?}}`, `'a'|'b'`, `[…]`;
 * `depth` is how many levels of objects are written out.
 */
export function shape(s: Schema<any, any>, depth = Infinity): string {
  if (depth === Infinity) {
    const whole = shape(s, 99);
    return whole.length > LONG ? shape(s, 1) : whole;
  }
  switch (s.kind) {
    case 'object':
      return depth > 0 ? `{${fields((s as ObjectSchema<any>).fields, depth - 1)}}` : '{…}';
    case 'array':
      return `[${shape((s as ArraySchema<any, any>).items, depth)}]`;
    case 'record':
      return `{…: ${shape((s as RecordSchema<any, any>).values, depth - 1)}}`;
    case 'literal':
      return (s as LiteralSchema<any>).values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join('|');
    case 'nullable':
      return `${shape((s as NullableSchema<any, any>).inner, depth)}|null`;
    case 'union':
      // Each alternative written out as far as it fits on its own.
      return (s as UnionSchema<any, any>).of.map((alt) => (depth === 99 ? shape(alt) : shape(alt, depth))).join(' or ');
    default:
      return s.kind;
  }
}

/** Fields in the short notation: plain values by name only, objects, lists and choices with their shape. */
function fields(f: Record<string, Field>, depth = 99): string {
  return Object.entries(f)
    .map(([k, { schema, optional }]) => {
      const name = `${k}${optional ? '?' : ''}`;
      return schema.kind === 'object' || schema.kind === 'array' || schema.kind === 'literal' || schema.kind === 'record' ? `${name} ${shape(schema, depth)}` : name;
    })
    .join(', ');
}

const DELIVERY: Record<DeliveryClass, string> = { acked: 'acked', essential: 'essential', latest: 'latest wins', best: 'best effort' };
const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The webhook table: each type, its `data` besides `site` and `visitor`, its delivery class, what it means. */
export function webhookTable(): string {
  const rows = (Object.keys(webhookData) as WebhookType[]).map((type) => {
    const data = webhookData[type];
    const answer = webhookAnswers[type];
    const doc = `${data.doc ?? ''}${answer ? ` Answer: \`${shape(answer)}\`.` : ''}`.trim();
    return `| \`${type}\` | \`${cell(fields(data.fields) || '—')}\` | ${DELIVERY[DELIVERY_CLASS[type]]} | ${cell(doc)} |`;
  });
  return ['| type | `data` besides `site`, `visitor` | delivery | what it is |', '|---|---|---|---|', ...rows].join('\n');
}

/** The API table: each call, its client method, body, answer and what it does. */
export function apiTable(): string {
  const rows = Object.entries(apiRoutes as Record<string, ApiRoute>).map(([name, r]) => {
    const body = r.body ? `\`${cell(shape(r.body))}\`` : '—';
    const path = r.path.replace(/\{(\w+)\}/g, ':$1');
    return `| \`${r.method} ${path}\`${r.auth ? '' : ' (public)'} | \`${name}\` | ${body} | \`${r.status} ${cell(shape(r.answer))}\` |`;
  });
  return ['| call | client method | body | answer |', '|---|---|---|---|', ...rows].join('\n');
}

const BLOCKS: Record<string, () => string> = { webhooks: webhookTable, api: apiTable };

/** `readme` with every `<!-- docs:NAME -->…<!-- /docs:NAME -->` block rewritten; throws when a block is missing. */
export function withTables(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(BLOCKS)) {
    const re = new RegExp(`(<!-- docs:${name} -->\\n)[\\s\\S]*?(<!-- /docs:${name} -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- docs:${name} --> … <!-- /docs:${name} --> block`);
    out = out.replace(re, (_m, open: string, close: string) => `${open}${render()}\n${close}`);
  }
  return out;
}
