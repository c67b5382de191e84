// Runs every bench/*.bench.ts (or those named on the command line): each is bundled for Node with
// esbuild and run in its own process, so one benchmark's garbage does not skew the next.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// The examples read their own files next to them (pages, scripts): import them where they are.
const examplesInPlace = {
  name: 'examples-in-place',
  setup(b) {
    b.onResolve({ filter: /\/examples\// }, (args) => ({ path: resolve(args.resolveDir, args.path), external: true }));
  },
};

const only = process.argv.slice(2);
const files = readdirSync('bench').filter((f) => f.endsWith('.bench.ts') && (!only.length || only.some((o) => f.includes(o))));
let failed = 0;
for (const f of files.sort()) {
  const out = `dist/bench/${f.replace(/\.ts$/, '.mjs')}`;
  await build({ entryPoints: [`bench/${f}`], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning', plugins: [examplesInPlace] });
  console.log(`\n## ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', out], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
