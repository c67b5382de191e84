// Catch-up without relay state: agent replies written while the relay was down reach the widget on
// reconnect through the example console's answer to visitor.connected (after `since` = the widget's
// hello.lastMessageId), and anything delivered twice shows once.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRelay, type Relay } from '../../relay/index.js';
import { Client } from '../../widget/core/client.js';
import type { SocketConstructor } from '../../widget/core/reconnect.js';
import { startConsole } from '../../examples/agent-console/server.mjs';
import { API_SECRET, ORIGIN, WEBHOOK_SECRET, testConfig } from '../relay/helpers.js';
import { until } from '../widget/helpers/fake-relay.js';

class SiteSocket extends WebSocket {
  constructor(url: string) {
    super(url, { origin: ORIGIN });
  }
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('catch-up after a relay restart', () => {
  it('since = lastMessageId, the console answers with later agent messages, the widget shows each once', async () => {
    const console_ = await startConsole({ site: 'acme', apiSecret: API_SECRET, webhookSecret: WEBHOOK_SECRET });
    cleanup.push(() => console_.close());
    const config = testConfig(`${console_.url}/webhooks`);
    let relay: Relay = createRelay(config);
    const port = await relay.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    console_.setRelayUrl(base);
    cleanup.push(() => relay.close());

    const client = new Client({
      relay: base,
      site: 'acme',
      WebSocket: SiteSocket as unknown as SocketConstructor,
      storage: 'memory',
      fetchConfig: false,
      socket: { minDelay: 50, maxDelay: 300 },
    });
    cleanup.push(() => client.destroy());
    const shown = new Map<string, number>();
    client.conv.on('message', (m) => shown.set(m.id, (shown.get(m.id) ?? 0) + 1));
    const byText = (t: string) => client.conv.messages.find((m) => m.text === t);
    const reply = (text: string) =>
      console_.api('/api/reply', { visitorId: client.conv.visitorId, text });

    await until(() => client.conv.connection === 'online' && client.conv.visitorId);
    const visitorId = client.conv.visitorId;
    client.send('Is the blue one in stock?');
    await until(() => byText('Is the blue one in stock?')?.status === 'sent');
    await reply('Let me check.');
    const a1 = await until(() => byText('Let me check.'));

    // The relay goes away; the agent keeps answering into the console, which keeps the messages.
    await relay.close();
    await until(() => client.conv.connection !== 'online');
    await expect(reply('Yes, two left.')).rejects.toMatchObject({ status: 502, code: 'network_error' });
    await expect(reply('Shall I reserve one?')).rejects.toMatchObject({ status: 502, code: 'network_error' });

    relay = createRelay(config);
    await relay.listen(port, '127.0.0.1');
    await until(() => byText('Shall I reserve one?'), 8000);

    // The same visitor (token verified by the same secret) asked for what came after its newest message.
    expect(client.conv.visitorId).toBe(visitorId);
    const connected = console_.received.filter((w: { type: string }) => w.type === 'visitor.connected');
    expect(connected).toHaveLength(2);
    expect(connected[0].data.since).toBeUndefined();
    expect(connected[1].data.since).toBe(a1.id);
    expect(client.conv.messages.map((m) => m.text)).toEqual(['Is the blue one in stock?', 'Let me check.', 'Yes, two left.', 'Shall I reserve one?']);

    // A helpdesk that hands a message back twice (catch-up and a live push with the same id): shown once.
    const two = byText('Yes, two left.')!;
    const api = await fetch(`${base}/v1/sites/acme/visitors/${visitorId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: two.id, text: two.text, author: { name: 'Agent' } }),
    });
    expect(await api.json()).toMatchObject({ id: two.id, delivered: true });
    // A later reply on the same socket: once it shows, the second copy before it has been handled.
    await reply('Done, it is yours.');
    await until(() => byText('Done, it is yours.'));
    expect(client.conv.messages.filter((m) => m.id === two.id)).toHaveLength(1);
    expect([...shown.values()].every((n) => n === 1)).toBe(true);
    expect(shown.size).toBe(5); // the four above and the later reply
  }, 20_000);
});
