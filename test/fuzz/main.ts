// `npm run fuzz`: 100,000 random and mutated frames and 5,000 HTTP requests against a live relay on
// loopback, bounded to 2 minutes; exits non-zero on a crash or a relay that stopped answering.
import { formatFuzz, runFuzz } from './run.js';

const bound = setTimeout(() => {
  console.error('fuzz: the 3-minute bound was exceeded');
  process.exit(1);
}, 180_000);
bound.unref();

const seed = Number(process.env.FUZZ_SEED ?? 1);
const result = await runFuzz({ seed, log: (line) => console.log(line) });
console.log(`\n${formatFuzz(result)}`);
const ok = result.crashes === 0 && result.healthzOk;
console.log(ok ? `\nfuzz: PASS (seed ${seed})` : `\nfuzz: FAIL (seed ${seed})`);
process.exit(ok ? 0 : 1);
