// Proactive chat invitations: a framework-free rules engine the widget UI drives.
export { createInvitationEngine, type Invitation, type InvitationEngine, type InvitationEngineOptions } from './engine.js';
export { evaluate, matchUrl, waitMs, type Facts } from './conditions.js';
export { validateRules, type Conditions, type LocalizedText, type Rule, type RuleAuthor, type RuleError } from './rules.js';
export { STORE_KEY, VISIT_GAP_MS, type KeyValueStore } from './capping.js';
export { createSignals, type DocumentLike, type PageFacts, type WindowLike } from './signals.js';
