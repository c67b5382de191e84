// Tests also run against the built bundles (dist/parley.js, dist/relay/cli.js). `npm test` builds
// first; a bare `vitest run` on a fresh clone builds here instead of skipping those tests.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export default function setup() {
  if (!existsSync('dist/parley.js') || !existsSync('dist/relay/cli.js')) {
    execFileSync(process.execPath, ['esbuild.config.mjs'], { stdio: 'inherit' });
  }
}
