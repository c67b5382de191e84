// Two relays sharing a throwaway redis-server, with one helpdesk and a Redis client to look at the bus
// with: the setup of every story about instances on one Redis.
import { createClient } from '@redis/client';
import type { RelayOptions } from '../../relay/index.js';
import { startHelpdesk, startRelay, testConfig, type Helpdesk } from './helpers.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

export type Started = Awaited<ReturnType<typeof startRelay>>;
const redisClient = (url: string) => createClient({ url });

export interface RelayPair {
  redis: RedisServer;
  helpdesk: Helpdesk;
  a: Started;
  b: Started;
  probe: ReturnType<typeof redisClient>;
}

/** Starts redis-server, a helpdesk and relays `a` and `b` on the same config and Redis. */
export async function startRelayPair(options: { a?: RelayOptions; b?: RelayOptions } = {}): Promise<RelayPair> {
  const redis = await startRedisServer();
  const helpdesk = await startHelpdesk();
  const config = testConfig(helpdesk.url, {}, { redisUrl: redis.url });
  const a = await startRelay(config, options.a);
  const b = await startRelay(config, options.b);
  const probe = redisClient(redis.url);
  probe.on('error', () => {});
  await probe.connect();
  return { redis, helpdesk, a, b, probe };
}

/** Closes what `startRelayPair` started (any part may be missing when a start failed). */
export async function closeRelayPair(p: Partial<RelayPair>): Promise<void> {
  await p.probe?.close().catch(() => {});
  await Promise.all([p.a?.relay.close(), p.b?.relay.close()]);
  await p.helpdesk?.close();
  await p.redis?.stop();
}
