// Relay configuration: the JSON file of DESIGN §7, checked once at start against the schema in
// protocol/config.ts, which also fills in every default, so the rest of the relay reads plain values.
import { relayConfigSchema, webhookDeliverySchema, type RelayConfig, type Site, type WebhookDeliveryConfig, type HttpLimits } from '../protocol/config.js';
import { check } from '../protocol/schema.js';
import { ConfigError } from './errors.js';

export type { RelayConfig, SiteConfig, SiteLimits, TypingPreviewConfig, WebhookDeliveryConfig } from '../protocol/config.js';
export type { Localized } from '../protocol/locales.js';

/** One site with every default filled in. */
export type ResolvedSite = Site;

export interface ResolvedConfig {
  port: number;
  host: string;
  /** Token secrets, newest first. */
  secrets: string[];
  redisUrl: string | null;
  publicUrl: string | null;
  tokenTtlSeconds: number;
  maxBodyBytes: number;
  webhookDelivery: WebhookDeliveryConfig;
  http: HttpLimits;
  metricsToken: string | null;
  sites: Map<string, ResolvedSite>;
}

/** Fields an environment variable sets, named in the message so the fix is obvious either way. */
const ENV_OF: Record<string, string> = { secret: 'PARLEY_SECRET', redisUrl: 'PARLEY_REDIS_URL', port: 'PORT', metricsToken: 'PARLEY_METRICS_TOKEN' };

/** The delivery options with nothing set: every default. */
const DELIVERY_DEFAULTS = (check(webhookDeliverySchema, {}) as { ok: true; value: WebhookDeliveryConfig }).value;

/** Longest time a webhook delivery can take, so a widget's ack timeout can be set above it. */
export function worstCaseDeliveryMs(config: Pick<RelayConfig, 'webhookDelivery'> | ResolvedConfig): number {
  const d = { ...DELIVERY_DEFAULTS, ...config.webhookDelivery };
  return d.tries * d.timeoutMs + Math.max(0, d.tries - 1) * d.maxDelayMs;
}

/** Throws ConfigError naming the field unless `secret` decodes to a Standard Webhooks key. */
export function webhookKey(secret: string, field: string): Buffer {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  if (key.length === 0) throw new ConfigError(field, 'must be whsec_ followed by base64');
  return key;
}

/** Validates a config object and fills in every default; throws ConfigError naming the field. */
export function resolveConfig(raw: unknown): ResolvedConfig {
  const r = check(relayConfigSchema, raw);
  if (!r.ok) {
    const env = ENV_OF[r.path];
    throw new ConfigError(r.path || 'config', env ? `${r.message} (${env})` : r.message);
  }
  const c = r.value;
  const sites = new Map<string, ResolvedSite>();
  c.sites.forEach((site, i) => {
    webhookKey(site.webhook.secret, `sites[${i}].webhook.secret`);
    sites.set(site.id, site);
  });
  return {
    port: c.port,
    host: c.host,
    secrets: typeof c.secret === 'string' ? [c.secret] : c.secret,
    redisUrl: c.redisUrl,
    publicUrl: c.publicUrl === null ? null : c.publicUrl.replace(/\/+$/, ''),
    tokenTtlSeconds: c.tokenTtlSeconds,
    maxBodyBytes: c.maxBodyBytes,
    webhookDelivery: c.webhookDelivery,
    http: c.http,
    metricsToken: c.metricsToken,
    sites,
  };
}
