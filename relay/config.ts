// Relay configuration: the JSON file of DESIGN §7 plus env overrides, validated once at start.
// Every limit has a default merged once here, so the rest of the relay reads plain numbers.
import { ConfigError } from './errors.js';
import { bool, httpUrl, int, localized, merge, nonEmpty, object, objects, redisUrl } from './config-checks.js';
import { parseOriginPattern } from './origins.js';

export interface Localized { en: string; vi: string }

export interface SiteLimits {
  maxFrameBytes: number;
  maxTextLength: number;
  messagesPerMinute: number;
  connectionsPerIp: number;
}

export interface TypingPreviewConfig {
  enabled: boolean;
  intervalMs: number;
  maskEmails: boolean;
  sensitivePatterns: string[];
  notice: Localized;
}

/** One site as written by its owner; everything but id, origins, apiSecret and webhook has a default. */
export interface SiteConfig {
  id: string;
  origins: string[];
  apiSecret: string;
  webhook: { url: string; secret: string };
  identity?: { secret: string; required?: boolean };
  typingPreview?: Partial<TypingPreviewConfig> & { notice?: Partial<Localized> };
  agentsOnline?: number;
  offline?: { replyTime?: Partial<Localized> };
  locale?: string;
  theme?: { color?: string; position?: 'left' | 'right' };
  invitations?: Record<string, unknown>[];
  faq?: Record<string, unknown>[];
  faqUrl?: string | null;
  limits?: Partial<SiteLimits>;
}

export interface WebhookDeliveryConfig {
  tries: number;
  timeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Concurrent connections to one helpdesk; a request waiting for one spends its timeout waiting. */
  maxSockets?: number;
}

/** The relay's configuration as written; `loadConfig` and `createRelay` fill in defaults. */
export interface RelayConfig {
  port?: number;
  host?: string;
  /** Visitor-token secret, or a list newest first so older tokens still verify during rotation. */
  secret: string | string[];
  /** Shares agent messages, typing and presence with other relay processes over Redis pub/sub. */
  redisUrl?: string;
  /** Base URL the relay is reachable at, used for absolute links (faqUrl); else taken from Host. */
  publicUrl?: string;
  tokenTtlSeconds?: number;
  maxBodyBytes?: number;
  webhookDelivery?: Partial<WebhookDeliveryConfig>;
  sites: SiteConfig[];
}

export interface ResolvedSite {
  id: string;
  origins: string[];
  apiSecret: string;
  webhook: { url: string; secret: string };
  identity: { secret: string; required: boolean } | null;
  typingPreview: TypingPreviewConfig;
  agentsOnline: number;
  offline: { replyTime: Localized };
  locale: string;
  theme: { color: string; position: 'left' | 'right' };
  invitations: Record<string, unknown>[];
  faq: Record<string, unknown>[];
  faqUrl: string | null;
  limits: SiteLimits;
}

export interface ResolvedConfig {
  port: number;
  host: string;
  secrets: string[];
  redisUrl: string | null;
  publicUrl: string | null;
  tokenTtlSeconds: number;
  maxBodyBytes: number;
  webhookDelivery: WebhookDeliveryConfig;
  sites: Map<string, ResolvedSite>;
}

export const DEFAULT_LIMITS: SiteLimits = { maxFrameBytes: 65536, maxTextLength: 5000, messagesPerMinute: 60, connectionsPerIp: 200 };
export const DEFAULT_WEBHOOK_DELIVERY: WebhookDeliveryConfig = { tries: 3, timeoutMs: 5000, baseDelayMs: 250, maxDelayMs: 2000, maxSockets: 64 };
export const DEFAULT_TYPING_NOTICE: Localized = {
  en: 'Our team may see what you type before you send it.',
  vi: 'Nhân viên hỗ trợ có thể thấy nội dung bạn đang gõ trước khi gửi.',
};
export const DEFAULT_REPLY_TIME: Localized = {
  en: 'We usually reply within a day.',
  vi: 'Chúng tôi thường trả lời trong vòng một ngày.',
};

/** Longest time a webhook delivery can take, so a widget's ack timeout can be set above it. */
export function worstCaseDeliveryMs(config: Pick<RelayConfig, 'webhookDelivery'> | ResolvedConfig): number {
  const d = { ...DEFAULT_WEBHOOK_DELIVERY, ...config.webhookDelivery };
  return d.tries * d.timeoutMs + Math.max(0, d.tries - 1) * d.maxDelayMs;
}

/** Throws ConfigError naming the field unless `secret` decodes to a Standard Webhooks key. */
export function webhookKey(secret: string, field: string): Buffer {
  const b64 = secret.startsWith('whsec_') ? secret.slice(6) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new ConfigError(field, 'must be whsec_ followed by base64');
  const key = Buffer.from(b64, 'base64');
  if (key.length === 0) throw new ConfigError(field, 'must be whsec_ followed by base64');
  return key;
}


function resolveSite(raw: unknown, i: number): ResolvedSite {
  const f = `sites[${i}]`;
  const s = object(raw, f);
  const id = nonEmpty(s.id, `${f}.id`);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ConfigError(`${f}.id`, 'must be 1-64 letters, digits, _ or -');
  if (!Array.isArray(s.origins) || s.origins.length === 0) throw new ConfigError(`${f}.origins`, 'must be a non-empty array');
  const origins = s.origins.map((o, j) => {
    const field = `${f}.origins[${j}]`;
    const str = nonEmpty(o, field);
    if (!parseOriginPattern(str)) throw new ConfigError(field, 'must be an origin like https://shop.example or https://*.shop.example');
    return str;
  });
  const apiSecret = nonEmpty(s.apiSecret, `${f}.apiSecret`);
  const wh = object(s.webhook, `${f}.webhook`);
  const webhook = { url: httpUrl(wh.url, `${f}.webhook.url`), secret: nonEmpty(wh.secret, `${f}.webhook.secret`) };
  webhookKey(webhook.secret, `${f}.webhook.secret`);

  let identity: ResolvedSite['identity'] = null;
  if (s.identity !== undefined) {
    const idn = object(s.identity, `${f}.identity`);
    identity = {
      secret: nonEmpty(idn.secret, `${f}.identity.secret`),
      required: idn.required === undefined ? false : bool(idn.required, `${f}.identity.required`),
    };
  }

  const tpRaw = object(s.typingPreview, `${f}.typingPreview`, true);
  const tp = merge(
    { enabled: false, intervalMs: 500, maskEmails: false, sensitivePatterns: [] as string[], notice: DEFAULT_TYPING_NOTICE },
    tpRaw,
    `${f}.typingPreview`,
  );
  const typingPreview: TypingPreviewConfig = {
    enabled: bool(tp.enabled, `${f}.typingPreview.enabled`),
    intervalMs: int(tp.intervalMs, `${f}.typingPreview.intervalMs`, 50, 60_000),
    maskEmails: bool(tp.maskEmails, `${f}.typingPreview.maskEmails`),
    sensitivePatterns: patterns(tp.sensitivePatterns, `${f}.typingPreview.sensitivePatterns`),
    notice: localized(tpRaw.notice, `${f}.typingPreview.notice`, DEFAULT_TYPING_NOTICE),
  };

  const limitsMerged = merge(DEFAULT_LIMITS, s.limits, `${f}.limits`);
  const limits: SiteLimits = {
    maxFrameBytes: int(limitsMerged.maxFrameBytes, `${f}.limits.maxFrameBytes`, 256, 16 * 1024 * 1024),
    maxTextLength: int(limitsMerged.maxTextLength, `${f}.limits.maxTextLength`, 1, 1_000_000),
    messagesPerMinute: int(limitsMerged.messagesPerMinute, `${f}.limits.messagesPerMinute`, 1),
    connectionsPerIp: int(limitsMerged.connectionsPerIp, `${f}.limits.connectionsPerIp`, 1),
  };

  const theme = object(s.theme, `${f}.theme`, true);
  const color = theme.color === undefined ? '#0a7cff' : nonEmpty(theme.color, `${f}.theme.color`);
  if (!/^#[0-9a-fA-F]{3,8}$/.test(color)) throw new ConfigError(`${f}.theme.color`, 'must be a hex color like #0a7cff');
  const position = theme.position === undefined ? 'right' : theme.position;
  if (position !== 'left' && position !== 'right') throw new ConfigError(`${f}.theme.position`, 'must be "left" or "right"');

  const offline = object(s.offline, `${f}.offline`, true);
  const locale = s.locale === undefined ? 'en' : nonEmpty(s.locale, `${f}.locale`);
  return {
    id,
    origins,
    apiSecret,
    webhook,
    identity,
    typingPreview,
    agentsOnline: s.agentsOnline === undefined ? 0 : int(s.agentsOnline, `${f}.agentsOnline`, 0),
    offline: { replyTime: localized(offline.replyTime, `${f}.offline.replyTime`, DEFAULT_REPLY_TIME) },
    locale,
    theme: { color, position },
    invitations: objects(s.invitations, `${f}.invitations`),
    faq: objects(s.faq, `${f}.faq`),
    faqUrl: s.faqUrl === undefined || s.faqUrl === null ? null : httpUrl(s.faqUrl, `${f}.faqUrl`),
    limits,
  };
}

function patterns(v: unknown, field: string): string[] {
  if (!Array.isArray(v)) throw new ConfigError(field, 'must be an array of regular expressions');
  return v.map((p, i) => {
    const src = nonEmpty(p, `${field}[${i}]`);
    try {
      new RegExp(src, 'giu');
    } catch {
      throw new ConfigError(`${field}[${i}]`, 'is not a valid regular expression');
    }
    return src;
  });
}

/** Validates a config object and fills in every default; throws ConfigError naming the field. */
export function resolveConfig(raw: unknown): ResolvedConfig {
  const c = object(raw, 'config');
  const secretRaw = c.secret;
  const secrets = Array.isArray(secretRaw) ? secretRaw : [secretRaw];
  if (secrets.length === 0) throw new ConfigError('secret', 'is required (PARLEY_SECRET)');
  secrets.forEach((s, i) => {
    if (typeof s !== 'string' || s.trim() === '') {
      throw new ConfigError(Array.isArray(secretRaw) ? `secret[${i}]` : 'secret', 'is required (PARLEY_SECRET): a non-empty string or a list, newest first');
    }
  });
  if (!Array.isArray(c.sites) || c.sites.length === 0) throw new ConfigError('sites', 'must list at least one site');
  const sites = new Map<string, ResolvedSite>();
  c.sites.forEach((raw, i) => {
    const site = resolveSite(raw, i);
    if (sites.has(site.id)) throw new ConfigError(`sites[${i}].id`, `duplicates site "${site.id}"`);
    sites.set(site.id, site);
  });
  const d = merge(DEFAULT_WEBHOOK_DELIVERY, c.webhookDelivery, 'webhookDelivery');
  const webhookDelivery: WebhookDeliveryConfig = {
    tries: int(d.tries, 'webhookDelivery.tries', 1, 20),
    timeoutMs: int(d.timeoutMs, 'webhookDelivery.timeoutMs', 1, 120_000),
    baseDelayMs: int(d.baseDelayMs, 'webhookDelivery.baseDelayMs', 0, 60_000),
    maxDelayMs: int(d.maxDelayMs, 'webhookDelivery.maxDelayMs', 0, 300_000),
    maxSockets: int(d.maxSockets, 'webhookDelivery.maxSockets', 1, 10_000),
  };
  if (webhookDelivery.maxDelayMs < webhookDelivery.baseDelayMs) {
    throw new ConfigError('webhookDelivery.maxDelayMs', 'must be at least webhookDelivery.baseDelayMs');
  }
  return {
    port: c.port === undefined ? 8787 : int(c.port, 'port', 0, 65535),
    host: c.host === undefined ? '0.0.0.0' : nonEmpty(c.host, 'host'),
    secrets: secrets as string[],
    redisUrl: c.redisUrl === undefined || c.redisUrl === null ? null : redisUrl(c.redisUrl, 'redisUrl'),
    publicUrl: c.publicUrl === undefined || c.publicUrl === null ? null : httpUrl(c.publicUrl, 'publicUrl').replace(/\/+$/, ''),
    tokenTtlSeconds: c.tokenTtlSeconds === undefined ? 30 * 24 * 3600 : int(c.tokenTtlSeconds, 'tokenTtlSeconds', 1),
    maxBodyBytes: c.maxBodyBytes === undefined ? 65536 : int(c.maxBodyBytes, 'maxBodyBytes', 64),
    webhookDelivery,
    sites,
  };
}
