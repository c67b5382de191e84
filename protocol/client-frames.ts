// Visitor → relay frames (DESIGN §2): one schema gives their types and the relay's check.
import { EMAIL_PATTERN, SHORT_MAX, URL_MAX, isPhone } from './patterns.js';
import { any, array, boolean, check, int, literal, object, optional, string, tagged, type Infer, type Variant } from './schema.js';
import { id } from './shapes.js';
import { descriptorSchema, MAX_ATTACHMENTS, replyToSchema, uploadRequestSchema } from './attachments.js';
import { attributesSchema, claimsSchema, PHONE_MAX } from './claims.js';
import { visitContextSchema } from './context.js';
import type { ErrorCode } from './server-frames.js';

/** What bounds a visitor's frames; the site's config sets it. */
export interface ClientFrameLimits {
  /** Longest chat message or draft accepted, in characters. */
  maxTextLength: number;
}

// Page and user live here, not in shapes.ts: the widget sends them and never checks them.
export const pageSchema = object({
  url: string({ max: URL_MAX }),
  title: optional(string({ max: SHORT_MAX * 2 })),
  referrer: optional(string({ max: URL_MAX })),
});
/** The page a visitor is on. */
export type PageInfo = Infer<typeof pageSchema>;

export const userSchema = object({
  userId: optional(string({ max: SHORT_MAX })),
  name: optional(string({ max: SHORT_MAX })),
  email: optional(string({ max: SHORT_MAX })),
  phone: optional(string({ max: PHONE_MAX })),
  userHash: optional(string({ max: 128 })),
});
/** Who the site says the visitor is; only `userId` is ever verified (by `userHash`). */
export type UserInfo = Infer<typeof userSchema>;

const email = () => string({ max: SHORT_MAX, pattern: EMAIL_PATTERN, format: 'email', what: 'an email address' });
const phone = () => string({ max: 32, refine: (p) => (isPhone(p) ? undefined : 'must be a phone number like 0912 345 678 or +84 912 345 678') });

const invitationActions = literal('shown', 'accepted', 'dismissed');
const faqActions = literal('viewed', 'helpful', 'not_helpful');

/** The schema of every visitor frame for a site whose messages are at most `maxTextLength` long. */
export function clientFrameSchema(limits: ClientFrameLimits) {
  const said = () => string({ min: 1, max: limits.maxTextLength, pattern: /\S/, what: 'a non-empty text' });
  return tagged('t', {
    hello: object({
      visitorId: optional(id()),
      token: optional(string({ max: 512 })),
      lastMessageId: optional(id()),
      page: pageSchema,
      locale: optional(string({ max: 16 })),
      user: optional(userSchema),
      /** What the widget knows of the visit (DESIGN §11). */
      context: optional(visitContextSchema),
      /**
       * The claims the widget keeps, repeated on every connection so they survive page changes; checked
       * claim by claim against `claimsSchema` by the relay, which passes on those that fit.
       */
      profile: optional(any()),
    }),
    identify: object({ user: userSchema }),
    message: object(
      {
        id: id(),
        // A photo may go without words: text may be empty when the message carries a file.
        text: string({ max: limits.maxTextLength }),
        attachments: optional(array(descriptorSchema, { min: 1, max: MAX_ATTACHMENTS })),
        replyTo: optional(replyToSchema),
      },
      { refine: (m) => (/\S/.test(m.text) || m.attachments ? undefined : { at: '.text', message: 'must be a non-empty text' }) },
    ),
    typing: object({ text: string({ max: limits.maxTextLength }) }),
    page: pageSchema,
    offline_message: object(
      {
        id: id(),
        name: string({ max: SHORT_MAX }),
        email: optional(email()),
        phone: optional(phone()),
        /** The visitor asks to be called back on `phone`. */
        callback: optional(boolean()),
        text: said(),
      },
      // Someone has to be able to answer: an email or a phone number is enough.
      { refine: (f) => (f.email === undefined && f.phone === undefined ? { at: '.email', message: 'or phone is required' } : f.callback && f.phone === undefined ? { at: '.phone', message: 'is required for a callback' } : undefined) },
    ),
    rating: object({ id: id(), conversationId: optional(id()), score: int(1, 5), comment: optional(string({ max: limits.maxTextLength })) }),
    end: object({ id: id(), conversationId: optional(id()) }),
    transcript: object({ id: id(), conversationId: optional(id()), email: email() }),
    invitation: object({
      id: id(),
      ruleId: optional(string({ max: 64 })),
      text: optional(string({ max: limits.maxTextLength })),
      action: invitationActions,
    }),
    faq: object({ articleId: string({ max: 128 }), action: faqActions }),
    /** The visitor has seen agent messages up to this id. */
    read: object({ upTo: id() }),
    /** Where may this file go? Answered by `upload_ready` or `nack`. */
    upload: uploadRequestSchema(),
    /** Claims about the visitor (`Parley('update')`, identify's name/email/phone, the pre-chat form). */
    profile: claimsSchema,
    /** `Parley('track', name, props)`. */
    event: object({ name: string({ min: 1, max: 100, pattern: /\S/, what: 'a non-empty name of at most 100 characters' }), props: optional(attributesSchema) }),
    ping: object({}),
  });
}

/** Any frame a visitor sends. */
export type ClientFrame = Infer<ReturnType<typeof clientFrameSchema>>;
/** The frame of type `T`. */
export type ClientFrameOf<T extends ClientFrame['t']> = Variant<ClientFrame, 't', T>;
export type HelloFrame = ClientFrameOf<'hello'>;
export type VisitorMessageFrame = ClientFrameOf<'message'>;
export type OfflineMessageFrame = ClientFrameOf<'offline_message'>;
export type RatingFrame = ClientFrameOf<'rating'>;
export type EndFrame = ClientFrameOf<'end'>;
export type TranscriptFrame = ClientFrameOf<'transcript'>;
export type UploadFrame = ClientFrameOf<'upload'>;
export type ProfileFrame = ClientFrameOf<'profile'>;
export type EventFrame = ClientFrameOf<'event'>;
/** Frames the relay answers with `ack`/`nack` (the outbox keeps them until then). */
export const ACKED_FRAMES: readonly ClientFrame['t'][] = ['message', 'offline_message', 'rating', 'end', 'transcript'];
/** Frames refused with `nack` (never `error`): the acked ones and `upload`, whose success is `upload_ready`. */
export const NACKED_FRAMES: readonly ClientFrame['t'][] = [...ACKED_FRAMES, 'upload'];
export type InvitationAction = Infer<typeof invitationActions>;
export type FaqAction = Infer<typeof faqActions>;

export type Parsed<F> = { ok: true; frame: F } | { ok: false; code: ErrorCode; message: string };

/** Parses and checks one frame from a visitor against the site's compiled schema; never throws. */
export function parseClientFrame(raw: string, schema: ReturnType<typeof clientFrameSchema>): Parsed<ClientFrame> {
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_frame', message: 'frame is not valid JSON' };
  }
  const r = check(schema, o);
  if (r.ok) return { ok: true, frame: r.value };
  if (r.unknownTag !== undefined) return { ok: false, code: 'unknown_type', message: `unknown frame type "${r.unknownTag.slice(0, 64)}"` };
  if (r.path === '') return { ok: false, code: 'bad_frame', message: 'frame must be a JSON object' };
  if (r.path === 't') return { ok: false, code: 'bad_frame', message: 'frame has no "t" string' };
  return { ok: false, code: 'bad_frame', message: `${(o as { t: string }).t}: "${r.path}" ${r.message}` };
}
