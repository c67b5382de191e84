// The JSON Schemas backend teams validate with (protocol/json-schema.ts) are proved with a real
// validator: they compile under Ajv's strict mode, every webhook a real relay sends validates against
// its schema and a tampered one does not, and the API bodies' schemas agree with the relay's own check.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiBodies } from '../../protocol/api.js';
import { clientFrameSchema } from '../../protocol/client-frames.js';
import { faqDocumentSchema, relayConfigSchema, rulesSchema, widgetConfigSchema } from '../../protocol/config.js';
import { allJsonSchemas, patternOf, toJsonSchema, webhookJsonSchema, type JsonSchema } from '../../protocol/json-schema.js';
import { EMAIL_PATTERN, HTTP_URL, ORIGIN_PATTERN } from '../../protocol/patterns.js';
import { check, type Schema } from '../../protocol/schema.js';
import { serverFrameSchema } from '../../protocol/server-frames.js';
import { WEBHOOK_TYPES, type WebhookType } from '../../protocol/webhooks.js';
import { API_SECRET, startHelpdesk, startRelay, testConfig, until, Visitor, type Helpdesk, type Received } from '../relay/helpers.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** A strict 2020-12 validator that checks the formats the schemas name (Ajv only knows them with a plugin). */
function validator(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date-time', (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('email', EMAIL_PATTERN);
  return ajv;
}

const compile = (schema: JsonSchema): ValidateFunction => validator().compile(schema);

/** Whether `value` validates; the errors, for the assertion's message. */
function validate(v: ValidateFunction, value: unknown): { ok: boolean; errors: string } {
  const ok = v(value);
  return { ok, errors: ok ? '' : JSON.stringify(v.errors) };
}

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
    helpdesk = await startHelpdesk();
    relay = await startRelay(
      testConfig(helpdesk.url, {
        agentsOnline: 0,
        typingPreview: { enabled: true, intervalMs: 50, maskEmails: true },
        invitations: [{ id: 'welcome', text: { en: 'Need help?', vi: 'Cần giúp không?' }, conditions: {} }],
        faq: [{ id: 'shipping', question: 'Shipping', answer: 'We ship in 2 days.' }],
      }),
    );

    // One visitor does everything a visitor can, so every webhook type is sent at least once.
    const { v, welcome } = await Visitor.join(relay.ws, {
      page: { url: 'https://shop.example/p/1?token=secret#top', title: 'Shoes', referrer: 'https://search.example/?q=shoes' },
      user: { userId: 'u-42', name: 'Lan', email: 'lan@example.com', phone: '0912 345 678' },
      context: { timeZone: 'Asia/Ho_Chi_Minh', languages: ['vi-VN'], device: 'desktop', screen: { w: 1440, h: 900 }, landing: 'https://shop.example/?utm_source=zalo', utm: { source: 'zalo' }, visits: 2 },
    });
    v.send({ t: 'profile', attributes: { plan: 'pro', cart: 1250000, vip: true, coupon: null } });
    v.send({ t: 'event', name: 'added_to_cart', props: { sku: 'SHOE-42' } });
    v.send({ t: 'message', id: 'schema_msg_001', text: 'xin chào' });
    await v.next((f) => f.id === 'schema_msg_001' && f.t === 'ack');
    v.send({ t: 'typing', text: 'my email is lan@example.com' });
    v.send({ t: 'page', url: 'https://shop.example/cart', title: 'Cart' });
    v.send({ t: 'offline_message', id: 'schema_off_001', name: 'Lan', email: 'lan@example.com', text: 'call me back' });
    await v.next((f) => f.id === 'schema_off_001' && f.t === 'ack');
    // The closed-hours form: a phone alone and "call me back".
    v.send({ t: 'offline_message', id: 'schema_off_002', name: 'Lan', phone: '+84 912 345 678', callback: true, text: 'gọi lại giúp tôi' });
    await v.next((f) => f.id === 'schema_off_002' && f.t === 'ack');
    v.send({ t: 'end', id: 'schema_end_001' });
    await v.next((f) => f.id === 'schema_end_001' && f.t === 'ack');
    v.send({ t: 'rating', id: 'schema_rate_01', conversationId: 'schema_conv_1', score: 4, comment: 'nhanh' });
    await v.next((f) => f.id === 'schema_rate_01' && f.t === 'ack');
    v.send({ t: 'transcript', id: 'schema_tr_0001', email: 'lan@example.com' });
    await v.next((f) => f.id === 'schema_tr_0001' && f.t === 'ack');
    for (const action of ['shown', 'accepted', 'dismissed']) v.send({ t: 'invitation', id: `schema_inv_${action}`, ruleId: 'welcome', text: 'Need help?', action });
    // An agent's invitation through the API, so one invitation event carries no rule id.
    const res = await fetch(`${relay.http}/v1/sites/acme/visitors/${welcome.visitorId}/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Có mã giảm giá', author: { name: 'Mai' } }),
    });
    const { id } = (await res.json()) as { id: string };
    await v.next((f) => f.t === 'invitation' && f.id === id);
    v.send({ t: 'invitation', id, action: 'shown' });
    v.send({ t: 'faq', articleId: 'shipping', action: 'helpful' });
    await until(() => WEBHOOK_TYPES.every((t) => t === 'visitor.disconnected' || helpdesk.of(t).length > 0), 5000, 'every webhook type but disconnected');
    v.close();
    // A second socket resuming the conversation: its visitor.connected carries `since`.
    const again = await Visitor.join(relay.ws, { visitorId: welcome.visitorId, token: welcome.token, lastMessageId: 'schema_msg_001' });
    again.v.close();
    await until(() => helpdesk.of('visitor.disconnected').length >= 2, 5000, 'both disconnects');
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
