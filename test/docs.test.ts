// The README's webhook and API tables are what the definitions say today: a type or a call added to
// protocol/ without `npm run docs` fails here, so a backend team never reads a stale table.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../protocol/routes.js';
import { WEBHOOK_TYPES } from '../protocol/webhooks.js';
import { withTables } from '../scripts/readme-tables.js';

const readme = readFileSync('README.md', 'utf8');

describe("the README's generated tables", () => {
  it('are up to date (run npm run docs when this fails)', () => {
    expect(withTables(readme) === readme, 'README.md tables are stale: run npm run docs').toBe(true);
  });

  it('name every webhook type and every call', () => {
    for (const type of WEBHOOK_TYPES) expect(readme).toContain(`| \`${type}\` |`);
    for (const r of Object.values(apiRoutes)) expect(readme).toContain(`\`${r.method} ${r.path.replace(/\{(\w+)\}/g, ':$1')}\``);
  });

  it('a table edited by hand is stale', () => {
    const edited = readme.replace('| `visitor.typing` |', '| `visitor.typing` (edited) |');
    expect(edited).not.toBe(readme);
    expect(withTables(edited)).toBe(readme);
  });
});
