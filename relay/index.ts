// parley-chat/relay: the relay as a library.
export { createRelay } from './server.js';
export type { Relay, RelayOptions } from './server.js';
export { worstCaseDeliveryMs, resolveConfig } from './config.js';
export { loadConfig } from './config-load.js';
export type { RelayConfig, SiteConfig, SiteLimits, TypingPreviewConfig, WebhookDeliveryConfig } from './config.js';
export { BusError, ConfigError } from './errors.js';
export type { Bus, BusEvent, BusHandler } from './bus.js';
export { MemoryBus } from './bus.js';
export { RedisBus } from './redis-bus.js';
export type { RedisBusOptions } from './redis-bus.js';
export { signWebhook } from './webhooks.js';
export { createLogger } from './log.js';
export { identityHash } from './tokens.js';
