// Fuzzing a live relay: a relay process on loopback receives random and mutated frames on many
// sockets and random HTTP requests, bounded in count and time. The relay must never exit, must keep
// answering /healthz, and its memory must settle once the fuzz stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';

export interface FuzzOptions {
  frames: number;
  requests: number;
  /** The fuzz is split into rounds, RSS taken after each: a leak grows round after round. */
  rounds: number;
  sockets: number;
  seed: number;
  /** Upper bound on the whole run. */
  maxMs: number;
  cli: string;
  log: (line: string) => void;
}

export interface FuzzResult {
  framesSent: number;
  requestsSent: number;
  crashes: number;
  healthzOk: boolean;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  rssAfterMiB: number;
  /** RSS after each round. */
  rssRoundsMiB: number[];
  ms: number;
}

export const FUZZ_DEFAULTS: FuzzOptions = { frames: 100_000, requests: 5000, rounds: 4, sockets: 20, seed: 1, maxMs: 120_000, cli: 'dist/relay/cli.js', log: () => {} };

const SECRET = 'fuzz-relay-token-secret-of-32-characters';
const API = 'fuzz-api-secret-of-at-least-32-characters';
const WEBHOOK_SECRET = 'whsec_' + Buffer.from('a fuzz webhook key of 32 bytes!!').toString('base64');

/** A small deterministic generator, so a failing run can be replayed with its seed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

const TYPES = ['hello', 'identify', 'message', 'typing', 'page', 'offline_message', 'invitation', 'faq', 'ping', 'nope', '', 42, null];
const WEIRD = [null, true, 0, -1, 1e308, NaN, '', 'x'.repeat(70_000), '\u0000', '\uD800', '💬'.repeat(3000), [], {}, [[[[[]]]]], { __proto__: { t: 'ping' } }, '4111 1111 1111 1111', 'a@'.repeat(3000)];

function frame(r: ReturnType<typeof rng>): string | Buffer {
  const kind = r.int(10);
  if (kind === 0) return Buffer.from(Array.from({ length: r.int(64) }, () => r.int(256))); // binary, invalid UTF-8
  if (kind === 1) return '{"t":"message","id":"' + 'a'.repeat(r.int(100)) + '",'; // truncated JSON
  if (kind === 2) return JSON.stringify(r.pick(WEIRD));
  const valid: Record<string, unknown> = {
    t: r.pick(TYPES),
    id: r.pick(['abcdefgh12345', 'short', 'x'.repeat(65), 'fuzz_' + r.int(1e9)]),
    text: r.pick(['hi', '', '  ', 'Tôi muốn đổi size', 'x'.repeat(r.int(6000)), ...WEIRD]),
    url: r.pick(['https://shop.example/a?token=1#x', 'javascript:alert(1)', '', 'x'.repeat(3000), 7]),
    page: r.pick([{ url: 'https://shop.example/' }, null, 'x', { url: 1 }]),
    user: r.pick([{ userId: 'u1', userHash: 'ff' }, { name: 'x'.repeat(300) }, 5]),
    action: r.pick(['shown', 'accepted', 'dismissed', 'viewed', 'helpful', 'x']),
    articleId: r.pick(['ship', '', 'x'.repeat(200)]),
    email: r.pick(['a@b.co', 'nope', '']),
    name: r.pick(['Lan', '', 5]),
    visitorId: r.pick(['abcdefgh12345', '../../etc', undefined]),
    token: r.pick(['x.y', '', undefined]),
  };
  // Drop some fields, so every required field is sometimes missing.
  for (const k of Object.keys(valid)) if (r.int(3) === 0) delete valid[k];
  return JSON.stringify(valid);
}

function request(r: ReturnType<typeof rng>, port: number): Promise<void> {
  const paths = ['/', '/healthz', '/metrics', '/parley.js', '/v1/sites/fuzz/widget-config', '/v1/sites/fuzz/faq', '/v1/sites/fuzz/presence', `/v1/sites/fuzz/visitors/${r.pick(['abcdefgh12345', 'x', '%ZZ', '..'])}/${r.pick(['messages', 'typing', 'invitations', 'read', 'x'])}`, '/v1/sites/%E0%A4%A/x', '/' + 'a'.repeat(r.int(9000))];
  const body = r.pick([JSON.stringify({ text: 'hi', author: { name: 'A' } }), JSON.stringify({ agentsOnline: r.pick([1, -1, 'x', 1e9]) }), '{', 'x'.repeat(r.int(100_000)), '', JSON.stringify(r.pick(WEIRD))]);
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: r.pick(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']), path: r.pick(paths), headers: { authorization: r.pick([`Bearer ${API}`, 'Bearer x', '', 'Basic Zm9v']), 'content-type': 'application/json', origin: r.pick(['https://shop.example', 'null', 'https://evil.example']) } },
      (res) => {
        res.resume();
        res.on('end', resolve);
        res.on('error', () => resolve());
      },
    );
    req.on('error', () => resolve());
    req.setTimeout(5000, () => req.destroy());
    req.end(body);
  });
}

async function rssMiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function healthz(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
}

/** Runs one bounded fuzz against a fresh relay process. */
export async function runFuzz(options: Partial<FuzzOptions> = {}): Promise<FuzzResult> {
  const o = { ...FUZZ_DEFAULTS, ...options };
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'parley-fuzz-'));
  // A helpdesk that answers everything at once, so the fuzz measures the relay.
  const helpdesk = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((r) => helpdesk.listen(0, '127.0.0.1', r));
  const hookPort = (helpdesk.address() as { port: number }).port;
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      secret: SECRET,
      host: '127.0.0.1',
      sites: [
        {
          id: 'fuzz',
          origins: ['https://shop.example'],
          apiSecret: API,
          webhook: { url: `http://127.0.0.1:${hookPort}/hooks`, secret: WEBHOOK_SECRET },
          typingPreview: { enabled: true, maskEmails: true },
          identity: { secret: 'fuzz-identity-secret' },
          limits: { connectionsPerIp: 1000, addressRateFactor: 1000 },
        },
      ],
    }),
  );
  let crashes = 0;
  const relay: ChildProcess = spawn(process.execPath, [o.cli, '--config', file], { env: { PATH: process.env.PATH ?? '', PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  relay.stderr!.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    relay.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    relay.once('exit', (code) => reject(new Error(`relay exited ${code}: ${stderr}`)));
  });
  let stopping = false;
  relay.on('exit', (code, signal) => {
    if (stopping) return;
    crashes++;
    o.log(`relay exited (${code ?? signal}): ${stderr.slice(-2000)}`);
  });
  const r = rng(o.seed);
  const rssBefore = await rssMiB(relay.pid!);
  let rssPeak = rssBefore;
  let framesSent = 0;
  let requestsSent = 0;
  const deadline = t0 + o.maxMs;

  let frameQuota = 0;
  let requestQuota = 0;
  const socketLoop = async () => {
    while (framesSent < frameQuota && Date.now() < deadline && crashes === 0) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/ws?site=${r.pick(['fuzz', 'fuzz', 'fuzz', 'nope'])}`, { origin: r.pick(['https://shop.example', 'https://shop.example', 'https://evil.example']) });
      ws.on('error', () => {});
      const opened = await new Promise<boolean>((res) => {
        ws.once('open', () => res(true));
        ws.once('close', () => res(false));
        ws.once('unexpected-response', () => res(false));
      });
      if (!opened) continue;
      if (r.int(2)) ws.send(JSON.stringify({ t: 'hello', page: { url: 'https://shop.example/?token=x#y' }, locale: 'vi' }));
      const burst = 200 + r.int(800);
      for (let i = 0; i < burst && framesSent < frameQuota && ws.readyState === ws.OPEN; i++) {
        ws.send(frame(r));
        framesSent++;
        if (ws.bufferedAmount > 1 << 20) await new Promise((res) => setTimeout(res, 5));
      }
      await new Promise((res) => setTimeout(res, 10));
      ws.terminate();
    }
  };
  const httpLoop = async () => {
    while (requestsSent < requestQuota && Date.now() < deadline && crashes === 0) {
      await request(r, port);
      requestsSent++;
    }
  };
  const sampler = setInterval(async () => (rssPeak = Math.max(rssPeak, await rssMiB(relay.pid!))), 200);
  const rssRounds: number[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    frameQuota = Math.round((o.frames * round) / o.rounds);
    requestQuota = Math.round((o.requests * round) / o.rounds);
    await Promise.all([...Array.from({ length: o.sockets }, socketLoop), httpLoop(), httpLoop()]);
    rssRounds.push(await rssMiB(relay.pid!));
    o.log(`round ${round}: ${framesSent} frames, ${requestsSent} requests, relay RSS ${rssRounds.at(-1)!.toFixed(1)} MiB`);
  }
  clearInterval(sampler);
  // Settling: sockets are gone, buckets and previews drain; give it a moment, then measure.
  let healthzOk = false;
  for (let i = 0; i < 20 && !healthzOk; i++) healthzOk = crashes === 0 && (await healthz(port));
  await new Promise((res) => setTimeout(res, 1000));
  const rssAfter = await rssMiB(relay.pid!);
  stopping = true;
  relay.kill('SIGTERM');
  await new Promise((res) => (relay.exitCode !== null ? res(null) : relay.once('exit', res)));
  await new Promise<void>((res) => helpdesk.close(() => res()));
  rmSync(dir, { recursive: true, force: true });
  return { framesSent, requestsSent, crashes, healthzOk, rssBeforeMiB: rssBefore, rssPeakMiB: rssPeak, rssAfterMiB: rssAfter, rssRoundsMiB: rssRounds, ms: Date.now() - t0 };
}

/** The result as lines a person reads. */
export function formatFuzz(f: FuzzResult): string {
  return [
    `frames sent      ${f.framesSent}`,
    `HTTP requests    ${f.requestsSent}`,
    `crashes          ${f.crashes}`,
    `/healthz after   ${f.healthzOk ? 'ok' : 'FAILING'}`,
    `relay RSS        ${f.rssBeforeMiB.toFixed(1)} MiB before, ${f.rssPeakMiB.toFixed(1)} peak, ${f.rssAfterMiB.toFixed(1)} after`,
    `RSS per round    ${f.rssRoundsMiB.map((m) => m.toFixed(1)).join(' -> ')} MiB`,
    `time             ${(f.ms / 1000).toFixed(1)} s`,
  ].join('\n');
}
