// A webhook's body read into its typed event, checked against the schema protocol/webhooks.ts gives
// its type: a type added there is parsed and typed here with no change.
import { check, isObject, literal, object, string, type Input, type ObjectSchema } from '../protocol/schema.js';
import { catchUpMessageSchema, connectedAnswerSchema, webhookData, webhookVisitorSchema, type WebhookBody, type WebhookType as Type } from '../protocol/webhooks.js';

/** The name of one webhook type (`message.created`, …). */
export type WebhookType = Type;
/** A message handed back in the answer to visitor.connected (catch-up, or a verified user's history with `from`). */
export type CatchUpMessage = Input<typeof catchUpMessageSchema>;
/** What `onEvent` may return for visitor.connected: the messages the visitor missed, a resolve they were offline for. */
export type ConnectedAnswer = Input<typeof connectedAnswerSchema>;

/** One webhook as the helpdesk handles it: the signed body, and its `webhook-id`. Narrow on `type`. */
export type WebhookEvent<T extends WebhookType = WebhookType> = Extract<AnyEvent, { type: T }>;
type AnyEvent = { [K in WebhookType]: WebhookBody<K> & { id: string } }[WebhookType];

const bodies = new Map<WebhookType, ObjectSchema<any>>();
function bodySchema(type: WebhookType): ObjectSchema<any> {
  let s = bodies.get(type);
  if (!s) {
    const data = object({ site: string(), visitor: webhookVisitorSchema, ...webhookData[type].fields });
    bodies.set(type, (s = object({ type: literal(type), timestamp: string(), data })));
  }
  return s;
}

/** Why a signed body is not an event this kit knows. */
export type EventProblem = { code: 'body_invalid' | 'type_unknown'; message: string };

/** The typed event of a signed body, or what is wrong with it. */
export function parseEvent(id: string, raw: string): { ok: true; event: WebhookEvent } | ({ ok: false } & EventProblem) {
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'body_invalid', message: 'the body is not JSON' };
  }
  if (!isObject(o) || typeof o.type !== 'string') return { ok: false, code: 'body_invalid', message: 'the body has no "type" string' };
  if (!Object.prototype.hasOwnProperty.call(webhookData, o.type)) return { ok: false, code: 'type_unknown', message: `"${o.type.slice(0, 64)}" is not a webhook type this kit knows` };
  const r = check(bodySchema(o.type as WebhookType), o);
  if (!r.ok) return { ok: false, code: 'body_invalid', message: `"${r.path}" ${r.message}` };
  return { ok: true, event: { ...r.value, id } as WebhookEvent };
}
