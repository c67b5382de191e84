// 1,000 visitors type at 10 keystrokes/s for a few seconds against a relay in its own process. Prints
// the helpdesk's visitor.typing webhook calls per second against one call per keystroke, and the
// relay's CPU share. The widget's own throttle (TypingPreview) runs in each simulated visitor.
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { TypingPreview } from '../widget/typing/preview.js';

const VISITORS = Number(process.env.BENCH_VISITORS ?? 1000);
const KEYS_PER_SEC = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ORIGIN = 'http://127.0.0.1:9';
// A real helpdesk answers after a database write and a network hop; 25 ms is a fast one. With an
// instant receiver the ratio sits at the ceiling a 500 ms interval sets at 10 keystrokes/s: 5×.
const HELPDESK_MS = Number(process.env.BENCH_HELPDESK_MS ?? 25);

let typingCalls = 0;
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (body.includes('"visitor.typing"')) typingCalls++;
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), HELPDESK_MS);
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const hookPort = (receiver.address() as { port: number }).port;

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
const configFile = join(dir, 'parley.config.json');
writeFileSync(configFile, JSON.stringify({
  port: 0,
  secret: 'bench-secret-bench-secret-bench-secret',
  sites: [{
    id: 'bench',
    origins: [ORIGIN],
    apiSecret: 'bench-api-secret-of-at-least-32-characters',
    webhook: { url: `http://127.0.0.1:${hookPort}/hook`, secret: 'whsec_' + Buffer.from('bench-webhook-secret-0123456789').toString('base64') },
    typingPreview: { enabled: true, intervalMs: 500 },
    limits: { connectionsPerIp: VISITORS * 2, messagesPerMinute: 600 },
  }],
}));

const relay = spawn(process.execPath, ['dist/relay/cli.js', '--config', configFile], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PORT: '0' } });
const relayUrl: string = await new Promise((resolve, reject) => {
  let out = '';
  relay.stdout!.on('data', (c) => {
    out += c;
    const m = out.match(/http:\/\/[\d.:[\]a-z]+:\d+/);
    if (m) resolve(m[0]);
  });
  relay.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${out}`)));
});

/** CPU seconds the relay process has used so far (user + system), from /proc. */
function relayCpu(): number {
  const f = readFileSync(`/proc/${relay.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

const wsUrl = relayUrl.replace(/^http/, 'ws') + '/v1/ws?site=bench';
const sockets: WebSocket[] = [];
for (let i = 0; i < VISITORS; i++) {
  const ws = new WebSocket(wsUrl, { origin: ORIGIN });
  sockets.push(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ t: 'hello', page: { url: `${ORIGIN}/p/${i}` }, locale: 'vi' })));
    ws.on('message', (d) => { if (String(d).includes('"welcome"')) resolve(); });
  });
}

const sentence = 'Cho mình hỏi đơn hàng của mình bao giờ thì giao tới Hà Nội vậy shop ơi ';
let framesSent = 0;
const previews = sockets.map((ws) => new TypingPreview({ send: (text) => { framesSent++; ws.send(JSON.stringify({ t: 'typing', text })); } }));
typingCalls = 0;
const cpu0 = relayCpu();
const t0 = performance.now();
let keystrokes = 0;
await new Promise<void>((done) => {
  let tick = 0;
  const drafts = sockets.map(() => '');
  const timer = setInterval(() => {
    // Each visitor gets one keystroke per tick; ticks are spread so visitors do not type in lockstep.
    for (let i = 0; i < VISITORS; i++) {
      const d = drafts[i]!;
      drafts[i] = d.length >= sentence.length ? '' : sentence.slice(0, d.length + 1);
      previews[i]!.update(drafts[i] || 'x');
      keystrokes++;
    }
    if (++tick >= SECONDS * KEYS_PER_SEC) { clearInterval(timer); done(); }
  }, 1000 / KEYS_PER_SEC);
});
await new Promise((r) => setTimeout(r, 1000));
const elapsed = (performance.now() - t0) / 1000;
const cpu = relayCpu() - cpu0;

console.log(`visitors: ${VISITORS}, ${KEYS_PER_SEC} keystrokes/s each, ${SECONDS} s, helpdesk answers in ${HELPDESK_MS} ms, relay interval 500 ms`);
console.log(`keystrokes: ${keystrokes} (${(keystrokes / SECONDS).toFixed(0)}/s) — one webhook per keystroke would be ${(keystrokes / SECONDS).toFixed(0)} calls/s`);
console.log(`typing frames from widgets: ${framesSent} (${(framesSent / SECONDS).toFixed(0)}/s, widget throttle 250 ms)`);
console.log(`visitor.typing webhooks: ${typingCalls} (${(typingCalls / elapsed).toFixed(0)}/s) → ${(keystrokes / Math.max(1, typingCalls)).toFixed(1)}× fewer calls than one per keystroke`);
console.log(`relay CPU: ${cpu.toFixed(2)} s over ${elapsed.toFixed(1)} s wall = ${((cpu / elapsed) * 100).toFixed(0)}% of one core`);

for (const ws of sockets) ws.terminate();
relay.kill('SIGTERM');
receiver.close();
rmSync(dir, { recursive: true, force: true });
if (keystrokes / Math.max(1, typingCalls) < 5) { console.log('FAIL: fewer than 5× fewer calls'); process.exit(1); }
process.exit(0);
