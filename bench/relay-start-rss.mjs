// RSS of a relay right after it starts listening, without redisUrl (the demo's config on a free port),
// from the built dist/relay/index.js (`node esbuild.config.mjs` first). Each run is a fresh process;
// prints every run, the median, and whether any Redis client module was loaded.
//
//   node bench/relay-start-rss.mjs [--runs 7] [--preload <module>]
//
// --preload imports a module before the relay starts, e.g. `--preload @redis/client` to see what a
// relay that loaded the client eagerly would weigh.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.env.RELAY_RSS_CHILD) {
  if (process.env.RELAY_RSS_PRELOAD) await import(process.env.RELAY_RSS_PRELOAD);
  const { createRelay } = await import(pathToFileURL(`${root}dist/relay/index.js`).href);
  const config = JSON.parse(readFileSync(`${root}examples/parley.config.json`, 'utf8'));
  const relay = createRelay({ ...config, port: 0 });
  await relay.listen(0, '127.0.0.1');
  const rss = process.memoryUsage().rss;
  // The client is CommonJS, so an import of it from ESM lands in the CommonJS module cache too.
  const redis = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes('@redis') || /[\\/]node_modules[\\/]redis[\\/]/.test(p));
  await relay.close();
  process.stdout.write(JSON.stringify({ rss, redisModules: redis.length }) + '\n');
  process.exit(0);
}

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('--runs', '7'));
const preload = arg('--preload', '');
const mib = (b) => (b / 1048576).toFixed(1);

const results = [];
for (let i = 0; i < runs; i++) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
    cwd: root,
    env: { ...process.env, RELAY_RSS_CHILD: '1', RELAY_RSS_PRELOAD: preload },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  results.push(JSON.parse(r.stdout.trim().split('\n').pop()));
}
const sorted = results.map((r) => r.rss).sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
console.log(`relay start RSS${preload ? ` (preloading ${preload})` : ''}: ${results.map((r) => mib(r.rss)).join(', ')} MiB`);
console.log(`median ${mib(median)} MiB over ${runs} runs; Redis client modules loaded: ${Math.max(...results.map((r) => r.redisModules))}`);
