// Relay configuration: the JSON file of DESIGN §7, checked once at start against the schema in
// protocol/config.ts, which also fills in every default, so the rest of the relay reads plain values.
import { relayConfigSchema, webhookDeliverySchema, type RelayConfig, type Site, type WebhookDeliveryConfig, type HttpLimits } from '../protocol/config.js';
import { check } from '../protocol/schema.js';
import safeRegex from 'safe-regex2';
import { TrustedProxies } from './address.js';
import { ConfigError } from './errors.js';

export type { RelayConfig, SiteConfig, SiteLimits, TypingPreviewConfig, WebhookDeliveryConfig } from '../protocol/config.js';
export type { Localized } from '../protocol/locales.js';

/** One site with every default filled in. */
export type ResolvedSite = Site;

export interface ResolvedConfig {
  port: number;
  host: string;
  /** The example's config: listens on loopback only. */
  demo: boolean;
  /** Token secrets, newest first. */
  secrets: string[];
  redisUrl: string | null;
  publicUrl: string | null;
  tokenTtlSeconds: number;
  maxBodyBytes: number;
  webhookDelivery: WebhookDeliveryConfig;
  http: HttpLimits;
  metricsToken: string | null;
  /** Whose X-Forwarded-For is believed. */
  proxies: TrustedProxies;
  trustProxy: string[];
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

/** Webhook keys shorter than this are refused: a helpdesk must not trust a signature anyone can forge. */
const MIN_WEBHOOK_KEY_BYTES = 24;
/** Hosts a `demo` config may listen on. */
export const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** Throws ConfigError naming the field unless `secret` decodes to a Standard Webhooks key. */
export function webhookKey(secret: string, field: string): Buffer {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  if (key.length < MIN_WEBHOOK_KEY_BYTES) throw new ConfigError(field, `must be whsec_ followed by the base64 of at least ${MIN_WEBHOOK_KEY_BYTES} random bytes`);
  return key;
}

function trustedProxies(entries: string[]): TrustedProxies {
  try {
    return new TrustedProxies(entries);
  } catch (e) {
    const i = entries.findIndex((x) => (e as Error).message.includes(`"${x}"`));
    throw new ConfigError(i >= 0 ? `trustProxy[${i}]` : 'trustProxy', (e as Error).message);
  }
}

/** Validates a config object and fills in every default; throws ConfigError naming the field. */
export function resolveConfig(raw: unknown): ResolvedConfig {
  const r = check(relayConfigSchema, raw);
  if (!r.ok) {
    const env = ENV_OF[r.path];
    throw new ConfigError(r.path || 'config', env ? `${r.message} (${env})` : r.message);
  }
  const c = r.value;
  // A demo's secrets are in the README: reachable from elsewhere, they would sign anyone's tokens.
  const host = c.host ?? (c.demo ? '127.0.0.1' : '0.0.0.0');
  if (c.demo && !LOOPBACK_HOSTS.has(host)) throw new ConfigError('host', `a "demo": true config listens on loopback only (127.0.0.1 or ::1), not ${host}; give the relay secrets of its own and drop "demo"`);
  const sites = new Map<string, ResolvedSite>();
  c.sites.forEach((site, i) => {
    webhookKey(site.webhook.secret, `sites[${i}].webhook.secret`);
    // Patterns run on every visitor's drafts, in the relay and in the widget: none may blow up.
    site.typingPreview.sensitivePatterns.forEach((src, j) => {
      if (!safeRegex(src)) {
        throw new ConfigError(`sites[${i}].typingPreview.sensitivePatterns[${j}]`, 'can take exponential time on some drafts (a repeat inside a repeat, such as (a+)+); write it without nested repetition');
      }
    });
    sites.set(site.id, site);
  });
  return {
    port: c.port,
    host,
    demo: c.demo,
    secrets: typeof c.secret === 'string' ? [c.secret] : c.secret,
    redisUrl: c.redisUrl,
    publicUrl: c.publicUrl === null ? null : c.publicUrl.replace(/\/+$/, ''),
    tokenTtlSeconds: c.tokenTtlSeconds,
    maxBodyBytes: c.maxBodyBytes,
    webhookDelivery: c.webhookDelivery,
    http: c.http,
    metricsToken: c.metricsToken,
    trustProxy: c.trustProxy,
    proxies: trustedProxies(c.trustProxy),
    sites,
  };
}
