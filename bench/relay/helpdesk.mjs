// The helpdesk's process: answers every webhook 200 at once, and pushes agent messages to visitors
// through the server's API as fast as `concurrency` requests in flight allow.
import http from 'node:http';
import { serve } from './ipc.mjs';
import { API_SECRET, SITE } from './shared.mjs';

const received = new Map();
const server = http.createServer((req, res) => {
  let size = 0;
  req.on('data', (c) => (size += c.length));
  req.on('end', () => {
    received.set(req.url, (received.get(req.url) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));

/** One POST; resolves to the status. */
function post(agent, url, body) {
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

serve({
  url: () => `http://127.0.0.1:${server.address().port}/hooks`,
  webhooks: () => [...received.values()].reduce((a, b) => a + b, 0),

  async push({ base, ids, durationMs, concurrency }) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    let done = 0;
    let failed = 0;
    let next = 0;
    const t0 = performance.now();
    const until = t0 + durationMs;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const id = ids[next++ % ids.length];
          const status = await post(agent, `${base}/v1/sites/${SITE}/visitors/${id}/messages`, JSON.stringify({ text: String(process.hrtime.bigint()), author: { name: 'Mai' } }));
          if (status === 202) done++;
          else failed++;
        }
      }),
    );
    const elapsedMs = performance.now() - t0;
    agent.destroy();
    return { done, failed, elapsedMs };
  },
});
