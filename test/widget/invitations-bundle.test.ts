import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

// Every byte ships to every visitor, on the same browsers as the widget.
it('the invitations engine builds for the widget browser target and stays small', async () => {
  const out = await build({
    entryPoints: ['widget/invitations/index.ts'],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2019', 'chrome80', 'firefox78', 'safari13'],
    write: false,
    logLevel: 'silent',
  });
  const gzip = gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
  expect(gzip).toBeLessThan(3400);
});
