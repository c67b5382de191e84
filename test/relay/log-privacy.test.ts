// The operator turns the log up to trace to chase a problem. Visitors meanwhile type messages and
// drafts, give their name, email and phone, a helpdesk calls with wrong and right secrets, and its
// webhooks fail. Every one of those values is a sentinel: the log has the lines the operator needs
// (connections, refusals, webhook failures, the lifecycle) and not one sentinel.
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityHash } from '../../relay/index.js';
import { API_SECRET, captureLog, callApi, ORIGIN, startHelpdesk, startRelay, testConfig, until, Visitor, WEBHOOK_SECRET, type Helpdesk } from './helpers.js';

const S = {
  text: 'SENTINELTEXT-order-4412',
  draft: 'SENTINELDRAFT-my-card-is',
  email: 'sentinel.email@example.vn',
  phone: '+84 912 777 888',
  phoneDigits: '912777888',
  name: 'SentinelName Nguyen',
  userId: 'sentinel-user-id-42',
  forgedToken: 'SENTINELTOKEN-forged.0123456789',
  wrongHash: 'SENTINELHASHdeadbeef',
  comment: 'SENTINELCOMMENT-great',
  title: 'SENTINELTITLE checkout',
  invitation: 'SENTINELINVITE-what-i-claim',
  agentText: 'SENTINELAGENT-reply',
  wrongApiSecret: 'SENTINELWRONGAPISECRET-0123456789abcdef',
  wrongMetricsToken: 'SENTINELWRONGMETRICS-0123',
  metricsToken: 'a-metrics-token-SENTINELMETRICS',
  identitySecret: 'identity-secret-SENTINELIDENTITY-0123456789',
};
const RELAY_SECRETS = ['relay-token-secret-new-of-32-characters', 'relay-token-secret-old-of-32-characters'];

const log = captureLog('trace');
let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;
/** Every token the relay issued: each must stay out of the log. */
const issued: string[] = [];
let rightHash = '';

beforeAll(async () => {
  // The helpdesk fails whatever carries a sentinel the first time, so the failure paths run too.
  helpdesk = await startHelpdesk((w) => (w.raw.includes('SENTINEL') && w.body.type !== 'visitor.connected' ? { status: 500, body: { echo: w.raw } } : { status: 200 }));
  relay = await startRelay(
    testConfig(
      helpdesk.url,
      { identity: { secret: S.identitySecret }, typingPreview: { enabled: true }, limits: { messagesPerMinute: 4 } },
      { metricsToken: S.metricsToken, webhookDelivery: { tries: 2, timeoutMs: 1000, baseDelayMs: 10, maxDelayMs: 20 } },
    ),
    { logger: log.logger },
  );
  rightHash = identityHash(S.identitySecret, S.userId);

  // hello with a forged token, a wrong userHash and claims; then identify with the right one.
  const { v, welcome } = await Visitor.join(relay.ws, {
    visitorId: 'sentinel_visitor_01',
    token: S.forgedToken,
    page: { url: `https://shop.example/checkout?token=${S.forgedToken}&q=${S.text}`, title: S.title },
    user: { userId: S.userId, name: S.name, email: S.email, userHash: S.wrongHash },
  });
  issued.push(welcome.token);
  await v.next((f) => f.t === 'error' && f.code === 'identity_invalid');
  v.send({ t: 'identify', user: { userId: S.userId, name: S.name, email: S.email, userHash: rightHash } });
  v.send({ t: 'typing', text: S.draft });
  await until(() => helpdesk.of('visitor.typing').length === 1, 5000, 'the draft to reach the helpdesk');
  v.send({ t: 'page', url: `https://shop.example/cart?email=${S.email}`, title: S.title });
  v.send({ t: 'message', id: 'sentinel_msg_01', text: S.text });
  await v.next((f) => f.t === 'nack' && f.id === 'sentinel_msg_01');
  v.send({ t: 'offline_message', id: 'sentinel_off_01', name: S.name, email: S.email, phone: S.phone, callback: true, text: S.text });
  v.send({ t: 'rating', id: 'sentinel_rate_1', score: 4, comment: S.comment });
  v.send({ t: 'transcript', id: 'sentinel_tran_1', email: S.email });
  await v.next((f) => f.t === 'nack' && f.id === 'sentinel_tran_1', 10_000);
  v.send({ t: 'invitation', id: 'sentinel_inv_01', text: S.invitation, action: 'accepted' });
  // Refused frames that carry the values: malformed, not JSON, over the message rate.
  v.send({ t: 'message', id: 'sentinel_bad_01', text: 42, note: S.text });
  v.send(`{"t":"message","text":"${S.text}"`);
  v.send({ t: S.text });
  for (let i = 0; i < 6; i++) v.send({ t: 'message', id: `sentinel_flood_${i}`, text: `${S.text} ${i}` });
  await v.next((f) => f.t === 'nack' && f.reason === 'rate_limited');

  // The helpdesk: a wrong secret, a right one with an agent message, a bad body, metrics with a wrong token.
  const path = `/v1/sites/acme/visitors/${welcome.visitorId}/messages`;
  expect((await callApi(relay.http, path, { text: S.agentText }, { secret: S.wrongApiSecret })).status).toBe(401);
  expect((await callApi(relay.http, path, { text: S.agentText, author: { name: S.name } })).status).toBe(202);
  await v.next((f) => f.t === 'message' && f.text === S.agentText);
  expect((await callApi(relay.http, path, { text: 7, author: S.email })).status).toBe(400);
  expect((await fetch(`${relay.http}/metrics`, { headers: { authorization: `Bearer ${S.wrongMetricsToken}` } })).status).toBe(401);

  // A second tab resumes with the real token; a socket from a foreign origin is refused.
  const tab = await Visitor.join(relay.ws, { visitorId: welcome.visitorId, token: welcome.token, user: { userId: S.userId, userHash: rightHash, email: S.email } });
  issued.push(tab.welcome.token);
  const foreign = new Visitor(new WebSocket(`${relay.ws}/v1/ws?site=acme`, { origin: 'https://evil.example' }));
  await foreign.whenClosed();
  tab.v.close();
  v.close();
  await until(() => log.lines.filter((l) => l.event === 'connection').length >= 2, 5000, 'both sockets logged');
  await until(() => log.lines.some((l) => l.event === 'webhook_failed' && l.type === 'offline_message.created'), 10_000, 'the offline message to fail');
  await relay.relay.close();
}, 60_000);

afterAll(async () => {
  await relay?.relay.close();
  await helpdesk?.close();
});

describe('the log at trace level', () => {
  it('has the lines the operator needs', () => {
    const events = new Set(log.lines.map((l) => l.event));
    for (const e of ['start', 'welcome', 'connection', 'refusal', 'webhook_failed', 'drain', 'stop']) expect(events, e).toContain(e);
    const refusals = log.lines.filter((l) => l.event === 'refusal');
    expect(refusals.map((l) => l.reason ?? l.code)).toEqual(expect.arrayContaining(['identity_invalid', 'bad_frame', 'unknown_type', 'rate_limited', 'unauthorized', 'bad_request', 'origin_refused']));
    expect(log.lines.filter((l) => l.event === 'webhook_failed').map((l) => l.type)).toEqual(
      expect.arrayContaining(['message.created', 'offline_message.created', 'conversation.rated', 'transcript.requested', 'visitor.typing']),
    );
    expect(log.lines.find((l) => l.event === 'connection')).toMatchObject({ site: 'acme', code: expect.any(Number) });
  });

  it('carries no message text, draft, name, email, phone, token, userHash or secret', () => {
    const text = log.raw.join('');
    expect(text.length).toBeGreaterThan(1000);
    const secrets = [API_SECRET, WEBHOOK_SECRET, WEBHOOK_SECRET.slice('whsec_'.length), ...RELAY_SECRETS, S.identitySecret, S.metricsToken, rightHash, ...issued];
    const sentinels = [...Object.values(S), ...secrets];
    for (const s of sentinels) expect(text, s).not.toContain(s);
    // Nothing a sentinel was part of either, whatever was cut or escaped.
    expect(text.toUpperCase()).not.toContain('SENTINEL');
  });
});
