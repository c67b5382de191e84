// The whole contract both sides compile against, in one import: frames both ways, webhooks, API
// bodies, config, tab messages, locales. Each shape is defined once in the file named for it.
export * from './patterns.js';
export * from './locales.js';
export type { Author } from './shapes.js';
export * from './client-frames.js';
export * from './server-frames.js';
export * from './webhooks.js';
export * from './api.js';
export * from './attachments.js';
export * from './tabs.js';
export * from './claims.js';
export * from './context.js';
export * from './prechat.js';
export * from './prechat-config.js';
export * from './visitor-list.js';
