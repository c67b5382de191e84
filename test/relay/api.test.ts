// The helpdesk answers through the HTTP API; the visitor sees replies, typing, invitations, presence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SECRET, ORIGIN, startHelpdesk, startRelay, testConfig, Visitor, type Helpdesk } from './helpers.js';

describe('the helpdesk answers through the HTTP API', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    helpdesk = await startHelpdesk();
    relay = await startRelay(
      testConfig(helpdesk.url, {
        agentsOnline: 1,
        locale: 'vi',
        theme: { color: '#ff0066', position: 'left', scheme: 'dark' },
        identity: { secret: 'identity-secret' },
        invitations: [{ id: 'welcome', text: 'Cần giúp không?', conditions: { timeOnPageSec: 5 } }],
        faq: [{ id: 'shipping', question: 'Shipping', answer: 'We ship in 2 days.' }],
        typingPreview: { enabled: true, maskEmails: true },
      }),
    );
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
  });

  const api = (path: string, init: { method?: string; body?: unknown; secret?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${relay.http}${path}`, {
      method: init.method ?? 'POST',
      headers: { authorization: `Bearer ${init.secret ?? API_SECRET}`, 'content-type': 'application/json', ...init.headers },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });

  it('an agent message posted to the API arrives on every socket of that visitor', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const tab2 = await Visitor.join(relay.ws, { visitorId: welcome.visitorId, token: welcome.token });
    const res = await api(`/v1/sites/acme/visitors/${welcome.visitorId}/messages`, { body: { id: 'agent_msg_0001', text: 'Xin chào, tôi là Mai', author: { name: 'Mai' } } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: 'agent_msg_0001', delivered: true });
    for (const s of [v, tab2.v]) {
      const m = await s.next((f) => f.t === 'message');
      expect(m).toMatchObject({ id: 'agent_msg_0001', from: 'agent', text: 'Xin chào, tôi là Mai', author: { name: 'Mai' } });
      expect(Date.parse(m.at)).not.toBeNaN();
    }
    v.close();
    tab2.v.close();
  });

  it('a message for a visitor with no open socket answers delivered:false and gets a relay id', async () => {
    const res = await api('/v1/sites/acme/visitors/nobody_home_123/messages', { body: { text: 'still there?', author: { name: 'Mai' } } });
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.delivered).toBe(false);
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('a wrong or missing API secret → 401 unauthorized, nothing delivered', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const wrong = await api(`/v1/sites/acme/visitors/${welcome.visitorId}/messages`, { secret: 'guess', body: { text: 'phish' } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('unauthorized');
    const none = await fetch(`${relay.http}/v1/sites/acme/presence`, { method: 'PUT', body: '{"agentsOnline":9}' });
    expect(none.status).toBe(401);
    expect(v.frames.some((f) => f.t === 'message' || f.t === 'presence')).toBe(false);
    v.close();
  });

  it('only the exact API secret gets through: a prefix, one more or one changed character → 401; "bearer" in any case works', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const path = `/v1/sites/acme/visitors/${welcome.visitorId}/typing`;
    const changed = API_SECRET.slice(0, -1) + (API_SECRET.endsWith('s') ? 't' : 's');
    for (const secret of [API_SECRET.slice(0, -1), API_SECRET + 's', changed, '']) {
      const res = await api(path, { secret, body: { typing: true } });
      expect(res.status, JSON.stringify(secret)).toBe(401);
    }
    expect(v.frames.some((f) => f.t === 'agent_typing')).toBe(false);
    const ok = await api(path, { headers: { authorization: `bEaReR   ${API_SECRET}` }, body: { typing: true } });
    expect(ok.status).toBe(202);
    await v.next((f) => f.t === 'agent_typing');
    v.close();
  });

  it('a visitor id or site written with percent-escapes reaches the same visitor', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const escaped = [...welcome.visitorId].map((c: string) => '%' + c.charCodeAt(0).toString(16)).join('');
    const res = await api(`/v1/sites/%61cme/visitors/${escaped}/typing`, { body: { typing: true } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ delivered: true });
    await v.next((f) => f.t === 'agent_typing');
    expect((await api(`/v1/sites/acme/visitors/%E0%A4%A/typing`, { body: { typing: true } })).status).toBe(400);
    v.close();
  });

  it('typing and invitations reach the visitor as agent_typing and invitation frames', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const t = await api(`/v1/sites/acme/visitors/${welcome.visitorId}/typing`, { body: { typing: true } });
    expect(t.status).toBe(202);
    expect(await t.json()).toEqual({ delivered: true });
    expect(await v.next((f) => f.t === 'agent_typing')).toEqual({ t: 'agent_typing', typing: true });
    const i = await api(`/v1/sites/acme/visitors/${welcome.visitorId}/invitations`, { body: { text: 'Có mã giảm giá!', author: { name: 'Mai' } } });
    expect(i.status).toBe(202);
    const { id } = await i.json();
    expect(await v.next((f) => f.t === 'invitation')).toEqual({ t: 'invitation', id, text: 'Có mã giảm giá!', author: { name: 'Mai' } });
    v.close();
  });

  it('bad bodies → 400 with a code; oversized → 413; unknown routes → 404 JSON', async () => {
    const r1 = await api('/v1/sites/acme/visitors/abcdefgh123/messages', { body: '{not json' });
    expect(r1.status).toBe(400);
    expect((await r1.json()).error.code).toBe('bad_request');
    const r2 = await api('/v1/sites/acme/visitors/abcdefgh123/messages', { body: { text: '' } });
    expect(r2.status).toBe(400);
    const r3 = await api('/v1/sites/acme/visitors/abcdefgh123/messages', { body: { text: 'x'.repeat(70_000) } });
    expect(r3.status).toBe(413);
    const r4 = await api('/v1/sites/acme/visitors/abcdefgh123/messages', { body: { id: 'no good', text: 'hi' } });
    expect(r4.status).toBe(400);
    const r5 = await fetch(`${relay.http}/nope`);
    expect(r5.status).toBe(404);
    expect((await r5.json()).error.code).toBe('not_found');
    const r6 = await api('/v1/sites/ghost/presence', { method: 'PUT', body: { agentsOnline: 1 } });
    expect(r6.status).toBe(404);
  });

  it('PUT presence broadcasts to every visitor of the site and sets the next welcome', async () => {
    const a = await Visitor.join(relay.ws);
    const b = await Visitor.join(relay.ws);
    const res = await api('/v1/sites/acme/presence', { method: 'PUT', body: { agentsOnline: 3 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ agentsOnline: 3, open: true });
    expect(await a.v.next((f) => f.t === 'presence')).toEqual({ t: 'presence', agentsOnline: 3, open: true });
    expect(await b.v.next((f) => f.t === 'presence')).toEqual({ t: 'presence', agentsOnline: 3, open: true });
    const c = await Visitor.join(relay.ws);
    expect(c.welcome.agentsOnline).toBe(3);
    const bad = await api('/v1/sites/acme/presence', { method: 'PUT', body: { agentsOnline: 'many' } });
    expect(bad.status).toBe(400);
    for (const x of [a, b, c]) x.v.close();
  });

  it('widget-config: the public shape, CORS only for allowed origins, no secrets', async () => {
    const res = await fetch(`${relay.http}/v1/sites/acme/widget-config`, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const cfg = await res.json();
    expect(Object.keys(cfg).sort()).toEqual(['agentsOnline', 'attachments', 'faqUrl', 'invitations', 'limits', 'locale', 'offline', 'open', 'privacy', 'rating', 'site', 'theme', 'typingPreview'].sort());
    expect(cfg).toMatchObject({
      site: 'acme',
      locale: 'vi',
      theme: { color: '#ff0066', position: 'left', scheme: 'dark' },
      invitations: [{ id: 'welcome', text: 'Cần giúp không?', conditions: { timeOnPageSec: 5 } }],
      // Relative to the relay (no publicUrl): the widget resolves it against the relay it talks to.
      faqUrl: '/v1/sites/acme/faq',
      typingPreview: { enabled: true, maskEmails: true, sensitivePatterns: [] },
      limits: { maxTextLength: 5000 },
    });
    expect(typeof cfg.agentsOnline).toBe('number');
    expect(cfg.typingPreview.notice.en).toBeTruthy();
    expect(cfg.typingPreview.notice.vi).toBeTruthy();
    expect(cfg.offline.replyTime.vi).toBeTruthy();
    const text = JSON.stringify(cfg);
    for (const secret of [API_SECRET, 'identity-secret', 'whsec_', '/hooks']) expect(text).not.toContain(secret);

    // A forged Host does not decide where widgets fetch their FAQ.
    const forged = await (await fetch(`${relay.http}/v1/sites/acme/widget-config`, { headers: { host: 'evil.example' } })).json();
    expect(forged.faqUrl).toBe('/v1/sites/acme/faq');
    const foreign = await fetch(`${relay.http}/v1/sites/acme/widget-config`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await fetch(`${relay.http}/v1/sites/acme/faq`, { method: 'OPTIONS', headers: { origin: 'https://m.shop.example', 'access-control-request-method': 'GET' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://m.shop.example');
  });

  it('faq serves the inline articles; healthz and metrics answer', async () => {
    const faq = await fetch(`${relay.http}/v1/sites/acme/faq`, { headers: { origin: ORIGIN } });
    expect(await faq.json()).toEqual({ articles: [{ id: 'shipping', question: 'Shipping', answer: 'We ship in 2 days.' }] });
    expect(await (await fetch(`${relay.http}/healthz`)).json()).toEqual({ ok: true, bus: 'memory' });
    const metrics = await (await fetch(`${relay.http}/metrics`)).text();
    expect(metrics).toMatch(/^parley_connections\{site="acme"\} \d+$/m);
    expect(metrics).toMatch(/^parley_bus_up 1$/m);
    expect(metrics).toMatch(/^parley_webhook_seconds_count\{type="[a-z_.]+",outcome="ok"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^process_cpu_seconds_total \S+$/m);
  });
});
