// The bench's Parley: the built relay (dist/relay) with the site's limits raised so one loopback
// address may hold every visitor and send as fast as it can; everything else is the default config.
//   node --expose-gc bench/relay/server-parley.mjs <helpdesk webhook URL>
// PARLEY_BENCH_RELAY=<path to another build's relay/index.js> measures that build instead (before/after).
import { pathToFileURL } from 'node:url';
import { serve } from './ipc.mjs';
import { API_SECRET, ORIGIN, SITE, TOKEN_SECRET, WEBHOOK_SECRET, serverControl } from './shared.mjs';

const other = process.env.PARLEY_BENCH_RELAY;
const { createRelay } = await import(other ? pathToFileURL(other).href : '../../dist/relay/index.js');
const fast = { burst: 100_000, perSecond: 100_000 };
const relay = createRelay({
  secret: TOKEN_SECRET,
  http: { maxConnections: 100_000 },
  sites: [
    {
      id: SITE,
      origins: [ORIGIN],
      apiSecret: API_SECRET,
      webhook: { url: process.argv[2], secret: WEBHOOK_SECRET },
      limits: { messagesPerMinute: 100_000_000, connectionsPerIp: 100_000, rates: { hello: fast, ping: fast } },
    },
  ],
});
const port = await relay.listen(0, '127.0.0.1');
serve({ ...serverControl(process.memoryUsage().rss), port: () => port });
