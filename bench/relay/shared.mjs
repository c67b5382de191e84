// What every side of the bench agrees on: the site, its secrets, the origin visitors come from, and
// the webhook a forwarder sends (Standard Webhooks headers, as Parley signs them), and the helpdesk's
// push call as the comparison servers answer it.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';

export const SITE = 'bench';
export const ORIGIN = 'http://bench.example';
export const API_SECRET = 'bench-api-secret-of-at-least-32-characters';
export const WEBHOOK_SECRET = 'whsec_' + Buffer.from('bench webhook key of 32 bytes!!!').toString('base64');
export const TOKEN_SECRET = 'bench-token-secret-of-at-least-32-characters';

/**
 * What a team writes to forward an event to its helpdesk: one keep-alive agent (16 sockets, as Parley's
 * default per site), a JSON POST signed with the webhook key decoded once; resolves to the status.
 */
export function webhookPoster(url) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const key = Buffer.from(WEBHOOK_SECRET.slice(6), 'base64');
  let n = 0;
  return (type, data) =>
    new Promise((resolve) => {
      const id = `evt_${process.pid}_${n++}`;
      const timestamp = Math.floor(Date.now() / 1000);
      const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
      const signature = 'v1,' + createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
      const req = http.request(url, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    });
}

/** p-th percentile (0-100) of numbers, by nearest rank. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * What each server process answers the orchestrator: its CPU time so far (µs), its RSS after a full
 * GC, and a CPU profile of one phase (started and stopped around it, written as a .cpuprofile).
 */
export function serverControl(startRss) {
  let session = null;
  return {
    profileStart: async () => {
      // Loaded only when profiling: the start RSS the bench reports is measured without it.
      const { Session } = await import('node:inspector/promises');
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    },
    profileStop: async ({ file }) => {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = null;
      await writeFile(file, JSON.stringify(profile));
    },
    startRss: () => startRss,
    cpu: () => {
      const c = process.cpuUsage();
      return c.user + c.system;
    },
    memory: () => {
      // Twice: the first collection's finalizers free more for the second.
      globalThis.gc?.();
      globalThis.gc?.();
      const m = process.memoryUsage();
      return { rss: m.rss, heap: m.heapUsed + m.external };
    },
  };
}

const PUSH = /^\/v1\/sites\/([^/]+)\/visitors\/([^/]+)\/messages$/;
const secretDigest = createHash('sha256').update(API_SECRET).digest();

/**
 * The helpdesk's push call as the comparison servers answer it: POST .../visitors/:id/messages with the
 * Bearer secret (compared by digest, in constant time), else 404; `push(visitorId, message)` delivers the
 * message and says whether any socket had it; the answer is 202 {id, delivered}.
 */
export function pushHandler(push) {
  return (req, res) => {
    const m = req.method === 'POST' && PUSH.exec(req.url);
    const auth = req.headers.authorization ?? '';
    if (!m || m[1] !== SITE || !timingSafeEqual(createHash('sha256').update(auth.slice(7)).digest(), secretDigest)) return res.writeHead(404).end();
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const { text } = JSON.parse(Buffer.concat(chunks).toString());
      const id = randomBytes(12).toString('base64url');
      const delivered = push(m[2], { id, from: 'agent', text, at: new Date().toISOString() });
      const body = JSON.stringify({ id, delivered });
      res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
  };
}

