// Builds the script-tag bundle (dist/parley.js) and its lazy chunks, the ESM entry points and the
// relay, then prints a size report for the script-tag files against their budgets in package.json.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { BROWSER_TARGETS } from './browser-targets.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];

const chunks = ['core', 'faq', 'invitations', 'ui', 'uploads'];

const browser = {
  bundle: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  target: BROWSER_TARGETS,
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  // One file for the script tag: everything inlined, one IIFE, minified.
  build({ ...browser, entryPoints: ['widget/embed.ts'], outfile: 'dist/parley.js', format: 'iife', minify: true, platform: 'browser' }),
  // Chunks the script tag loads from beside parley.js on first use. Preact is in the UI chunk alone:
  // two copies of its hooks state would break the UI.
  ...chunks.map((name) =>
    build({ ...browser, entryPoints: [`widget/chunks/${name}.ts`], outfile: `dist/parley-${name}.js`, format: 'iife', minify: true, platform: 'browser' }),
  ),
  // ESM for bundler users: dependencies stay imports so their bundler dedupes preact.
  build({ ...browser, entryPoints: ['widget/index.ts'], outfile: 'dist/widget/index.js', format: 'esm', platform: 'browser', external }),
  build({
    entryPoints: ['relay/index.ts', 'relay/cli.ts'],
    outdir: 'dist/relay',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    logLevel: 'warning',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);

/** Raw, gzip and brotli bytes of a built file. */
export function sizes(file) {
  const buf = readFileSync(file);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

let over = false;
for (const [file, budget] of Object.entries(pkg.sizeBudgets ?? {})) {
  const s = sizes(file);
  const ok = s.gzip <= budget.gzip;
  over ||= !ok;
  console.log(`${file}: ${s.raw} B raw, ${s.gzip} B gzip, ${s.brotli} B brotli (budget ${budget.gzip} B gzip) ${ok ? 'ok' : 'OVER BUDGET'}`);
}
mkdirSync('dist', { recursive: true });
writeFileSync('dist/size.json', JSON.stringify(sizes('dist/parley.js')) + '\n');
if (over && process.argv.includes('--size')) process.exit(1);
