// Tests also run against the built bundles (dist/parley.js, dist/relay/cli.js, dist/types). `npm test`
// builds first; a bare `vitest run` builds here when a bundle is missing or older than any source, so
// no test ever runs against a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const BUILT = ['dist/parley.js', 'dist/relay/cli.js', 'dist/helpdesk/index.js', 'dist/types/widget/index.d.ts'];
const SOURCES = ['protocol', 'widget', 'relay', 'helpdesk'];
const BUILD_FILES = ['esbuild.config.mjs', 'package.json', 'browser-targets.mjs', 'tsconfig.types.json'];

/** The newest modification time under the given files and folders. */
function newest(paths: string[]): number {
  let t = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const f of readdirSync(p)) visit(join(p, f));
    else t = Math.max(t, s.mtimeMs);
  };
  for (const p of paths) visit(p);
  return t;
}

export default function setup() {
  const stale = !BUILT.every((f) => existsSync(f)) || Math.min(...BUILT.map((f) => statSync(f).mtimeMs)) < newest([...SOURCES, ...BUILD_FILES]);
  if (stale) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
