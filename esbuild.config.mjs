// Builds the script-tag bundle (dist/parley.js) and its lazy chunks, the ESM entry points and the
// relay, then prints a size report for the script-tag files against their budgets in package.json.
// Each chunk is also written under a content-hashed name (dist/parley-core.<hash>.js), which the
// bundle loads, so a CDN or browser may cache it for a year; every widget file gets brotli and gzip
// copies beside it (.br, .gz) that the relay serves by Accept-Encoding.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
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

const gzip = (buf) => gzipSync(buf, { level: 9 });
const brotli = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });

/** 12 hex digits of a chunk's sha256: `parley-core.<hash>.js`, a new name for every new build of it. */
const contentHash = (body) => createHash('sha256').update(body).digest('hex').slice(0, 12);

/** Writes the brotli and gzip copies of a widget file beside it. */
function precompress(file, body) {
  writeFileSync(`${file}.br`, brotli(body));
  writeFileSync(`${file}.gz`, gzip(body));
}

mkdirSync('dist', { recursive: true });
// Hashed chunks of earlier builds: nothing refers to them any more.
for (const f of readdirSync('dist')) if (/^parley-\w+\.[0-9a-f]{12}\.js(\.br|\.gz)?$/.test(f)) rmSync(`dist/${f}`);

await Promise.all([
  (async () => {
    // Chunks the script tag loads from beside parley.js on first use. Preact is in the UI chunk alone:
    // two copies of its hooks state would break the UI.
    await Promise.all(
      chunks.map((name) =>
        build({ ...browser, entryPoints: [`widget/chunks/${name}.ts`], outfile: `dist/parley-${name}.js`, format: 'iife', minify: true, platform: 'browser' }),
      ),
    );
    const hashes = {};
    for (const name of chunks) {
      const body = readFileSync(`dist/parley-${name}.js`);
      hashes[name] = contentHash(body);
      const hashed = `dist/parley-${name}.${hashes[name]}.js`;
      writeFileSync(hashed, body);
      precompress(`dist/parley-${name}.js`, body);
      precompress(hashed, body);
    }
    // One file for the script tag: everything inlined, one IIFE, minified; it knows its chunks' hashed names.
    await build({
      ...browser,
      entryPoints: ['widget/embed.ts'],
      outfile: 'dist/parley.js',
      format: 'iife',
      minify: true,
      platform: 'browser',
      define: { PARLEY_CHUNK_HASHES: JSON.stringify(hashes) },
    });
    precompress('dist/parley.js', readFileSync('dist/parley.js'));
  })(),
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
  // The helpdesk kit: Node's own modules and protocol/ only.
  build({ entryPoints: ['helpdesk/index.ts'], outfile: 'dist/helpdesk/index.js', bundle: true, format: 'esm', platform: 'node', target: 'node20', external, logLevel: 'warning' }),
]);

/** Raw, gzip and brotli bytes of a built file. */
export function sizes(file) {
  const buf = readFileSync(file);
  return {
    raw: buf.length,
    gzip: gzip(buf).length,
    brotli: brotli(buf).length,
  };
}

let over = false;
for (const [file, budget] of Object.entries(pkg.sizeBudgets ?? {})) {
  const s = sizes(file);
  const ok = s.gzip <= budget.gzip;
  over ||= !ok;
  console.log(`${file}: ${s.raw} B raw, ${s.gzip} B gzip, ${s.brotli} B brotli (budget ${budget.gzip} B gzip) ${ok ? 'ok' : 'OVER BUDGET'}`);
}
writeFileSync('dist/size.json', JSON.stringify(sizes('dist/parley.js')) + '\n');
if (over && process.argv.includes('--size')) process.exit(1);
