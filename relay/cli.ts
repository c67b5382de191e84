// parley-relay: `parley-relay --config parley.config.json`, or env alone for one site. Logs are JSON
// lines (relay/log.ts) on stdout at PARLEY_LOG_LEVEL; what stops the start goes to stderr, also as JSON.
import { parseArgs } from 'node:util';
import { createRelay } from './server.js';
import { loadConfig } from './config-load.js';
import { BusError, ConfigError } from './errors.js';
import { createLogger, type Logger } from './log.js';

const USAGE = `usage: parley-relay [--config parley.config.json]
(env: PARLEY_SITE, PARLEY_ORIGINS, PARLEY_WEBHOOK_URL, PARLEY_WEBHOOK_SECRET, PARLEY_API_SECRET, PARLEY_SECRET, PARLEY_REDIS_URL, PARLEY_METRICS_TOKEN, PARLEY_LOG_LEVEL, PORT)`;

/** Logs why the relay cannot run, then exits with `code`. */
function fail(errors: Logger, code: number, e: Error, what: string): never {
  const field = e instanceof ConfigError || e instanceof BusError ? e.field : undefined;
  errors.fatal({ event: 'start_failed', ...(field !== undefined ? { field } : {}) }, `${what}: ${e.message}`);
  process.exit(code);
}

function main(): void {
  // Until PARLEY_LOG_LEVEL is known to be good, start-up errors are told at the default level.
  let errors = createLogger('info', 2);
  let file: string | undefined;
  try {
    const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    file = values.config;
  } catch (e) {
    fail(errors, 2, e as Error, 'bad arguments');
  }

  let logger: Logger;
  let relay;
  try {
    logger = createLogger(process.env.PARLEY_LOG_LEVEL || undefined);
    errors = createLogger(logger.level, 2);
    relay = createRelay(loadConfig({ file, env: process.env }), { logger });
  } catch (e) {
    if (e instanceof ConfigError) fail(errors, 78, e, 'invalid config');
    throw e;
  }
  relay.listen().catch((e: Error) => fail(errors, 1, e, 'cannot start'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'signal', signal }, `${signal}: draining`);
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main();
