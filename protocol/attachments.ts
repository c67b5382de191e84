// Attachments, quick replies and read receipts (DESIGN §10): the shapes that cross a boundary for
// them, one schema each. The relay never carries a file's bytes, only these descriptors.
import { SHORT_MAX, URL_MAX } from './patterns.js';
import { array, boolean, int, literal, object, optional, record, string, withDefault, type Infer } from './schema.js';
import { httpUrl, id, slug, time, uniqueIds } from './shapes.js';
import { DEFAULT_ATTACHMENT_TYPES, DEFAULT_MAX_ATTACHMENT_BYTES, MAX_DESCRIPTOR_GRACE_SECONDS } from './attachment-rules.js';

export * from './attachment-rules.js';

/** Buttons one agent message may carry. */
export const MAX_ACTIONS = 10;
/** Files one message may carry. */
export const MAX_ATTACHMENTS = 10;

const mimeType = () => string({ min: 3, max: 127, pattern: /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9!#$&^_.+*-]+$/i, what: 'a media type (image/png)' });

/** `attachments` in a site's config: off unless the helpdesk answers `attachment.requested`. */
// Schemas only the relay uses are functions: a module-level schema would ship in the widget's core.
export const attachmentsConfigSchema = () =>
  object(
  {
    enabled: withDefault(boolean(), false),
    maxBytes: withDefault(int(1, 1024 * 1024 * 1024), DEFAULT_MAX_ATTACHMENT_BYTES),
    /** Media types or `type/*`; `image/*` never admits SVG (it can carry script), which must be listed itself. */
    types: withDefault(array(mimeType(), { min: 1, max: 100 }), DEFAULT_ATTACHMENT_TYPES),
    /** How long after the upload target expires the relay still accepts its descriptor in a message. */
    descriptorGraceSeconds: withDefault(int(0, MAX_DESCRIPTOR_GRACE_SECONDS), MAX_DESCRIPTOR_GRACE_SECONDS),
  },
  { unknown: 'refuse' },
);
/** `attachments`: whether visitors may attach files, how large and of which types. */
export type AttachmentsConfig = Infer<ReturnType<typeof attachmentsConfigSchema>>;

/** A file name as text: no path, no control characters. */
const fileName = () => string({ min: 1, max: SHORT_MAX, pattern: /^[^\u0000-\u001f\u007f/\\]+$/, what: 'a file name (no slashes)' });

/** What the visitor declares before uploading (the `upload` frame and `attachment.requested`). */
export const uploadRequestSchema = () => object({ id: id(), name: fileName(), type: mimeType(), size: int(1, Number.MAX_SAFE_INTEGER) });

/** A visitor's uploaded file as the relay vouches for it: `sig` covers every other field. */
export const descriptorSchema = object({
  id: id(),
  name: fileName(),
  type: mimeType(),
  size: int(1, Number.MAX_SAFE_INTEGER),
  url: httpUrl(),
  /** Seconds since the epoch after which the relay refuses the descriptor. */
  exp: int(0),
  sig: string({ min: 16, max: 128, pattern: /^[A-Za-z0-9_-]+$/, what: 'base64url' }),
});
/** A signed, expiring attachment descriptor (DESIGN §10). */
export type AttachmentDescriptor = Infer<typeof descriptorSchema>;

/** What the signature covers, in order: changing any of it (the URL, the size) breaks the signature. */
export function descriptorSigningText(site: string, visitorId: string, d: Omit<AttachmentDescriptor, 'sig'>): string {
  return JSON.stringify(['parley-attachment-v1', site, visitorId, d.id, d.url, d.name, d.type, d.size, d.exp]);
}

/** An agent's file in the messages call: any http(s) URL the helpdesk serves. */
export const agentAttachmentSchema = () => object({ url: httpUrl(), name: fileName(), type: mimeType(), size: optional(int(0, Number.MAX_SAFE_INTEGER)) });
/** A file shown in a message (the widget shows http(s) URLs only, names as text). */
export const shownAttachmentSchema = object({
  id: optional(id()),
  url: string({ max: URL_MAX }),
  name: string({ max: SHORT_MAX }),
  type: string({ max: 127 }),
  size: optional(int(0, Number.MAX_SAFE_INTEGER)),
});
export type ShownAttachment = Infer<typeof shownAttachmentSchema>;

/** A quick-reply button on an agent message. */
export const actionSchema = object({ id: slug(), label: string({ min: 1, max: 80, pattern: /\S/, what: 'a label of 1-80 characters' }) });
export type QuickAction = Infer<typeof actionSchema>;
/** The buttons of one message; with `uniqueIds`, two buttons may not share an id (a reply names one). */
export const actionsSchema = (o: { uniqueIds?: boolean } = {}) => array(actionSchema, { min: 1, max: MAX_ACTIONS, ...(o.uniqueIds ? { refine: uniqueIds } : {}) });

/** Which button of which agent message a visitor's message answers. */
export const replyToSchema = object({ messageId: id(), actionId: slug() });
export type ReplyTo = Infer<typeof replyToSchema>;

/** Where and how the widget puts the file (the `upload_ready` frame carries these). */
export const uploadPlaceShape = {
  uploadUrl: httpUrl(),
  method: literal('PUT', 'POST'),
  headers: optional(record(string({ max: 1024 }), { keyPattern: /^[A-Za-z0-9-]{1,64}$/, maxKeys: 20 })),
  fields: optional(record(string({ max: 4096 }), { keyPattern: /^[^\s]{1,128}$/, maxKeys: 40 })),
  expiresAt: time(),
};
/** The helpdesk's 2xx answer to `attachment.requested`: where the widget puts the file. */
export const uploadTargetSchema = () =>
  object({
    ...uploadPlaceShape,
    /** Where the stored file will be served from once uploaded (it goes into the signed descriptor). */
    url: httpUrl(),
  });
export type UploadTarget = Infer<ReturnType<typeof uploadTargetSchema>>;
