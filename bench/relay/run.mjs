// `npm run bench:relay`: Parley side by side with the same routing written on Socket.IO 4 and a bare
// `ws` forwarder (the practical limit). Server, visitors and helpdesk are separate processes on
// loopback; each round starts all three afresh, and the servers' order rotates from round to round.
// Prints idle memory per visitor, acked messages/s and pushes/s with p50/p99, the server's CPU per
// message and per push, start RSS, and the ratios Parley/Socket.IO and Parley/bare ws (medians over
// rounds). The targets are judged on ratios taken within each round, where the three servers run
// back to back, and their median: a shared machine's speed drifts by a third over minutes, and
// medians of each server alone would compare one server's fast minute with another's slow one.
// Bounded in time: it stops by itself.
//
//   node bench/relay/run.mjs [--quick] [--rounds 5] [--visitors 10000] [--seconds 5] [--only parley,ws] [--profile DIR]
import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { client } from './ipc.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const quick = process.argv.includes('--quick');
const rounds = arg('--rounds', quick ? 1 : 5);
const visitors = arg('--visitors', quick ? 300 : 10_000);
const phaseMs = arg('--seconds', quick ? 1 : 5) * 1000;
const active = Math.min(visitors, 100);
const pushConcurrency = 32;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
const KINDS = ['parley', 'socketio', 'ws'].filter((k) => !only || only.includes(k));
// Where each server writes a CPU profile of its measured message and push phases (<kind>-messages.cpuprofile,
// <kind>-pushes.cpuprofile, for Chrome DevTools), if anywhere: connecting 10,000 visitors stays out of them.
const profileDir = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : null;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const NAMES = { parley: 'Parley', socketio: 'Socket.IO 4', ws: 'bare ws' };

// The whole run's bound: a wedged process must not hold a CI machine.
// A round of three servers takes about a minute.
const LIMIT_MS = quick ? 60_000 : Math.max(8, rounds * 2) * 60_000;
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const children = new Set();
const killAll = () => {
  for (const c of children) c.kill('SIGKILL');
};
const limit = setTimeout(() => {
  console.error(`bench:relay: over its ${LIMIT_MS / 1000} s bound; stopping`);
  killAll();
  process.exit(1);
}, LIMIT_MS);
process.on('exit', killAll);

function start(file, args = [], execArgv = []) {
  const child = fork(here(file), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const c = client(child, file);
  return c.ready().then(() => c);
}

/** Lets a process exit on its own, killing it after a second. */
const stop = async (c) => {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  const gone = new Promise((r) => c.child.once('exit', r));
  c.child.disconnect();
  const kill = setTimeout(() => c.child.kill('SIGKILL'), 1000);
  await gone;
  clearTimeout(kill);
};

/** One server kind, fresh processes: memory at `visitors` idle visitors, then messages, then pushes. */
async function measure(kind) {
  const helpdesk = await start('helpdesk.mjs');
  const url = await helpdesk.call('url');
  const server = await start(`server-${kind}.mjs`, [url], ['--expose-gc']);
  const load = await start('load.mjs', [], ['--max-old-space-size=4096']);
  try {
    const base = `http://127.0.0.1:${await server.call('port')}`;
    const startRss = await server.call('startRss');
    const before = await server.call('memory');
    const conn = await load.call('connect', { kind, base, n: visitors });
    if (conn.failed > 0) throw new Error(`${kind}: ${conn.failed} of ${visitors} visitors could not connect`);
    const idle = await server.call('memory');
    const ids = await load.call('ids', { n: active });

    await load.call('messages', { active, durationMs: Math.min(500, phaseMs) }); // warm-up
    if (profileDir) await server.call('profileStart');
    let cpu0 = await server.call('cpu');
    const msg = await load.call('messages', { active, durationMs: phaseMs });
    const msgCpu = (await server.call('cpu')) - cpu0;
    if (profileDir) await server.call('profileStop', { file: path.join(profileDir, `${kind}-messages.cpuprofile`) });

    await helpdesk.call('push', { base, ids, durationMs: Math.min(500, phaseMs), concurrency: pushConcurrency }); // warm-up
    await load.call('pushReset');
    if (profileDir) await server.call('profileStart');
    cpu0 = await server.call('cpu');
    const push = await helpdesk.call('push', { base, ids, durationMs: phaseMs, concurrency: pushConcurrency });
    const pushCpu = (await server.call('cpu')) - cpu0;
    if (profileDir) await server.call('profileStop', { file: path.join(profileDir, `${kind}-pushes.cpuprofile`) });
    // Pushes still in flight to a socket when the helpdesk stopped counting.
    const heard = await load.call('pushStats');
    await load.call('close');
    return {
      startRssMiB: startRss / 2 ** 20,
      idleKBPerVisitor: (idle.rss - before.rss) / visitors / 1024,
      heapKBPerVisitor: (idle.heap - before.heap) / visitors / 1024,
      idleRssMiB: idle.rss / 2 ** 20,
      connectPerSec: (visitors / conn.ms) * 1000,
      msgPerSec: (msg.acked / msg.elapsedMs) * 1000,
      msgP50: msg.p50,
      msgP99: msg.p99,
      msgNacked: msg.nacked,
      cpuPerMsg: msgCpu / msg.acked,
      pushPerSec: (push.done / push.elapsedMs) * 1000,
      pushFailed: push.failed,
      pushHeard: heard.received / Math.max(1, push.done),
      pushP50: heard.p50,
      pushP99: heard.p99,
      cpuPerPush: pushCpu / push.done,
    };
  } finally {
    await Promise.all([stop(load), stop(server), stop(helpdesk)]);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`bench:relay — ${visitors} idle visitors, ${active} of them sending (each waits for its ack), ${pushConcurrency} helpdesk pushes in flight, ${phaseMs / 1000} s per phase, ${rounds} round(s), loopback`);
const results = Object.fromEntries(KINDS.map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  const order = KINDS.map((_, i) => KINDS[(i + r) % KINDS.length]);
  for (const kind of order) {
    const t0 = performance.now();
    const m = await measure(kind);
    results[kind].push(m);
    console.log(`  round ${r + 1} ${NAMES[kind].padEnd(11)} ${(performance.now() - t0) / 1000 | 0} s: ${m.idleKBPerVisitor.toFixed(2)} KB/visitor, ${m.msgPerSec | 0} msg/s, ${m.pushPerSec | 0} push/s, ${m.cpuPerMsg.toFixed(1)} µs/msg, ${m.cpuPerPush.toFixed(1)} µs/push`);
  }
}

const med = Object.fromEntries(KINDS.map((k) => [k, Object.fromEntries(Object.keys(results[k][0]).map((f) => [f, median(results[k].map((m) => m[f]))]))]));
const rows = [
  ['start RSS (MiB)', 'startRssMiB', 1],
  [`RSS at ${visitors} idle visitors (MiB)`, 'idleRssMiB', 1],
  ['idle memory per visitor (KB)', 'idleKBPerVisitor', 2],
  ['  of it live JS heap (KB)', 'heapKBPerVisitor', 2],
  ['visitors connected /s', 'connectPerSec', 0],
  ['acked messages /s', 'msgPerSec', 0],
  ['  send → ack p50 (ms)', 'msgP50', 2],
  ['  send → ack p99 (ms)', 'msgP99', 2],
  ['server CPU per message (µs)', 'cpuPerMsg', 1],
  ['pushes /s', 'pushPerSec', 0],
  ['  API call → visitor p50 (ms)', 'pushP50', 2],
  ['  API call → visitor p99 (ms)', 'pushP99', 2],
  ['server CPU per push (µs)', 'cpuPerPush', 1],
];
const w = Math.max(...rows.map((r) => r[0].length)) + 2;
const col = (s) => String(s).padStart(13);
console.log(`\nmedians of ${rounds} round(s)\n${''.padEnd(w)}${KINDS.map((k) => col(NAMES[k])).join('')}${col('Parley/S.IO')}${col('Parley/ws')}`);
for (const [label, f, digits] of rows) {
  const v = KINDS.map((k) => med[k][f]);
  const ratio = (b) => (b && med.parley ? (med.parley[f] / b).toFixed(2) + '×' : '-');
  console.log(`${label.padEnd(w)}${v.map((x) => col(x.toFixed(digits))).join('')}${col(ratio(med.socketio?.[f]))}${col(ratio(med.ws?.[f]))}`);
}
const p = med.parley;
const all = KINDS.length === 3;
const problems = KINDS.flatMap((k) => results[k].flatMap((m) => [m.msgNacked && `${k}: ${m.msgNacked} messages nacked`, m.pushFailed && `${k}: ${m.pushFailed} pushes failed`, m.pushHeard < 0.99 && `${k}: only ${(m.pushHeard * 100).toFixed(1)}% of pushes reached a visitor`].filter(Boolean)));
/** Parley's figure over another's, round by round (servers run back to back), and their median. */
const paired = (other, f) => {
  const each = results.parley.map((m, r) => m[f] / results[other][r][f]);
  return `${median(each).toFixed(2)}×  (rounds: ${each.map((x) => x.toFixed(2)).join(' ')})`;
};
if (all) console.log(`\ntargets (median of the ratios within each round):
  CPU per push ≤ 1.05× bare ws            ${paired('ws', 'cpuPerPush')}
  acked messages/s ≥ 0.95× bare ws         ${paired('ws', 'msgPerSec')}
  idle memory ≤ 1.05× bare ws              ${paired('ws', 'idleKBPerVisitor')}
  idle memory ≤ 0.5× S.IO                  ${paired('socketio', 'idleKBPerVisitor')}
  start RSS within 5 MiB of bare ws        ${(p.startRssMiB - med.ws.startRssMiB).toFixed(1)} MiB (medians)
  ${visitors} idle visitors under 130 MiB   ${p.idleRssMiB.toFixed(1)} MiB (median)`);
if (problems.length) console.log(`\nproblems:\n  ${problems.join('\n  ')}`);
clearTimeout(limit);
process.exit(problems.length ? 1 : 0);
