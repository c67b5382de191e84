// Bodies of the relay's HTTP API (helpdesk → relay, DESIGN §4): one schema each, for the relay's check
// of what arrives, the helpdesk's types, and the JSON Schema of the API document.
import { array, boolean, int, literal, object, optional, string, union, type Infer } from './schema.js';
import { authorSchema, id } from './shapes.js';
import { actionsSchema, agentAttachmentSchema, MAX_ATTACHMENTS } from './attachments.js';
import { visitorListSchema } from './visitor-list.js';

/** Agent text: the site's `limits.maxTextLength` bounds it further. */
const agentText = () => string({ min: 1, pattern: /\S/, what: 'a non-empty string' });
/** Files an agent shares (http(s) URLs the helpdesk serves), shown inline when images. */
const agentFiles = () => array(agentAttachmentSchema(), { min: 1, max: MAX_ATTACHMENTS });

export const apiBodies = {
  /** POST /v1/sites/:site/visitors/:visitorId/messages: words, or files alone (a photo needs no caption). */
  message: union(
    'a message with text, or with attachments and no text',
    object({ id: optional(id()), text: agentText(), author: optional(authorSchema), attachments: optional(agentFiles()), actions: optional(actionsSchema({ uniqueIds: true })) }),
    object({ id: optional(id()), text: optional(string({ pattern: /^\s*$/, what: 'empty' })), author: optional(authorSchema), attachments: agentFiles(), actions: optional(actionsSchema({ uniqueIds: true })) }),
  ),
  /** POST /v1/sites/:site/visitors/:visitorId/read */
  read: object({ upTo: id() }),
  /** POST /v1/sites/:site/visitors/:visitorId/typing */
  typing: object({ typing: boolean() }),
  /** POST /v1/sites/:site/visitors/:visitorId/invitations */
  invitation: object({ id: optional(id()), text: agentText(), author: optional(authorSchema) }),
  /** PUT /v1/sites/:site/presence */
  presence: object({ agentsOnline: int(0, 1_000_000) }),
  /** POST /v1/sites/:site/visitors/:visitorId/resolve; askRating defaults to the site's rating.enabled. */
  resolve: object({ id: optional(id()), conversationId: optional(id()), askRating: optional(boolean()) }),
};
export type MessageBody = Infer<typeof apiBodies.message>;
export type PresenceBody = Infer<typeof apiBodies.presence>;
export type ResolveBody = Infer<typeof apiBodies.resolve>;
export type ReadBody = Infer<typeof apiBodies.read>;

export const apiAnswers = {
  sent: object({ id: id(), delivered: boolean() }),
  delivered: object({ delivered: boolean() }),
  presence: object({ agentsOnline: int(0), open: boolean(), opensAt: optional(string()) }),
  /** GET /v1/sites/:site/visitors */
  visitors: visitorListSchema,
  error: object({
    error: object({
      code: literal('unauthorized', 'forbidden', 'not_found', 'site_unknown', 'bad_request', 'body_too_large', 'method_not_allowed', 'widget_missing', 'internal'),
      message: string(),
    }),
  }),
};
/** Every code the HTTP API can answer with in `{error:{code,message}}`. */
export type ApiErrorCode = Infer<typeof apiAnswers.error>['error']['code'];
