// What a module costs a visitor: bundled and minified for the widget's browsers, raw and gzip bytes.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { BROWSER_TARGETS } from '../browser-targets.mjs';

/** Bundles `entry` as the widget ships it and measures it. */
export async function shippedSize(entry: string): Promise<{ raw: number; gzip: number }> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: BROWSER_TARGETS,
    write: false,
    logLevel: 'silent',
  });
  const bytes = out.outputFiles[0]!.contents;
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
