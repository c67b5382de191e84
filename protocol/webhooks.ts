// Webhooks (relay → helpdesk, DESIGN §3): one schema per event's `data` gives the relay's types and
// the JSON Schema backend teams validate against. A new event is one entry in `webhookData`.
import { SHORT_MAX } from './patterns.js';
import { array, boolean, int, literal, object, optional, string, type Infer, type Schema } from './schema.js';
import { pageSchema } from './client-frames.js';
import { fromSchema, id, shownAuthorSchema, time } from './shapes.js';
import { actionsSchema, agentAttachmentSchema, descriptorSchema, MAX_ATTACHMENTS, replyToSchema, uploadRequestSchema, uploadTargetSchema } from './attachments.js';
import { attributesSchema, claimsSchema, PHONE_MAX } from './claims.js';
import { forwardedContextSchema } from './context.js';

export const webhookVisitorSchema = object({
  id: id(),
  verified: boolean(),
  userId: optional(string({ max: SHORT_MAX })),
  name: optional(string({ max: SHORT_MAX })),
  email: optional(string({ max: SHORT_MAX })),
  /** Claims (DESIGN §11): said by the page or the visitor, never verified. */
  phone: optional(string({ max: PHONE_MAX })),
  attributes: optional(attributesSchema),
  page: optional(pageSchema),
  locale: optional(string({ max: 16 })),
});
/** Who the event is about, as every webhook's `data.visitor` carries it. */
export type WebhookVisitor = Infer<typeof webhookVisitorSchema>;

const invitation = object({ invitation: object({ id: id(), ruleId: optional(string({ max: 64 })), text: string() }) }, { doc: 'An invitation was shown to the visitor, accepted or dismissed; ruleId when a rule of the config showed it.' });

/** Each event's `data` besides `site` and `visitor`. */
export const webhookData = {
  'visitor.connected': object(
    { page: pageSchema, since: optional(id()), context: optional(forwardedContextSchema) },
    { doc: 'A visitor opened a socket (every page view); answer 2xx with catch-up messages (a verified user\'s history, both sides, with from).' },
  ),
  'visitor.disconnected': object({ page: pageSchema }, { doc: 'A socket of the visitor closed.' }),
  'visitor.page_viewed': object({ page: pageSchema }, { doc: 'The visitor navigated within a single-page app.' }),
  'message.created': object(
    { message: object({ id: id(), text: string(), attachments: optional(array(descriptorSchema)), replyTo: optional(replyToSchema), at: time() }) },
    { doc: 'A chat message; webhook-id is its id. Acked to the visitor after your 2xx. Each attachment\'s signature was verified by the relay; check the stored object\'s type and size before showing it.' },
  ),
  'message.read': object({ upTo: id(), at: time() }, { doc: 'The visitor has seen agent messages up to upTo; at most one per visitor per 2 s, the newest winning.' }),
  'attachment.requested': object(
    { attachment: uploadRequestSchema() },
    { doc: 'The visitor wants to upload this file; webhook-id is the upload id. Answer 2xx {uploadUrl, method, headers?, fields?, url, expiresAt}, the same for a repeated id.' },
  ),
  'visitor.typing': object({ preview: string() }, { doc: 'Live typing preview, masked; "" means stopped.' }),
  'offline_message.created': object(
    {
      message: object({
        id: id(),
        name: string(),
        email: optional(string({ format: 'email' })),
        phone: optional(string()),
        callback: optional(boolean()),
        text: string(),
        at: time(),
      }),
    },
    { doc: 'The leave-a-message form, sent while the site was closed or nobody was online; an email, a phone or both; callback: true asks for a call.' },
  ),
  'conversation.ended': object({ conversationId: optional(id()), by: literal('visitor') }, { doc: 'The visitor ended the chat; webhook-id is the end frame\'s id.' }),
  'conversation.rated': object(
    { rating: object({ id: id(), conversationId: optional(id()), score: int(1, 5), comment: optional(string()), at: time() }) },
    { doc: 'A satisfaction rating, 1 to 5; webhook-id is the rating id, so a rating given offline arrives once.' },
  ),
  'transcript.requested': object(
    { request: object({ id: id(), conversationId: optional(id()), email: string({ format: 'email' }), emailVerified: boolean() }) },
    { doc: 'The visitor asked for the conversation by email; emailVerified: the address is the verified user\'s own. You send it.' },
  ),
  'invitation.shown': invitation,
  'invitation.accepted': invitation,
  'invitation.dismissed': invitation,
  'faq.feedback': object({ articleId: string(), action: literal('viewed', 'helpful', 'not_helpful') }, { doc: 'A suggested FAQ article was viewed or rated.' }),
  'visitor.updated': object({ profile: claimsSchema }, { doc: 'The page or the visitor said something about the visitor (claims, never verified); data.visitor has them merged.' }),
  'visitor.event': object(
    { event: object({ name: string(), props: optional(attributesSchema), at: time() }) },
    { doc: 'The page tracked an event (Parley(\'track\', name, props)).' },
  ),
} satisfies Record<string, Schema<object>>;

export type WebhookType = keyof typeof webhookData;

/**
 * How each event is delivered under load (DESIGN §3): `acked` (the visitor waits for the helpdesk's
 * 2xx; never dropped, one deadline), `essential` (never dropped), `latest` (only the newest per
 * visitor waits; shed first when the site's queue is full), `best` (shed when full). Typed over every
 * webhook type, so a new event cannot be added without saying how it travels.
 */
export type DeliveryClass = 'acked' | 'essential' | 'latest' | 'best';
export const DELIVERY_CLASS: Record<WebhookType, DeliveryClass> = {
  'message.created': 'acked',
  'offline_message.created': 'acked',
  'conversation.ended': 'acked',
  'conversation.rated': 'acked',
  'transcript.requested': 'acked',
  'attachment.requested': 'acked',
  'visitor.connected': 'essential',
  'visitor.disconnected': 'essential',
  'visitor.updated': 'essential',
  'visitor.typing': 'latest',
  'visitor.page_viewed': 'latest',
  'message.read': 'latest',
  'invitation.shown': 'best',
  'invitation.accepted': 'best',
  'invitation.dismissed': 'best',
  'faq.feedback': 'best',
  'visitor.event': 'best',
};
/** The `data` of event `T` besides `site` and `visitor`. */
export type WebhookData<T extends WebhookType> = Infer<(typeof webhookData)[T]>;
/** Every webhook type, in the order of the contract. */
export const WEBHOOK_TYPES = Object.keys(webhookData) as WebhookType[];

/** The signed body of one webhook. */
export interface WebhookBody<T extends WebhookType = WebhookType> {
  type: T;
  timestamp: string;
  data: WebhookData<T> & { site: string; visitor: WebhookVisitor };
}

/** A message the helpdesk hands back in its 2xx answer to `visitor.connected` (catch-up). */
export const catchUpMessageSchema = object({
  id: id(),
  text: string(),
  author: optional(shownAuthorSchema),
  at: optional(time()),
  from: optional(fromSchema),
  /** Files of the message, as the messages call takes them (http(s) URLs); one that does not fit is left out, not the message. */
  attachments: optional(array(agentAttachmentSchema(), { max: MAX_ATTACHMENTS, skipBad: true })),
  /** Quick replies, shown while this is the newest message. */
  actions: optional(actionsSchema({ uniqueIds: true })),
});
export type CatchUpMessage = Infer<typeof catchUpMessageSchema>;

/** The helpdesk's answer to `visitor.connected`; items that do not fit are skipped, not fatal. */
export const connectedAnswerSchema = object({
  messages: optional(array(catchUpMessageSchema, { skipBad: true })),
  /** A resolve the visitor was offline for (`delivered: false`), handed back once they return. */
  resolved: optional(object({ id: id(), conversationId: optional(id()), askRating: optional(boolean()) })),
});

/**
 * What a helpdesk's 2xx answer to each event may carry, for the events whose answer means something
 * (the relay ignores the body of the others). The kit, the OpenAPI document and the README read it.
 */
export const webhookAnswers: Partial<Record<WebhookType, Schema<object, any>>> = {
  'visitor.connected': connectedAnswerSchema,
  'attachment.requested': uploadTargetSchema(),
};
