// parley-chat/helpdesk: the backend team's kit. A webhook endpoint that verifies, dedupes and types
// every event the relay sends, and a client with one typed method per call of the relay's API.
export { createWebhookHandler } from './webhook-handler.js';
export type { WebhookHandler, WebhookHandlerOptions, WebhookReply, WebhookRefusalCode, WebhookRequest } from './webhook-handler.js';
export type { WebhookEvent, WebhookType, CatchUpMessage, ConnectedAnswer } from './events.js';
export { memoryDedupeStore } from './dedupe.js';
export type { DedupeStore, StoredAnswer } from './dedupe.js';
export { createRelayClient } from './relay-client.js';
export type { RelayClient, RelayClientOptions, RelayError, RelayErrorCode, RelayResult } from './relay-client.js';
export { HelpdeskOptionError } from './options.js';
export { WEBHOOK_TYPES } from '../protocol/webhooks.js';
export type { WebhookData, WebhookVisitor } from '../protocol/webhooks.js';
