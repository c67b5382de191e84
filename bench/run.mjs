// Runs every bench/*.bench.ts (or those named on the command line): each is bundled for Node with
// esbuild and run in its own process, so one benchmark's garbage does not skew the next.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const only = process.argv.slice(2);
const files = readdirSync('bench').filter((f) => f.endsWith('.bench.ts') && (!only.length || only.some((o) => f.includes(o))));
let failed = 0;
for (const f of files.sort()) {
  const out = `dist/bench/${f.replace(/\.ts$/, '.mjs')}`;
  await build({ entryPoints: [`bench/${f}`], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  console.log(`\n## ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', out], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
