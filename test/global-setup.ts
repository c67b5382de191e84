// Tests also run against the built bundles (dist/parley.js, dist/relay/cli.js, dist/types). `npm test` builds
// first; a bare `vitest run` on a fresh clone builds here instead of skipping those tests.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export default function setup() {
  const built = ['dist/parley.js', 'dist/relay/cli.js', 'dist/types/widget/index.d.ts'];
  if (!built.every((f) => existsSync(f))) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
