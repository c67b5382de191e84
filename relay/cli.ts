// parley-relay: `parley-relay --config parley.config.json`, or env alone for one site.
import { parseArgs } from 'node:util';
import { createRelay } from './server.js';
import { loadConfig } from './config-load.js';
import { ConfigError } from './errors.js';

function main(): void {
  let file: string | undefined;
  try {
    const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      console.log('usage: parley-relay [--config parley.config.json]\n(env: PARLEY_SITE, PARLEY_ORIGINS, PARLEY_WEBHOOK_URL, PARLEY_WEBHOOK_SECRET, PARLEY_API_SECRET, PARLEY_SECRET, PARLEY_REDIS_URL, PORT)');
      return;
    }
    file = values.config;
  } catch (e) {
    console.error(`parley-relay: ${(e as Error).message}`);
    process.exit(2);
  }

  let relay;
  let config;
  try {
    config = loadConfig({ file, env: process.env });
    relay = createRelay(config);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`parley-relay: invalid config: ${e.message} (field: ${e.field})`);
      process.exit(78);
    }
    throw e;
  }
  relay.listen().then(
    (port) => {
      const host = config.host && config.host !== '0.0.0.0' && config.host !== '::' ? config.host : 'localhost';
      console.log(`parley-relay listening on http://${host}:${port}`);
    },
    (e: Error) => {
      console.error(`parley-relay: cannot start: ${e.message}`);
      process.exit(1);
    },
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`parley-relay: ${signal}, draining`);
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main();
