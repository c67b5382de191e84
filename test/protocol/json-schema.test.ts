// The JSON Schemas backend teams validate with (protocol/json-schema.ts) are proved with a real
// validator: they compile under Ajv's strict mode, every webhook a real relay sends validates against
// its schema and a tampered one does not, and the API bodies' schemas agree with the relay's own check.
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiBodies } from '../../protocol/api.js';
import { clientFrameSchema } from '../../protocol/client-frames.js';
import { faqDocumentSchema, relayConfigSchema, rulesSchema, widgetConfigSchema } from '../../protocol/config.js';
import { allJsonSchemas, patternOf, toJsonSchema, webhookJsonSchema, type JsonSchema } from '../../protocol/json-schema.js';
import { HTTP_URL, ORIGIN_PATTERN } from '../../protocol/patterns.js';
import { check, type Schema } from '../../protocol/schema.js';
import { serverFrameSchema } from '../../protocol/server-frames.js';
import { WEBHOOK_TYPES, type WebhookType } from '../../protocol/webhooks.js';
import { compile, validate } from './ajv.js';
import { answerEveryWebhook, EVERY_WEBHOOK_SITE, sendEveryWebhook } from '../relay/every-webhook.js';
import { API_SECRET, startHelpdesk, startRelay, testConfig, type Helpdesk, type Received } from '../relay/helpers.js';

describe('every JSON Schema compiles under Ajv 2020-12 strict mode', () => {
  const all = allJsonSchemas();
  const named: [string, JsonSchema][] = [
    ...Object.entries(all.webhooks).map(([k, s]): [string, JsonSchema] => [`webhook ${k}`, s]),
    ...Object.entries(all.answers).map(([k, s]): [string, JsonSchema] => [`answer to ${k}`, s]),
    ...Object.entries(all.api).map(([k, s]): [string, JsonSchema] => [`api ${k}`, s]),
    // Not published, but written by the same code: every kind of schema (tagged, union, nullable, record) compiles too.
    ['server frames', toJsonSchema(serverFrameSchema)],
    ['client frames', toJsonSchema(clientFrameSchema({ maxTextLength: 5000 }))],
    ['relay config', toJsonSchema(relayConfigSchema)],
    ['widget-config', toJsonSchema(widgetConfigSchema)],
    ['faq document', toJsonSchema(faqDocumentSchema)],
    ['invitation rules', toJsonSchema(rulesSchema)],
  ];

  it('covers every webhook type', () => {
    expect(Object.keys(all.webhooks).sort()).toEqual([...WEBHOOK_TYPES].sort());
    for (const s of Object.values(all.webhooks)) expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it.each(named)('%s', (_name, schema) => {
    expect(() => compile(schema)).not.toThrow();
  });

  it('a case-insensitive pattern accepts in JSON Schema what it accepts in the relay', () => {
    const samples: [RegExp, string[]][] = [
      [HTTP_URL, ['https://cdn.example/a.png', 'HTTPS://CDN.example/a.png', 'Http://x', 'ftp://x', 'https://', 'javascript:alert(1)']],
      [ORIGIN_PATTERN, ['*', 'https://shop.example', 'HTTPS://*.Shop.Example:8443', 'hTtP://a/', 'https://a/b', 'wss://a']],
      [/^[a-f0-9]+$/i, ['00ff', '00FF', 'DeadBeef', 'g0']],
    ];
    for (const [re, values] of samples) {
      const asJson = new RegExp(patternOf(re), 'u');
      for (const s of values) expect(asJson.test(s), `${re} on ${s}`).toBe(re.test(s));
    }
    expect(() => patternOf(/a.b/s)).toThrow(/cannot express/);
  });
});

describe('webhooks a real relay sends validate against their JSON Schema', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  const validators = new Map<WebhookType, ValidateFunction>(WEBHOOK_TYPES.map((t) => [t, compile(webhookJsonSchema(t))]));

  beforeAll(async () => {
    helpdesk = await startHelpdesk(answerEveryWebhook);
    relay = await startRelay(testConfig(helpdesk.url, EVERY_WEBHOOK_SITE));
    await sendEveryWebhook(relay, (t) => helpdesk.of(t).length);
  });
  afterAll(async () => {
    await relay?.relay.close();
    await helpdesk?.close();
  });

  it.each(WEBHOOK_TYPES)('%s', (type) => {
    const sent = helpdesk.of(type);
    expect(sent.length, `no ${type} webhook was sent`).toBeGreaterThan(0);
    for (const w of sent) {
      const r = validate(validators.get(type)!, w.body);
      expect(r.ok, `${w.raw}\n${r.errors}`).toBe(true);
    }
  });

  it('the events carried what they are meant to (so the bodies above are not empty shells)', () => {
    const connected = helpdesk.of('visitor.connected');
    expect(connected.some((w) => w.body.data.since === 'schema_msg_001')).toBe(true);
    expect(connected[0]!.body.data.visitor).toMatchObject({ verified: false, page: { url: 'https://shop.example/p/1' } });
    expect(helpdesk.of('visitor.typing').some((w) => w.body.data.preview.length > 0)).toBe(true);
    expect(helpdesk.of('invitation.shown').some((w) => w.body.data.invitation.ruleId === undefined)).toBe(true);
    expect(helpdesk.of('invitation.accepted')[0]!.body.data.invitation.ruleId).toBe('welcome');
  });

  it('a tampered body does not validate (the checks above can fail)', () => {
    const of = (type: WebhookType): Received['body'] => structuredClone(helpdesk.of(type)[0]!.body);
    const cases: [WebhookType, (b: Received['body']) => void][] = [
      ['message.created', (b) => void (b.data.message.text = 42)],
      ['message.created', (b) => void delete b.data.visitor],
      ['message.created', (b) => void delete b.data.message.at],
      ['message.created', (b) => void (b.type = 'visitor.typing')],
      ['visitor.connected', (b) => void (b.data.visitor.id = 'bad id')],
      ['visitor.connected', (b) => void (b.timestamp = 'yesterday')],
      ['visitor.typing', (b) => void (b.data.preview = null)],
      ['offline_message.created', (b) => void (b.data.message.email = 'not an email')],
      ['faq.feedback', (b) => void (b.data.action = 'loved')],
      ['invitation.accepted', (b) => void delete b.data.invitation.id],
      ['visitor.disconnected', (b) => void delete b.data.page],
    ];
    for (const [type, tamper] of cases) {
      const b = of(type);
      expect(validate(validators.get(type)!, b).ok).toBe(true);
      tamper(b);
      expect(validate(validators.get(type)!, b).ok, `${type} after ${tamper}`).toBe(false);
    }
  });

  it("the relay's API answers validate against the answer schemas", async () => {
    const api = allJsonSchemas().api;
    const post = (path: string, body: unknown) =>
      fetch(`${relay.http}/v1/sites/acme${path}`, {
        method: path === '/presence' ? 'PUT' : 'POST',
        headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const sent = await post('/visitors/nobody_home_123/messages', { text: 'hi' });
    expect(validate(compile(api.sentAnswer!), await sent.json()).ok).toBe(true);
    const typing = await post('/visitors/nobody_home_123/typing', { typing: true });
    expect(validate(compile(api.deliveredAnswer!), await typing.json()).ok).toBe(true);
    const presence = await post('/presence', { agentsOnline: 0 });
    expect(validate(compile(api.presenceAnswer!), await presence.json()).ok).toBe(true);
    const refused = await post('/visitors/nobody_home_123/messages', { text: 'hi', author: { name: '' } });
    expect(refused.status).toBe(400);
    const error = await refused.json();
    expect(error.error.message).toMatch(/author\.name/);
    expect(validate(compile(api.errorAnswer!), error).ok).toBe(true);
    expect(validate(compile(api.sentAnswer!), error).ok).toBe(false);
  });
});

describe('API bodies: the JSON Schema and the relay agree', () => {
  const api = allJsonSchemas().api;

  it('a valid messages body validates; one with an empty author name does not', () => {
    const message = compile(api.messageBody!);
    expect(validate(message, { id: 'agent_msg_0001', text: 'Xin chào', author: { name: 'Mai', avatarUrl: 'https://cdn.example/mai.png' } }).ok).toBe(true);
    expect(validate(message, { text: 'Xin chào', author: { name: '' } }).ok).toBe(false);
  });

  it.each([
    ['message', { id: 'agent_msg_0001', text: 'Xin chào', author: { name: 'Mai', avatarUrl: 'https://cdn.example/mai.png' } }],
    ['message', { text: 'hi', author: { name: 'Mai', avatarUrl: 'HTTPS://CDN.example/mai.png' } }],
    ['message', { text: 'hi', extra: 'ignored' }],
    ['message', { text: 'hi', author: { name: '' } }],
    ['message', { text: 'hi', author: { name: 'x'.repeat(257) } }],
    ['message', { text: 'hi', author: { name: 'Mai', avatarUrl: 'javascript:alert(1)' } }],
    ['message', { text: 'hi', author: 'Mai' }],
    ['message', { text: '   ' }],
    ['message', { text: '' }],
    ['message', {}],
    ['message', { id: 'no good', text: 'hi' }],
    ['message', { attachments: [{ url: 'https://cdn.example/a.jpg', name: 'a.jpg', type: 'image/jpeg' }] }],
    ['message', { text: ' ', attachments: [{ url: 'https://cdn.example/a.jpg', name: 'a.jpg', type: 'image/jpeg' }] }],
    ['message', { text: 'Ảnh đây', attachments: [{ url: 'https://cdn.example/a.jpg', name: 'a.jpg', type: 'image/jpeg' }] }],
    ['message', { attachments: [] }],
    ['message', { attachments: [{ url: 'javascript:alert(1)', name: 'a', type: 'image/png' }] }],
    ['message', { text: '', actions: [{ id: 'ok', label: 'OK' }] }],
    ['invitation', { text: 'Có mã giảm giá' }],
    ['invitation', { text: 5 }],
    ['typing', { typing: true }],
    ['typing', { typing: 'yes' }],
    ['presence', { agentsOnline: 3 }],
    ['presence', { agentsOnline: -1 }],
    ['presence', { agentsOnline: 1.5 }],
    ['presence', { agentsOnline: 1_000_001 }],
  ] as const)('%s %j', (name, body) => {
    const relayAccepts = check(apiBodies[name] as Schema<unknown>, body).ok;
    expect(validate(compile(api[`${name}Body`]!), body).ok).toBe(relayAccepts);
  });
});
