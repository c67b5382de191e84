// `npm run chaos`: the full run (200 visitors × 20 messages, 3 relay crashes), bounded to 2 minutes.
import { chaosPassed, formatChaos, runChaos } from './run.js';

const bound = setTimeout(() => {
  console.error('chaos: the 2-minute bound was exceeded');
  process.exit(1);
}, 120_000);
bound.unref();

const result = await runChaos({ log: (line) => console.log(line) });
console.log(`\n${formatChaos(result)}`);
const ok = chaosPassed(result);
console.log(ok ? '\nchaos: PASS — delivered equals sent, no duplicates, no order violations' : '\nchaos: FAIL');
process.exit(ok ? 0 : 1);
