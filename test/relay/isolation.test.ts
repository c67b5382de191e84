// One site's visitors flood a slow helpdesk; a visitor of another site sharing that helpdesk still
// gets their message acked at once, and the relay's memory stays bounded.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API_SECRET, ORIGIN, startHelpdesk, startRelay, testConfig, until, Visitor, WEBHOOK_SECRET, type Helpdesk } from './helpers.js';

let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;

beforeAll(async () => {
  // The same helpdesk host serves both sites; it takes 2 s for everything of site "acme".
  helpdesk = await startHelpdesk((w) => (w.body.data.site === 'acme' ? { status: 200, delayMs: 2000 } : { status: 200 }));
  const base = testConfig(helpdesk.url);
  const beta = { id: 'beta', origins: [ORIGIN], apiSecret: API_SECRET, webhook: { url: helpdesk.url, secret: WEBHOOK_SECRET } };
  relay = await startRelay({ ...base, sites: [...base.sites, beta] });
});
afterAll(async () => {
  await relay.relay.close();
  await helpdesk.close();
});

it("20,000 page frames against a 2 s helpdesk: another site's message is acked within 1 s, RSS grows under 50 MiB", { timeout: 60_000 }, async () => {
  const rssBefore = process.memoryUsage().rss;
  const flooders = await Promise.all(Array.from({ length: 50 }, () => Visitor.join(relay.ws)));
  let sent = 0;
  for (let round = 0; round < 400; round++) {
    for (const { v } of flooders) {
      if (v.closed) continue;
      v.send({ t: 'page', url: `https://shop.example/flood/${round}`, title: 'x' });
      sent++;
    }
  }
  const polite = Visitor.connect(relay.ws, { site: 'beta' });
  await polite.opened;
  polite.send({ t: 'hello', page: { url: 'https://shop.example/', title: 'Shop' }, locale: 'vi' });
  await polite.next((f) => f.t === 'welcome');
  const t0 = Date.now();
  polite.send({ t: 'message', id: 'polite_msg_001', text: 'Cho mình hỏi giá' });
  expect(await polite.next((f) => f.id === 'polite_msg_001')).toEqual({ t: 'ack', id: 'polite_msg_001' });
  const ackMs = Date.now() - t0;
  await until(() => flooders.every(({ v }) => v.closed !== null || v.ws.bufferedAmount === 0), 10_000, 'the flood to be sent');
  const grewMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  console.log(`isolation: ${sent} page frames from site acme; site beta message acked in ${ackMs} ms; RSS +${grewMiB.toFixed(1)} MiB`);
  expect(ackMs).toBeLessThan(1000);
  expect(grewMiB).toBeLessThan(50);
  polite.close();
  for (const { v } of flooders) v.close();
});
