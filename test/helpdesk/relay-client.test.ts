// A helpdesk answers visitors through parley-chat/helpdesk's client against a real relay: each call
// reaches the visitor's widget and comes back typed; what goes wrong comes back as a value with the
// API's code, or a code of its own when no answer came (relay down, too slow, not a relay).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayClient, HelpdeskOptionError, type RelayClient } from '../../helpdesk/index.js';
import { apiRoutes } from '../../protocol/routes.js';
import { API_SECRET, startHelpdesk, startRelay, testConfig, Visitor, type Helpdesk } from '../relay/helpers.js';

let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;
let client: RelayClient;
beforeAll(async () => {
  helpdesk = await startHelpdesk();
  relay = await startRelay(
    testConfig(helpdesk.url, {
      agentsOnline: 0,
      rating: { enabled: true },
      faq: [{ id: 'shipping', question: 'Shipping', answer: 'We ship in 2 days.' }],
    }),
  );
  client = createRelayClient({ relay: relay.http, site: 'acme', apiSecret: API_SECRET });
});
afterAll(async () => {
  await relay?.relay.close();
  await helpdesk?.close();
});

/** A server on loopback that answers every request with `answer` (or never, when it returns undefined). */
async function fakeRelay(answer: (res: http.ServerResponse) => void) {
  const server = http.createServer((_req, res) => answer(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

describe('each call round-trips through a real relay to the visitor', () => {
  it('has one method per call of the API, typed from its definition', () => {
    expect(Object.keys(client).sort()).toEqual(Object.keys(apiRoutes).sort());
    // Never run: the typecheck (part of npm test) fails if these calls compile.
    const wrongCalls = () => {
      // @ts-expect-error the visitor id is missing
      void client.sendMessage({ text: 'hi' });
      // @ts-expect-error agentsOnline is a number
      void client.setPresence({ agentsOnline: 'two' });
    };
    expect(wrongCalls).toBeTypeOf('function');
  });

  it('an agent answers, types, invites, resolves and comes online; the visitor sees each', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const id = welcome.visitorId as string;

    const typing = await client.setTyping(id, { typing: true });
    expect(typing).toEqual({ ok: true, status: 202, value: { delivered: true } });
    await v.next((f) => f.t === 'agent_typing' && f.typing === true);

    const sent = await client.sendMessage(id, { text: 'Chào bạn, mình có thể giúp gì?', author: { name: 'Mai' } });
    expect(sent.ok && sent.value.delivered).toBe(true);
    const messageId = sent.ok ? sent.value.id : '';
    expect(await v.next((f) => f.t === 'message' && f.id === messageId)).toMatchObject({ from: 'agent', text: 'Chào bạn, mình có thể giúp gì?', author: { name: 'Mai' } });

    const invited = await client.invite(id, { text: 'Có mã giảm giá cho bạn' });
    expect(invited.ok).toBe(true);
    await v.next((f) => f.t === 'invitation' && invited.ok && f.id === invited.value.id);

    const resolved = await client.resolve(id, { conversationId: 'conv_abcdefgh' });
    expect(resolved.ok && resolved.value.delivered).toBe(true);
    expect(await v.next((f) => f.t === 'resolved')).toMatchObject({ conversationId: 'conv_abcdefgh', askRating: true });

    const presence = await client.setPresence({ agentsOnline: 2 });
    expect(presence).toEqual({ ok: true, status: 200, value: { agentsOnline: 2, open: true } });
    await v.next((f) => f.t === 'presence' && f.agentsOnline === 2);
    v.close();
  });

  it('a message to a visitor with no socket open says delivered: false, to hand back at visitor.connected', async () => {
    const r = await client.sendMessage('nobody_home_123', { id: 'kept_msg_00001', text: 'Bạn còn đó không?' });
    expect(r).toEqual({ ok: true, status: 202, value: { id: 'kept_msg_00001', delivered: false } });
  });

  it('reads the public documents: the widget config and the FAQ', async () => {
    const config = await client.widgetConfig();
    expect(config.ok && config.value).toMatchObject({ site: 'acme', agentsOnline: 2 });
    const faq = await client.faq();
    expect(faq.ok && faq.value.articles.map((a) => a.id)).toEqual(['shipping']);
  });
});

describe('what goes wrong comes back as a value', () => {
  it("with the API's code and status: a wrong secret, a bad body, an unknown site", async () => {
    const wrong = createRelayClient({ relay: relay.http, site: 'acme', apiSecret: 'not-the-secret-but-long-enough-123' });
    expect(await wrong.setTyping('visitor_abcdefgh', { typing: false })).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'missing or wrong API secret', status: 401 },
    });
    const bad = await client.sendMessage('visitor_abcdefgh', { text: '   ' });
    expect(bad.ok === false && bad.error).toMatchObject({ code: 'bad_request', status: 400, message: expect.stringContaining('text') });
    const elsewhere = createRelayClient({ relay: relay.http, site: 'nowhere', apiSecret: API_SECRET });
    const r = await elsewhere.setPresence({ agentsOnline: 1 });
    expect(r.ok === false && r.error.code).toBe('site_unknown');
  });

  it('network_error when nothing listens, timeout when the answer is too slow, bad_answer when it is not the API', async () => {
    const gone = await fakeRelay(() => {});
    const url = gone.url;
    await gone.close();
    const down = await createRelayClient({ relay: url, site: 'acme', apiSecret: API_SECRET }).setPresence({ agentsOnline: 1 });
    expect(down.ok === false && down.error).toMatchObject({ code: 'network_error', message: expect.stringContaining('ECONNREFUSED') });

    const silent = await fakeRelay(() => {});
    const slow = await createRelayClient({ relay: silent.url, site: 'acme', apiSecret: API_SECRET, timeoutMs: 200 }).setPresence({ agentsOnline: 1 });
    expect(slow.ok === false && slow.error.code).toBe('timeout');
    await silent.close();

    const proxy = await fakeRelay((res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'));
    const html = await createRelayClient({ relay: proxy.url, site: 'acme', apiSecret: API_SECRET }).setPresence({ agentsOnline: 1 });
    expect(html.ok === false && html.error).toMatchObject({ code: 'bad_answer', status: 502 });
    await proxy.close();

    const odd = await fakeRelay((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"agentsOnline":"many"}'));
    const shape = await createRelayClient({ relay: odd.url, site: 'acme', apiSecret: API_SECRET }).setPresence({ agentsOnline: 1 });
    expect(shape.ok === false && shape.error).toMatchObject({ code: 'bad_answer', message: expect.stringContaining('agentsOnline') });
    await odd.close();
  });

  it('a bad or misspelt option throws at creation, naming it', () => {
    const named = (o: Record<string, unknown>) => {
      try {
        createRelayClient({ relay: relay.http, site: 'acme', apiSecret: API_SECRET, ...o });
      } catch (e) {
        return e instanceof HelpdeskOptionError ? e.option : 'not a HelpdeskOptionError';
      }
      return 'no throw';
    };
    expect(named({ relay: 'chat.example.com' })).toBe('relay');
    expect(named({ apiSecret: '' })).toBe('apiSecret');
    expect(named({ timeoutMs: -1 })).toBe('timeoutMs');
    expect(named({ timeout: 5000 })).toBe('timeout');
    expect(named({})).toBe('no throw');
  });
});
