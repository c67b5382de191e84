// The OpenAPI 3.1 document of the relay (served at GET /openapi.json): the HTTP API from the list of
// calls (routes.ts) and every webhook (OpenAPI's `webhooks`) from `webhookData`, with the JSON Schemas
// of json-schema.ts. Generated, never hand-kept: a call or an event added there appears here.
// Server-side only, like json-schema.ts.
import { toJsonSchema, webhookJsonSchema, type JsonSchema } from './json-schema.js';
import { apiAnswers } from './api.js';
import { ID_PATTERN } from './patterns.js';
import { apiRoutes, pathParams, type ApiRoute } from './routes.js';
import { DELIVERY_CLASS, webhookAnswers, webhookData, type DeliveryClass, type WebhookType } from './webhooks.js';

/** What each delivery class means to the helpdesk, for the webhooks' descriptions (DESIGN §3). */
export const DELIVERY_WORDS: Record<DeliveryClass, string> = {
  acked: 'acked: the visitor waits for your 2xx; never dropped; webhook-id is the frame\'s own id',
  essential: 'essential: never dropped; retried with the same webhook-id',
  latest: 'latest wins: only the newest per visitor waits; may be dropped when the site\'s queue is full',
  best: 'best effort: may be dropped when the site\'s queue is full',
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** A JSON Schema for a place inside another document: no `$schema` of its own. */
function embedded(s: JsonSchema): JsonSchema {
  const { $schema: _, ...rest } = s;
  return rest;
}

const SIGNATURE_HEADERS = [
  { name: 'webhook-id', description: 'Unique per event and the same on every retry (a message\'s own id for message.created): dedupe on it, and answer a repeated id as you answered it first.', schema: { type: 'string' } },
  { name: 'webhook-timestamp', description: 'Integer seconds since the epoch; refuse deliveries outside a 5-minute window.', schema: { type: 'string', pattern: '^[0-9]+$' } },
  { name: 'webhook-signature', description: 'Standard Webhooks: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed with the base64-decoded part of the whsec_ secret.', schema: { type: 'string' } },
].map((h) => ({ ...h, in: 'header', required: true }));

/** The OpenAPI 3.1 document for a relay; `serverUrl` is its public address, when known. */
export function openApiDocument(o: { serverUrl?: string | null; version?: string; routes?: Record<string, ApiRoute> } = {}): JsonSchema {
  const routes: Record<string, ApiRoute> = o.routes ?? apiRoutes;
  const schemas: Record<string, JsonSchema> = { Error: toJsonSchema(apiAnswers.error) };
  const paths: Record<string, Record<string, unknown>> = {};

  for (const [name, r] of Object.entries(routes)) {
    const answerName = `${capital(name)}Answer`;
    schemas[answerName] = toJsonSchema(r.answer);
    if (r.body) schemas[`${capital(name)}Body`] = toJsonSchema(r.body);
    const parameters = [
      ...pathParams(r.path).map((p) => ({
        name: p,
        in: 'path',
        required: true,
        schema: p === 'site' ? { type: 'string' } : { type: 'string', pattern: ID_PATTERN.source },
      })),
      ...Object.entries(r.query?.fields ?? {}).map(([q, f]) => ({ name: q, in: 'query', required: !f.optional, schema: toJsonSchema(f.schema) })),
    ];
    const refusals = r.auth ? ['400', '401', '404', '413'] : ['404'];
    (paths[r.path] ??= {})[r.method.toLowerCase()] = {
      operationId: name,
      summary: r.doc.split(/(?<=[.;:])\s/)[0],
      description: r.doc,
      ...(parameters.length ? { parameters } : {}),
      security: r.auth ? [{ apiSecret: [] }] : [],
      ...(r.body ? { requestBody: { required: true, content: json(ref(`${capital(name)}Body`)) } } : {}),
      responses: {
        [String(r.status)]: { description: 'Done.', content: json(ref(answerName)) },
        ...Object.fromEntries(refusals.map((s) => [s, { $ref: '#/components/responses/Refused' }])),
      },
    };
  }

  const webhooks: Record<string, unknown> = {};
  for (const type of Object.keys(webhookData) as WebhookType[]) {
    const bodyName = `Webhook.${type}`;
    schemas[bodyName] = embedded(webhookJsonSchema(type));
    const answer = webhookAnswers[type];
    if (answer) schemas[`WebhookAnswer.${type}`] = toJsonSchema(answer);
    const doc = webhookData[type].doc;
    webhooks[type] = {
      post: {
        operationId: `webhook.${type}`,
        summary: type,
        description: `${doc ? `${doc} ` : ''}Delivery: ${DELIVERY_WORDS[DELIVERY_CLASS[type]]}.`,
        'x-parley-delivery': DELIVERY_CLASS[type],
        parameters: SIGNATURE_HEADERS,
        requestBody: { required: true, content: json(ref(bodyName)) },
        responses: {
          '2XX': { description: answer ? 'Taken; the body may carry the answer below.' : 'Taken (the body is ignored).', ...(answer ? { content: json(ref(`WebhookAnswer.${type}`)) } : {}) },
          default: { description: 'Not taken: the relay retries within its bound (a 4xx other than 408 and 429 is not retried).' },
        },
      },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley relay',
      version: o.version ?? '1',
      description: 'The HTTP API a helpdesk calls (Authorization: Bearer <apiSecret>) and the Standard Webhooks-signed webhooks the relay sends it.',
    },
    ...(o.serverUrl ? { servers: [{ url: o.serverUrl }] } : {}),
    paths,
    webhooks,
    components: {
      schemas,
      responses: { Refused: { description: 'Refused: {error: {code, message}}.', content: json(ref('Error')) } },
      securitySchemes: { apiSecret: { type: 'http', scheme: 'bearer', description: 'The site\'s apiSecret.' } },
    },
  };
}
