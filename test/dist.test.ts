// What the build ships for the script tag: parley.js names each chunk's content-hashed copy, each
// copy is its plain file's bytes (so the plain names keep working for a self-hosted parley.js), and
// every widget file has brotli and gzip copies beside it that decode to exactly that file.
import { readdirSync, readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { WIDGET_CHUNKS } from '../relay/static.js';

// Every chunk the relay serves, by its short name (parley-core.js → core).
const CHUNKS = WIDGET_CHUNKS.map((f) => f.slice('parley-'.length, -'.js'.length));
const shell = readFileSync('dist/parley.js', 'utf8');

it.each(CHUNKS)('parley.js names the hashed copy of parley-%s.js, and that copy is the same bytes', (name) => {
  const hash = new RegExp(`${name}:"([0-9a-f]{12})"`).exec(shell)?.[1];
  expect(hash, `parley.js names no hash for ${name}`).toBeDefined();
  const hashed = readFileSync(`dist/parley-${name}.${hash}.js`);
  expect(hashed.equals(readFileSync(`dist/parley-${name}.js`))).toBe(true);
  // Only this build's copy is left: an old one would ship stale code to the npm package.
  expect(readdirSync('dist').filter((f) => new RegExp(`^parley-${name}\\.[0-9a-f]{12}\\.js$`).test(f))).toEqual([`parley-${name}.${hash}.js`]);
});

it('every widget file has a brotli and a gzip copy that decode to it', () => {
  const files = readdirSync('dist').filter((f) => /^parley[\w.-]*\.js$/.test(f));
  expect(files.length).toBe(1 + 2 * CHUNKS.length);
  for (const f of files) {
    const body = readFileSync(`dist/${f}`);
    expect(brotliDecompressSync(readFileSync(`dist/${f}.br`)).equals(body), `${f}.br`).toBe(true);
    expect(gunzipSync(readFileSync(`dist/${f}.gz`)).equals(body), `${f}.gz`).toBe(true);
  }
});
