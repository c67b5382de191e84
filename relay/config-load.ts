// Loading the relay config: the JSON file of DESIGN §7, then env overrides, then validation.
import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import { resolveConfig, type RelayConfig, type ResolvedConfig } from './config.js';
import { isObject as isObj } from '../protocol/schema.js';

type Obj = Record<string, unknown>;

/** Turns a resolved config back into the written shape (createRelay accepts both). */
function toWritten(r: ResolvedConfig): RelayConfig {
  return {
    port: r.port,
    host: r.host,
    ...(r.demo ? { demo: true } : {}),
    secret: r.secrets,
    ...(r.redisUrl ? { redisUrl: r.redisUrl } : {}),
    ...(r.publicUrl ? { publicUrl: r.publicUrl } : {}),
    tokenTtlSeconds: r.tokenTtlSeconds,
    maxBodyBytes: r.maxBodyBytes,
    webhookDelivery: r.webhookDelivery,
    http: r.http,
    trustProxy: r.trustProxy,
    ...(r.metricsToken ? { metricsToken: r.metricsToken } : {}),
    sites: [...r.sites.values()],
  };
}

/** Reads the JSON file (if any), applies env overrides per DESIGN §7, validates; throws ConfigError. */
export function loadConfig(opts: { file?: string; env?: Record<string, string | undefined> }): RelayConfig {
  let raw: Obj = {};
  if (opts.file) {
    let text: string;
    try {
      text = readFileSync(opts.file, 'utf8');
    } catch (e) {
      throw new ConfigError('config', `cannot read ${opts.file}: ${(e as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new ConfigError('config', `${opts.file} is not valid JSON: ${(e as Error).message}`);
    }
    if (!isObj(parsed)) throw new ConfigError('config', `${opts.file} must hold a JSON object`);
    raw = parsed;
  }
  const env = opts.env ?? {};
  const c: Obj = { ...raw };
  if (env.PARLEY_SECRET !== undefined) c.secret = env.PARLEY_SECRET;
  if (env.PARLEY_REDIS_URL !== undefined) c.redisUrl = env.PARLEY_REDIS_URL;
  if (env.PARLEY_METRICS_TOKEN !== undefined) c.metricsToken = env.PARLEY_METRICS_TOKEN;
  if (env.PORT !== undefined) {
    const port = Number(env.PORT);
    if (!/^\d+$/.test(env.PORT) || port > 65535) throw new ConfigError('PORT', 'must be a port number');
    c.port = port;
  }
  const siteEnv = {
    id: env.PARLEY_SITE,
    origins: env.PARLEY_ORIGINS?.split(',').map((s) => s.trim()).filter(Boolean),
    apiSecret: env.PARLEY_API_SECRET,
    webhookUrl: env.PARLEY_WEBHOOK_URL,
    webhookSecret: env.PARLEY_WEBHOOK_SECRET,
  };
  if (Object.values(siteEnv).some((v) => v !== undefined)) {
    const sites = Array.isArray(c.sites) ? [...(c.sites as unknown[])] : [];
    // PARLEY_SITE picks the site to override; without it, env overrides the only site there is.
    let index = siteEnv.id !== undefined ? sites.findIndex((s) => isObj(s) && s.id === siteEnv.id) : sites.length === 1 ? 0 : -1;
    if (index === -1) {
      index = sites.length;
      sites.push({});
    }
    const base = isObj(sites[index]) ? (sites[index] as Obj) : {};
    const site: Obj = { ...base };
    if (siteEnv.id !== undefined) site.id = siteEnv.id;
    if (siteEnv.origins !== undefined) site.origins = siteEnv.origins;
    if (siteEnv.apiSecret !== undefined) site.apiSecret = siteEnv.apiSecret;
    if (siteEnv.webhookUrl !== undefined || siteEnv.webhookSecret !== undefined) {
      const wh = isObj(base.webhook) ? { ...base.webhook } : {};
      if (siteEnv.webhookUrl !== undefined) wh.url = siteEnv.webhookUrl;
      if (siteEnv.webhookSecret !== undefined) wh.secret = siteEnv.webhookSecret;
      site.webhook = wh;
    }
    sites[index] = site;
    c.sites = sites;
  }
  return toWritten(resolveConfig(c));
}
