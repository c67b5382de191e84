// An attacker opens hundreds of requests and never finishes their headers, against a relay process
// that has 256 file descriptors: the relay cuts them at headersTimeout, destroys their sockets, and
// /healthz keeps answering.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WEBHOOK_SECRET } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-slowloris-'));
let relay: ChildProcess;
let port = 0;

beforeAll(async () => {
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      secret: 'a relay token secret for the slowloris story',
      host: '127.0.0.1',
      http: { headersTimeoutMs: 1500, requestTimeoutMs: 3000 },
      sites: [{ id: 'acme', origins: ['https://shop.example'], apiSecret: 'an-api-secret-of-at-least-32-characters', webhook: { url: 'http://127.0.0.1:9/hooks', secret: WEBHOOK_SECRET } }],
    }),
  );
  // The shell lowers the descriptor limit before the relay starts, as a small container would.
  relay = spawn('sh', ['-c', `ulimit -n 256 && exec "${process.execPath}" dist/relay/cli.js --config "${file}"`], { env: { PATH: process.env.PATH ?? '', PORT: '0' } });
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    relay.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    relay.once('exit', (code) => reject(new Error(`relay exited ${code}`)));
  });
});
afterAll(() => {
  relay?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function healthz(): Promise<number> {
  return fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.status,
    () => 0,
  );
}

it('300 half-open requests: released within the headers timeout, and /healthz answers again within seconds', { timeout: 60_000 }, async () => {
  // Answering before the attack (a just-started relay on a loaded machine may need a few tries).
  let before = 0;
  for (const end = Date.now() + 15_000; before !== 200 && Date.now() < end; ) before = await healthz();
  expect(before).toBe(200);
  const sockets: net.Socket[] = [];
  let closedByRelay = 0;
  for (let i = 0; i < 300; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => {});
    s.on('close', () => closedByRelay++);
    s.resume();
    // Headers that never end: one line, then silence.
    s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    sockets.push(s);
  }
  const started = Date.now();
  // Every half-open socket is cut by the relay itself, well within 30 s.
  while (closedByRelay < 300 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 100));
  const releasedMs = Date.now() - started;
  expect(closedByRelay).toBe(300);
  let status = 0;
  while (status !== 200 && Date.now() - started < 30_000) status = await healthz();
  expect(status).toBe(200);
  console.log(`slowloris: 300 half-open requests released after ${releasedMs} ms; /healthz 200 after ${Date.now() - started} ms`);
  for (const s of sockets) s.destroy();
});
