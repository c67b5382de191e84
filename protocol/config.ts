// The site owner's config (DESIGN §7) as the relay reads it, and the parts of it the widget receives
// (widget-config, invitation rules, FAQ articles): one schema each gives the types, the relay's
// check at start (naming the field) and the widget's check of what the relay serves.
import { LOCALES, type Locale, type Localized } from './locales.js';
import { DEFAULT_MAX_TEXT_LENGTH, HEX_COLOR, ORIGIN_PATTERN, SLUG_PATTERN } from './patterns.js';
import {
  any,
  array,
  boolean,
  int,
  literal,
  nullable,
  number,
  object,
  optional,
  section,
  string,
  text,
  union,
  withDefault,
  type Field,
  type Infer,
  type Input,
  type Schema,
} from './schema.js';
import type { ClientFrame } from './client-frames.js';
import { faqArticleSchema } from './faq.js';
import { rulesSchema, slug, uniqueIds } from './rules.js';
import { httpUrl, partialLocalized } from './shapes.js';
import { hoursSchema } from './hours.js';
import { attachmentsConfigSchema } from './attachments.js';
import { prechatSchema } from './prechat-config.js';

export * from './rules.js';
export * from './widget-config.js';
export * from './faq.js';


/** A text in every locale, each defaulted: what a site may override word by word. */
export function localized(defaults: Localized) {
  const fields = {} as Record<Locale, Field<Schema<string>> & { optional: true; fallback: string }>;
  for (const l of LOCALES) fields[l] = withDefault(text(), defaults[l]);
  return object(fields, { unknown: 'refuse' });
}

// ---- the site ----

export const DEFAULT_LIMITS = { maxFrameBytes: 65536, maxTextLength: DEFAULT_MAX_TEXT_LENGTH, messagesPerMinute: 60, connectionsPerIp: 200 };
export const DEFAULT_TYPING_NOTICE: Localized = {
  en: 'Our team may see what you type before you send it.',
  vi: 'Nhân viên hỗ trợ có thể thấy nội dung bạn đang gõ trước khi gửi.',
};
export const DEFAULT_REPLY_TIME: Localized = {
  en: 'We usually reply within a day.',
  vi: 'Chúng tôi thường trả lời trong vòng một ngày.',
};

/** A pattern the relay compiles with flags `giu`: refused at start when it does not compile. */
const regex = () =>
  string({
    min: 1,
    what: 'a non-empty regular expression',
    refine: (src) => {
      try {
        new RegExp(src, 'giu');
        return undefined;
      } catch {
        return 'is not a valid regular expression';
      }
    },
  });

export const typingPreviewSchema = object(
  {
    enabled: withDefault(boolean(), false),
    intervalMs: withDefault(int(50, 60_000), 500),
    maskEmails: withDefault(boolean(), false),
    sensitivePatterns: withDefault(array(regex()), []),
    notice: section(localized(DEFAULT_TYPING_NOTICE)),
  },
  { unknown: 'refuse' },
);
/** `typingPreview`: whether agents see drafts, how often, and what is masked. */
export type TypingPreviewConfig = Infer<typeof typingPreviewSchema>;

/** Frame types with a rate of their own; `message` and `offline_message` share `messagesPerMinute`. */
export type RatedFrame = Exclude<ClientFrame['t'], 'message' | 'offline_message'>;

/** Each rated frame type's token bucket per visitor: `burst` frames at once, refilled at `perSecond`. */
export const DEFAULT_RATES: Record<RatedFrame, { burst: number; perSecond: number }> = {
  hello: { burst: 10, perSecond: 1 },
  identify: { burst: 5, perSecond: 0.2 },
  typing: { burst: 8, perSecond: 4 },
  page: { burst: 20, perSecond: 0.5 },
  invitation: { burst: 10, perSecond: 0.2 },
  faq: { burst: 20, perSecond: 0.5 },
  rating: { burst: 5, perSecond: 0.1 },
  end: { burst: 5, perSecond: 0.1 },
  /** Three requests per visitor per day (DESIGN §9). */
  transcript: { burst: 3, perSecond: 3 / 86_400 },
  profile: { burst: 10, perSecond: 0.2 },
  event: { burst: 20, perSecond: 0.5 },
  ping: { burst: 5, perSecond: 0.2 },
  /** A few files at once, then one every 5 s. */
  upload: { burst: 10, perSecond: 0.2 },
  /** The relay coalesces reads anyway; this only bounds a noisy widget. */
  read: { burst: 10, perSecond: 1 },
};

const rateSchema = object({ burst: int(1, 100_000), perSecond: number({ min: 0.00001, max: 100_000 }) }, { unknown: 'refuse' });
const ratesSchema = object(
  Object.fromEntries(Object.entries(DEFAULT_RATES).map(([t, r]) => [t, withDefault(rateSchema, r)])) as Record<
    RatedFrame,
    Field<typeof rateSchema> & { optional: true; fallback: { burst: number; perSecond: number } }
  >,
  { unknown: 'refuse', noun: 'frame type with a rate' },
);

export const limitsSchema = object(
  {
    maxFrameBytes: withDefault(int(256, 16 * 1024 * 1024), DEFAULT_LIMITS.maxFrameBytes),
    maxTextLength: withDefault(int(1, 1_000_000), DEFAULT_LIMITS.maxTextLength),
    messagesPerMinute: withDefault(int(1), DEFAULT_LIMITS.messagesPerMinute),
    connectionsPerIp: withDefault(int(1), DEFAULT_LIMITS.connectionsPerIp),
    /** Per frame type; each is also applied per address, `addressRateFactor` times larger, so fresh visitor ids gain nothing. */
    rates: section(ratesSchema),
    addressRateFactor: withDefault(int(1, 10_000), 20),
    /** A socket whose refused frames run this many bursts beyond its bucket is closed with 1013. */
    abuseFactor: withDefault(int(1, 1000), 4),
    /** A socket that has not said hello after this long is closed with 1013. */
    helloTimeoutMs: withDefault(int(100, 120_000), 10_000),
    /** At most one message.read webhook per visitor this often, the newest upTo winning (DESIGN §10). */
    readIntervalMs: withDefault(int(50, 600_000), 2000),
  },
  { unknown: 'refuse' },
);
/** `limits`: a site's frame size, text length, message rate and connections per address. */
export type SiteLimits = Infer<typeof limitsSchema>;

/** A secret someone could otherwise guess: long enough that they cannot. */
const longSecret = () => string({ min: 32, pattern: /\S/, what: 'a secret of at least 32 characters (a long random string)' });

const whsec = () =>
  string({ pattern: /^(whsec_)?[A-Za-z0-9+/]+={0,2}$/, what: 'whsec_ followed by base64' });

export const identitySchema = object(
  {
    secret: text(),
    /** Unverified visitors may connect and read, but their messages are refused (DESIGN §5). */
    required: withDefault(boolean(), false),
  },
  { unknown: 'refuse' },
);
export type IdentityConfig = Infer<typeof identitySchema>;

export const privacySchema = object(
  {
    /** Query parameter names redacted from page addresses besides the defaults (protocol/redact.ts). */
    redactQuery: withDefault(array(string({ min: 1, max: 64, pattern: /^[^\s&=#]+$/, what: 'a query parameter name' }), { max: 100 }), []),
    /** Passes the visitor's address (as trustProxy resolves it) in visitor.connected's context; off unless the site asks (DESIGN §11). */
    forwardIp: withDefault(boolean(), false),
  },
  { unknown: 'refuse' },
);

export const siteSchema = object(
  {
    id: slug(),
    origins: array(string({ pattern: ORIGIN_PATTERN, what: 'an origin like https://shop.example or https://*.shop.example' }), { min: 1 }),
    apiSecret: longSecret(),
    webhook: object({ url: httpUrl(), secret: whsec() }, { unknown: 'refuse' }),
    identity: optional(identitySchema),
    typingPreview: section(typingPreviewSchema),
    agentsOnline: withDefault(int(0), 0),
    offline: section(object({ replyTime: section(localized(DEFAULT_REPLY_TIME)) }, { unknown: 'refuse' })),
    locale: withDefault(literal(...LOCALES), 'en'),
    theme: section(
      object(
        {
          color: withDefault(string({ pattern: HEX_COLOR, what: 'a hex color like #0a7cff' }), '#0a7cff'),
          position: withDefault(literal('left', 'right'), 'right'),
          /** Fixes the panel light or dark; absent, it follows the visitor's `prefers-color-scheme`. */
          scheme: optional(literal('light', 'dark')),
        },
        { unknown: 'refuse' },
      ),
    ),
    /** Business hours; absent: always open (DESIGN §8). */
    hours: optional(hoursSchema),
    /** "We usually reply in a few minutes", shown while someone is available. */
    responseTime: optional(partialLocalized()),
    /** Visitors' files (DESIGN §10); off unless the helpdesk answers attachment.requested. */
    attachments: section(attachmentsConfigSchema()),
    rating: section(object({ enabled: withDefault(boolean(), true), comment: withDefault(boolean(), true) }, { unknown: 'refuse' })),
    invitations: withDefault(rulesSchema, []),
    faq: withDefault(array(faqArticleSchema, { refine: uniqueIds }), []),
    faqUrl: withDefault(nullable(httpUrl()), null),
    limits: section(limitsSchema),
    privacy: section(privacySchema),
    /** Asks for name, email or phone (and consent) before the first message (DESIGN §11). */
    prechat: section(prechatSchema),
  },
  { unknown: 'refuse' },
);
/** One site as its owner writes it. */
export type SiteConfig = Input<typeof siteSchema>;
/** One site with every default filled in. */
export type Site = Infer<typeof siteSchema>;

// ---- the relay ----

export const webhookDeliverySchema = object(
  {
    tries: withDefault(int(1, 20), 3),
    timeoutMs: withDefault(int(1, 120_000), 5000),
    baseDelayMs: withDefault(int(0, 60_000), 250),
    maxDelayMs: withDefault(int(0, 300_000), 2000),
    /** Concurrent deliveries (and connections) per site: one site's slow helpdesk cannot take another's. */
    maxSockets: withDefault(int(1, 10_000), 16),
    /** Deliveries a site may have waiting; beyond it `latest` and `best` events are shed, counted. */
    maxQueued: withDefault(int(1, 1_000_000), 1000),
    /** One deadline for an acked delivery, queue wait and every try (below the widget's 25 s ack timeout). */
    deadlineMs: withDefault(int(100, 600_000), 19_000),
  },
  {
    unknown: 'refuse',
    refine: (d) => (d.maxDelayMs < d.baseDelayMs ? { at: '.maxDelayMs', message: 'must be at least webhookDelivery.baseDelayMs' } : undefined),
  },
);
/** `webhookDelivery`: tries, timeouts and backoff of each webhook. */
export type WebhookDeliveryConfig = Infer<typeof webhookDeliverySchema>;

/** Bounds on HTTP requests, so half-open clients (slowloris) cannot hold the relay's sockets. */
export const httpLimitsSchema = object(
  {
    headersTimeoutMs: withDefault(int(100, 60_000), 10_000),
    requestTimeoutMs: withDefault(int(100, 300_000), 30_000),
    keepAliveTimeoutMs: withDefault(int(100, 120_000), 5000),
    /** Sockets the server holds at once (HTTP and WebSocket); beyond it new ones are dropped at once. */
    maxConnections: withDefault(int(1, 1_000_000), 10_000),
    /** Visitor sockets are pinged this often; one that answered nothing since the last ping is closed. */
    heartbeatMs: withDefault(int(100, 600_000), 30_000),
  },
  { unknown: 'refuse', refine: (h) => (h.requestTimeoutMs < h.headersTimeoutMs ? { at: '.requestTimeoutMs', message: 'must be at least http.headersTimeoutMs' } : undefined) },
);
/** `http`: time limits, the connection cap and the socket heartbeat of the relay's HTTP server. */
export type HttpLimits = Infer<typeof httpLimitsSchema>;

export const relayConfigSchema = object(
  {
    port: withDefault(int(0, 65535), 8787),
    /** Default 0.0.0.0; a `demo` config listens on loopback only. */
    host: optional(text()),
    /** The example's config: its secrets are published, so it may only listen on this machine. */
    demo: withDefault(boolean(), false),
    /** Visitor-token secret, or a list newest first so older tokens still verify during rotation. */
    secret: union('a secret of at least 32 characters, or a list of them, newest first', longSecret(), array(longSecret(), { min: 1 })),
    /** Shares agent messages, typing and presence with other relay processes over Redis pub/sub. */
    redisUrl: withDefault(nullable(string({ pattern: /^rediss?:\/\/[^\s]+$/i, what: 'a redis:// or rediss:// URL' })), null),
    /** Base URL the relay is reachable at, used for absolute links (faqUrl); else taken from Host. */
    publicUrl: withDefault(nullable(httpUrl()), null),
    tokenTtlSeconds: withDefault(int(1), 30 * 24 * 3600),
    maxBodyBytes: withDefault(int(64), 65536),
    webhookDelivery: section(webhookDeliverySchema),
    http: section(httpLimitsSchema),
    /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For names the visitor's address. */
    trustProxy: withDefault(array(string({ min: 2, max: 64, pattern: /^[0-9a-fA-F:.]+(\/\d{1,3})?$/, what: 'an IP address or CIDR range like 10.0.0.0/8' }), { max: 1000 }), []),
    /** Bearer token for /metrics; without one, /metrics answers loopback requests only. */
    metricsToken: withDefault(nullable(string({ min: 16, pattern: /\S/, what: 'a token of at least 16 characters' })), null),
    sites: array(siteSchema, { min: 1, refine: uniqueIds }),
  },
  { unknown: 'refuse' },
);
/** The relay's configuration as written (the JSON file of DESIGN §7). */
export type RelayConfig = Input<typeof relayConfigSchema>;

