// A backend team writes its helpdesk's webhook endpoint with parley-chat/helpdesk and points a real
// relay at it: every event arrives typed, once, and a visitor who comes back gets the catch-up the
// handler returned. Forged, stale and replayed deliveries are refused, or answered as the first was.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookHandler, HelpdeskOptionError, memoryDedupeStore, type DedupeStore, type StoredAnswer, type WebhookEvent, type WebhookHandlerOptions } from '../../helpdesk/index.js';
import { signWebhook } from '../../relay/index.js';
import { WEBHOOK_TYPES } from '../../protocol/webhooks.js';
import { EVERY_WEBHOOK_SITE, sendEveryWebhook, uploadTarget } from '../relay/every-webhook.js';
import { startRelay, testConfig, until, Visitor, WEBHOOK_SECRET } from '../relay/helpers.js';

interface Delivery {
  headers: Record<string, string>;
  body: string;
  status: number;
  answer: string;
}

/**
 * The helpdesk's server: node:http with the kit's handler, or (`fetchStyle`) the handler as a fetch
 * `Request => Response` function behind a minimal adapter. Every delivery and its answer is recorded.
 */
async function startKitHelpdesk(options: Omit<WebhookHandlerOptions, 'secret'> & { secret?: WebhookHandlerOptions['secret'] }, fetchStyle = false) {
  const handler = createWebhookHandler({ secret: WEBHOOK_SECRET, ...options });
  const deliveries: Delivery[] = [];
  const server = http.createServer(async (req, res) => {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const chunks: Buffer[] = [];
    if (fetchStyle) {
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const response = await handler(new Request(`http://helpdesk.test${req.url}`, { method: req.method, headers, body }));
      const answer = await response.text();
      deliveries.push({ headers, body, status: response.status, answer });
      res.writeHead(response.status, { 'content-type': 'application/json' }).end(answer);
      return;
    }
    // The handler reads the stream itself; a second listener keeps a copy for the test.
    req.on('data', (c: Buffer) => chunks.push(c));
    const end = res.end.bind(res) as (chunk: string) => http.ServerResponse;
    res.end = ((answer: string) => {
      deliveries.push({ headers, body: Buffer.concat(chunks).toString('utf8'), status: res.statusCode, answer });
      return end(answer);
    }) as typeof res.end;
    await handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`;
  return {
    url,
    deliveries,
    /** POSTs a delivery as given (headers and body), as an attacker or a replaying proxy would. */
    post: async (headers: Record<string, string>, body: string) => {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return { status: r.status, body: await r.text() };
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Headers signing `body` as the relay would, at `timestamp` seconds, with `secret`. */
function signed(body: string, o: { id?: string; timestamp?: number; secret?: string } = {}) {
  const id = o.id ?? `evt_${Math.random().toString(36).slice(2, 12)}`;
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(o.secret ?? WEBHOOK_SECRET, id, ts, body) };
}

const messageBody = (text: string) =>
  JSON.stringify({ type: 'message.created', timestamp: new Date().toISOString(), data: { site: 'acme', visitor: { id: 'visitor_abcdefgh', verified: false }, message: { id: 'msg_abcdefgh', text, at: new Date().toISOString() } } });

describe.each([
  ['node:http', false],
  ['a fetch Request handler', true],
])('every event a real relay sends, through %s', (_kind, fetchStyle) => {
  const events: WebhookEvent[] = [];
  let kit: Awaited<ReturnType<typeof startKitHelpdesk>>;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let visitorId: string;

  beforeAll(async () => {
    kit = await startKitHelpdesk(
      {
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'attachment.requested') return uploadTarget();
          if (e.type === 'visitor.connected') return { messages: [{ id: 'catchup_msg_0001', text: 'Chào bạn, mình là Mai', author: { name: 'Mai' } }] };
        },
      },
      fetchStyle,
    );
    relay = await startRelay(testConfig(kit.url, EVERY_WEBHOOK_SITE));
    ({ visitorId } = await sendEveryWebhook(relay, (t) => events.filter((e) => e.type === t).length));
  });
  afterAll(async () => {
    await relay?.relay.close();
    await kit?.close();
  });

  it('hands onEvent each type, parsed into its shape, with its webhook-id', () => {
    expect([...new Set(events.map((e) => e.type))].sort()).toEqual([...WEBHOOK_TYPES].sort());
    const of = <T extends WebhookEvent['type']>(t: T) => events.filter((e): e is WebhookEvent<T> => e.type === t);
    const [message] = of('message.created');
    expect(message!.id).toBe('schema_msg_001');
    expect(message!.data.message.text).toBe('xin chào');
    expect(message!.data.visitor.id).toBe(visitorId);
    expect(of('visitor.connected').some((e) => e.data.since === 'schema_msg_001')).toBe(true);
    // The page as the relay forwards it: the secret-looking query parameter and the fragment gone.
    expect(of('visitor.connected')[0]!.data.page.url).toBe('https://shop.example/p/1');
    expect(of('visitor.typing')[0]!.data.preview).not.toContain('lan@example.com');
    expect(of('offline_message.created').map((e) => e.data.message.phone)).toContain('+84 912 345 678');
    expect(of('conversation.rated')[0]!.data.rating).toMatchObject({ score: 4, comment: 'nhanh' });
    expect(of('transcript.requested')[0]!.data.request.emailVerified).toBe(false);
    expect(of('invitation.accepted')[0]!.data.invitation.ruleId).toBe('welcome');
    expect(of('faq.feedback')[0]!.data).toMatchObject({ articleId: 'shipping', action: 'helpful' });
    expect(of('conversation.ended')[0]!.data.by).toBe('visitor');
    for (const e of events) expect(e.data.site).toBe('acme');
  });

  it('answers each webhook-id once: no event reached onEvent twice', () => {
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('answers visitor.connected with the catch-up onEvent returned, and the visitor sees it', async () => {
    const { v } = await Visitor.join(relay.ws);
    const m = await v.next((f) => f.t === 'message' && f.id === 'catchup_msg_0001');
    expect(m).toMatchObject({ from: 'agent', text: 'Chào bạn, mình là Mai', author: { name: 'Mai' } });
    v.close();
  });
});

describe('deliveries that are not the relay\'s, or not new', () => {
  let calls = 0;
  let kit: Awaited<ReturnType<typeof startKitHelpdesk>>;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  /** Webhook-ids whose first delivery onEvent fails. */
  const failOnce = new Set<string>();

  beforeAll(async () => {
    kit = await startKitHelpdesk({
      onEvent: (e) => {
        calls++;
        if (failOnce.delete(e.id)) throw new Error('database down');
        if (e.type === 'visitor.connected') return { messages: [{ id: `catchup_${calls}_abcdef`, text: `answer ${calls}` }] };
      },
    });
    relay = await startRelay(testConfig(kit.url));
  });
  afterAll(async () => {
    await relay?.relay.close();
    await kit?.close();
  });

  it('a bad signature is refused with 401 and never reaches onEvent', async () => {
    const before = calls;
    const body = messageBody('transfer the money');
    const forged = await kit.post(signed(body, { secret: 'whsec_' + Buffer.from('somebody else\'s key, 32 bytes!!').toString('base64') }), body);
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body).error.code).toBe('signature_invalid');
    const tampered = await kit.post(signed(messageBody('hello')), body);
    expect(JSON.parse(tampered.body).error.code).toBe('signature_invalid');
    const unsigned = await kit.post({}, body);
    expect([unsigned.status, JSON.parse(unsigned.body).error.code]).toEqual([401, 'signature_missing']);
    expect(calls).toBe(before);
  });

  it('a correctly signed delivery older than five minutes is refused (a captured one replayed later)', async () => {
    const before = calls;
    const body = messageBody('hello');
    const old = await kit.post(signed(body, { timestamp: Math.floor(Date.now() / 1000) - 301 }), body);
    expect([old.status, JSON.parse(old.body).error.code]).toEqual([401, 'timestamp_out_of_window']);
    const future = await kit.post(signed(body, { timestamp: Math.floor(Date.now() / 1000) + 301 }), body);
    expect(future.status).toBe(401);
    const recent = await kit.post(signed(body, { timestamp: Math.floor(Date.now() / 1000) - 200 }), body);
    expect(recent.status).toBe(200);
    expect(calls).toBe(before + 1);
  });

  it('a replayed visitor.connected gets the first answer, catch-up and all, and onEvent runs once', async () => {
    const { v } = await Visitor.join(relay.ws);
    await until(() => kit.deliveries.some((d) => d.body.includes('"visitor.connected"')), 5000, 'visitor.connected');
    const first = kit.deliveries.find((d) => d.body.includes('"visitor.connected"'))!;
    expect(JSON.parse(first.answer).messages).toHaveLength(1);
    const before = calls;
    const again = await kit.post(first.headers, first.body);
    expect(again).toEqual({ status: first.status, body: first.answer });
    // At the same moment, twice: still one onEvent, the same answer for both.
    const both = await Promise.all([kit.post(first.headers, first.body), kit.post(first.headers, first.body)]);
    expect(both).toEqual([again, again]);
    expect(calls).toBe(before);
    v.close();
  });

  it('a throw in onEvent answers 500, so the relay retries the same id and onEvent runs again', async () => {
    failOnce.add('retry_msg_0001');
    const { v } = await Visitor.join(relay.ws);
    v.send({ t: 'message', id: 'retry_msg_0001', text: 'are you there?' });
    const ack = await v.next((f) => f.id === 'retry_msg_0001' && (f.t === 'ack' || f.t === 'nack'));
    expect(ack.t).toBe('ack');
    const tries = kit.deliveries.filter((d) => d.headers['webhook-id'] === 'retry_msg_0001');
    expect(tries.map((d) => d.status)).toEqual([500, 200]);
    expect(JSON.parse(tries[0]!.answer).error.code).toBe('handler_failed');
    v.close();
  });

  it('a body that is no event, or of a type the kit does not know, is refused with 400', async () => {
    const unknown = JSON.stringify({ type: 'visitor.teleported', timestamp: new Date().toISOString(), data: {} });
    expect(JSON.parse((await kit.post(signed(unknown), unknown)).body).error.code).toBe('type_unknown');
    const broken = JSON.stringify({ type: 'message.created', timestamp: new Date().toISOString(), data: { site: 'acme', visitor: { id: 'visitor_abcdefgh', verified: false } } });
    const r = await kit.post(signed(broken), broken);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatchObject({ code: 'body_invalid', message: expect.stringContaining('data.message') });
  });
});

describe('the dedupe store', () => {
  it('keeps at most maxRemembered answers: the oldest id, replayed after more have come, runs onEvent again', async () => {
    let calls = 0;
    const kit = await startKitHelpdesk({ maxRemembered: 2, onEvent: () => void calls++ });
    const body = messageBody('hi');
    const h = ['evt_first_000001', 'evt_second_00001', 'evt_third_000001'].map((id) => signed(body, { id }));
    for (const x of h) await kit.post(x, body);
    await kit.post(h[2]!, body);
    expect(calls).toBe(3);
    await kit.post(h[0]!, body);
    expect(calls).toBe(4);
    await kit.close();
  });

  it('can be shared: a second helpdesk process answers an id the first already answered, without onEvent', async () => {
    const shared = new Map<string, StoredAnswer>();
    const store: DedupeStore = { get: async (id) => shared.get(id), set: async (id, a) => void shared.set(id, a) };
    let calls = 0;
    const one = await startKitHelpdesk({ dedupe: store, onEvent: () => ({ n: ++calls }) });
    const two = await startKitHelpdesk({ dedupe: store, onEvent: () => ({ n: ++calls }) });
    const body = messageBody('hi');
    const h = signed(body);
    const a = await one.post(h, body);
    expect(await two.post(h, body)).toEqual(a);
    expect(calls).toBe(1);
    await Promise.all([one.close(), two.close()]);
  });

  it('a store that fails (its database down) answers 500 without running onEvent, so the relay retries later', async () => {
    let down = true;
    const store: DedupeStore = {
      get: async () => {
        if (down) throw new Error('connection refused');
        return undefined;
      },
      set: () => {},
    };
    let calls = 0;
    const kit = await startKitHelpdesk({ dedupe: store, onEvent: () => void calls++ });
    const body = messageBody('hi');
    const h = signed(body);
    const refused = await kit.post(h, body);
    expect([refused.status, JSON.parse(refused.body).error.code, calls]).toEqual([500, 'handler_failed', 0]);
    down = false;
    expect((await kit.post(h, body)).status).toBe(200);
    expect(calls).toBe(1);
    await kit.close();
  });

  it('in memory, forgets an answer after its time', () => {
    const store = memoryDedupeStore({ max: 10 });
    store.set('evt_a', { status: 200, body: '{}' }, 0);
    store.set('evt_b', { status: 200, body: '{}' }, 60_000);
    return until(() => store.get('evt_a') === undefined && store.get('evt_b') !== undefined, 1000, 'evt_a forgotten');
  });
});

describe('options', () => {
  it('a bad or misspelt option throws at creation, naming it', () => {
    const make = (o: Record<string, unknown>) => () => createWebhookHandler({ secret: WEBHOOK_SECRET, onEvent: () => {}, ...o } as WebhookHandlerOptions);
    const named = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof HelpdeskOptionError ? e.option : 'not a HelpdeskOptionError';
      }
      return 'no throw';
    };
    expect(named(make({ secret: 'whsec_c2hvcnQ=' }))).toBe('secret');
    expect(named(make({ secret: [WEBHOOK_SECRET, 'whsec_c2hvcnQ='] }))).toBe('secret[1]');
    expect(named(make({ toleranceSeconds: 0 }))).toBe('toleranceSeconds');
    expect(named(make({ tolerance: 300 }))).toBe('tolerance');
    expect(named(make({ onEvent: 'log it' }))).toBe('onEvent');
    expect(named(make({}))).toBe('no throw');
  });

  it('behind a framework that read the body raw it still verifies; a parsed body is refused, saying why', async () => {
    const handler = createWebhookHandler({ secret: WEBHOOK_SECRET, onEvent: () => ({ seen: true }) });
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks);
      // As express.raw() and express.json() leave it.
      await handler(Object.assign(req, { body: req.url === '/raw' ? raw : JSON.parse(raw.toString('utf8')) }), res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const body = messageBody('hi');
    const raw = await fetch(`${base}/raw`, { method: 'POST', headers: signed(body), body });
    expect([raw.status, await raw.json()]).toEqual([200, { seen: true }]);
    const parsed = await fetch(`${base}/parsed`, { method: 'POST', headers: signed(body), body });
    expect(parsed.status).toBe(400);
    expect((await parsed.json()).error.message).toMatch(/express\.raw\(\)/);
    await new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
  });

  it('during a secret rotation, deliveries signed with either secret verify', async () => {
    const next = 'whsec_' + Buffer.from('the next webhook key of 32 bytes').toString('base64');
    const kit = await startKitHelpdesk({ secret: [next, WEBHOOK_SECRET], onEvent: () => {} });
    const body = messageBody('hi');
    expect((await kit.post(signed(body, { secret: WEBHOOK_SECRET }), body)).status).toBe(200);
    expect((await kit.post(signed(body, { secret: next }), body)).status).toBe(200);
    await kit.close();
  });
});
