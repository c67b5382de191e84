// A backend team points its API tool (or a code generator) at the relay's /openapi.json: the document
// passes a real OpenAPI 3.1 validator, names every call the relay answers and every webhook it can
// send, and its schemas accept what a real relay really sends and answers.
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../protocol/openapi.js';
import { apiRoutes } from '../../protocol/routes.js';
import { int, object, optional, string } from '../../protocol/schema.js';
import { DELIVERY_CLASS, WEBHOOK_TYPES } from '../../protocol/webhooks.js';
import { compile, validate } from '../protocol/ajv.js';
import { answerEveryWebhook, EVERY_WEBHOOK_SITE, sendEveryWebhook } from './every-webhook.js';
import { API_SECRET, startHelpdesk, startRelay, testConfig, type Helpdesk } from './helpers.js';

type Doc = Record<string, any>;

let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;
let doc: Doc;
let res: Response;
beforeAll(async () => {
  helpdesk = await startHelpdesk(answerEveryWebhook);
  relay = await startRelay(testConfig(helpdesk.url, EVERY_WEBHOOK_SITE, { publicUrl: 'https://chat.example.com' }));
  res = await fetch(`${relay.http}/openapi.json`);
  doc = (await res.json()) as Doc;
});
afterAll(async () => {
  await relay?.relay.close();
  await helpdesk?.close();
});

type Api = Exclude<Parameters<typeof SwaggerParser.validate>[0], string>;
/** Validates a copy of the document against the OpenAPI 3.1 schema, resolving every $ref (the validator changes what it reads). */
const lint = (d: Doc) => SwaggerParser.validate(structuredClone(d) as unknown as Api);
/** The document with every $ref replaced by what it points at, as a validator reads it. */
const dereferenced = (d: Doc): Promise<Doc> => SwaggerParser.dereference(structuredClone(d) as unknown as Api) as Promise<Doc>;

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, readable from any origin, with the relay\'s public address', async () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://chat.example.com' }]);
    await expect(lint(doc)).resolves.toBeTruthy();
    // What the validator does not check in a 3.1 document: operation ids are unique, every path parameter is declared.
    const operations = Object.entries(doc.paths as Doc).flatMap(([path, item]) => Object.values(item as Doc).map((op) => ({ path, op: op as Doc })));
    const ids = [...operations.map((o) => o.op.operationId), ...Object.values(doc.webhooks as Doc).map((w) => w.post.operationId)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, op } of operations) {
      const declared = (op.parameters ?? []).filter((p: Doc) => p.in === 'path').map((p: Doc) => p.name);
      expect(declared.sort(), path).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
    }
  });

  it('fails the validator when it is broken (so the check above can fail)', async () => {
    const broken = structuredClone(doc);
    broken.webhooks['message.created'].post.responses = 'none';
    await expect(lint(broken)).rejects.toThrow();
    const dangling = structuredClone(doc);
    dangling.webhooks['message.created'].post.requestBody.content['application/json'].schema = { $ref: '#/components/schemas/Nothing' };
    await expect(lint(dangling)).rejects.toThrow();
  });

  it('names every call of the HTTP API with its method, and whether it needs the API secret', () => {
    for (const [name, r] of Object.entries(apiRoutes)) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(op?.operationId, `${r.method} ${r.path}`).toBe(name);
      expect(op.security).toEqual(r.auth ? [{ apiSecret: [] }] : []);
      expect(Object.keys(op.responses)).toContain(String(r.status));
    }
  });

  it('has every webhook type the relay can send, with its delivery class', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_TYPES].sort());
    for (const type of WEBHOOK_TYPES) expect(doc.webhooks[type].post['x-parley-delivery']).toBe(DELIVERY_CLASS[type]);
    expect(doc.webhooks['visitor.connected'].post.responses['2XX'].content).toBeDefined();
  });
});

describe('its schemas accept what a real relay sends and answers', () => {
  it('every webhook of every type the relay sent validates against its schema in the document, and a tampered one does not', async () => {
    await sendEveryWebhook(relay, (t) => helpdesk.of(t).length);
    const d = await dereferenced(doc);
    for (const type of WEBHOOK_TYPES) {
      const v = compile(d.webhooks[type].post.requestBody.content['application/json'].schema);
      const sent = helpdesk.of(type);
      expect(sent.length, type).toBeGreaterThan(0);
      for (const w of sent) expect(validate(v, w.body).ok, `${w.raw}\n${validate(v, w.body).errors}`).toBe(true);
      const tampered = structuredClone(sent[0]!.body);
      delete tampered.data.visitor;
      expect(validate(v, tampered).ok, type).toBe(false);
    }
  });

  it("the API's answers validate against the answers the document gives for them", async () => {
    const d = await dereferenced(doc);
    const schemaOf = (name: keyof typeof apiRoutes, status: number) => {
      const r = apiRoutes[name];
      return compile(d.paths[r.path][r.method.toLowerCase()].responses[status].content['application/json'].schema);
    };
    const call = async (name: keyof typeof apiRoutes, body?: unknown) => {
      const r = apiRoutes[name];
      const path = r.path.replace('{site}', 'acme').replace('{visitorId}', 'nobody_home_123');
      const answer = await fetch(relay.http + path, {
        method: r.method,
        headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: answer.status, body: await answer.json() };
    };
    const bodies: Partial<Record<keyof typeof apiRoutes, unknown>> = {
      sendMessage: { text: 'hi', author: { name: 'Mai' } },
      setTyping: { typing: true },
      invite: { text: 'Cần giúp không?' },
      resolve: { askRating: true },
      setPresence: { agentsOnline: 2 },
      markRead: { upTo: 'agent_msg_0001' },
    };
    for (const name of Object.keys(apiRoutes) as (keyof typeof apiRoutes)[]) {
      const a = await call(name, bodies[name]);
      expect(a.status, name).toBe(apiRoutes[name].status);
      expect(validate(schemaOf(name, a.status), a.body).ok, `${name}: ${JSON.stringify(a.body)}`).toBe(true);
    }
    const refused = await call('sendMessage', { text: '' });
    expect(refused.status).toBe(400);
    expect(validate(schemaOf('sendMessage', 400), refused.body).ok).toBe(true);
  });
});

describe('the document follows the definitions', () => {
  it('a call with query parameters gets them, typed, without writing the document by hand', async () => {
    const routes = {
      ...apiRoutes,
      listThings: {
        method: 'GET',
        path: '/v1/sites/{site}/things',
        query: object({ limit: optional(int(1, 1000)), cursor: optional(string()) }),
        status: 200,
        answer: object({ things: string() }),
        auth: true,
        doc: 'Lists things.',
      },
    } as const;
    const d = openApiDocument({ routes });
    const op = d.paths as Doc;
    expect(op['/v1/sites/{site}/things'].get.parameters).toEqual([
      { name: 'site', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } },
      { name: 'cursor', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    await expect(lint(d)).resolves.toBeTruthy();
  });
});
