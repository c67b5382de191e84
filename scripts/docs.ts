// `npm run docs`: rewrites the README's generated tables (scripts/readme-tables.ts) in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { withTables } from './readme-tables.js';

const before = readFileSync('README.md', 'utf8');
const after = withTables(before);
writeFileSync('README.md', after);
console.log(after === before ? 'README.md: tables already up to date' : 'README.md: tables rewritten');
