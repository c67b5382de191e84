// Every byte of the script tag's files ships to every visitor of every site: CI fails when one grows
// past its budget in package.json (`npm test` builds first; `npm run build` prints the same figures).
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { sizeBudgets: Record<string, { gzip: number }> };
const budgets = Object.entries(pkg.sizeBudgets);

it('every script-tag file has a budget: the bundle and each lazy chunk', () => {
  // Plain names only: a chunk's content-hashed copy is the same bytes (test/dist.test.ts).
  const built = readdirSync('dist').filter((f) => /^parley(-\w+)?\.js$/.test(f)).map((f) => `dist/${f}`);
  expect(built).toContain('dist/parley.js');
  expect(built.sort()).toEqual(budgets.map(([file]) => file).sort());
});

it.each(budgets)('%s is within its gzip budget', (file, budget) => {
  const gzip = gzipSync(readFileSync(file), { level: 9 }).length;
  expect(gzip, `${file}: ${gzip} B gzip`).toBeLessThanOrEqual(budget.gzip);
});
