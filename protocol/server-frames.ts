// Relay → visitor frames (DESIGN §2): one schema gives their types, the widget's check of what
// arrives, and the check of frames crossing the Redis bus.
import { array, fits, int, literal, object, optional, string, tagged, boolean, type Infer, type Variant } from './schema.js';
import { fromSchema, id, shownAuthorSchema, time } from './shapes.js';
import { actionSchema, descriptorSchema, MAX_ACTIONS, MAX_ATTACHMENTS, shownAttachmentSchema, uploadPlaceShape } from './attachments.js';

const errorCodes = literal('bad_frame', 'unknown_type', 'too_large', 'identity_invalid', 'identity_required', 'rate_limited', 'site_unknown', 'origin_refused');
/** The codes of an `error` frame. */
export type ErrorCode = Infer<typeof errorCodes>;

const count = () => int(0);

export const chatMessageSchema = object({
  id: id(),
  from: fromSchema,
  text: string(),
  author: optional(shownAuthorSchema),
  attachments: optional(array(shownAttachmentSchema, { max: MAX_ATTACHMENTS })),
  /** Quick replies, shown while this is the newest message. */
  actions: optional(array(actionSchema, { max: MAX_ACTIONS })),
  at: time(),
});

export const serverFrameSchema = tagged('t', {
  welcome: object({ visitorId: id(), token: string({ max: 512 }), agentsOnline: count(), open: optional(boolean()), opensAt: optional(time()) }),
  ack: object({ id: string({ max: 128 }) }),
  nack: object({ id: string({ max: 128 }), retryable: boolean(), reason: string({ max: 128 }) }),
  message: chatMessageSchema,
  agent_typing: object({ typing: boolean() }),
  invitation: object({ id: id(), text: string(), author: optional(shownAuthorSchema) }),
  // `open` is always sent; a widget treats it missing (an older relay) as open.
  presence: object({ agentsOnline: count(), open: optional(boolean()), opensAt: optional(time()) }),
  /** The helpdesk ended the conversation (DESIGN §9); the widget shows each id once. */
  resolved: object({ id: id(), conversationId: optional(id()), askRating: boolean() }),
  /** The agent has read the visitor's messages up to this id. */
  read: object({ upTo: id() }),
  /** Where to put the file of `upload` `id`, and the descriptor to send once it is there (DESIGN §10). */
  upload_ready: object({ id: id(), ...uploadPlaceShape, attachment: descriptorSchema }),
  error: object({ code: errorCodes, message: string() }),
  pong: object({}),
});

/** Any frame the relay sends a visitor. */
export type ServerFrame = Infer<typeof serverFrameSchema>;
/** The frame of type `T`. */
export type ServerFrameOf<T extends ServerFrame['t']> = Variant<ServerFrame, 't', T>;
export type WelcomeFrame = ServerFrameOf<'welcome'>;
export type ChatMessageFrame = ServerFrameOf<'message'>;
export type InvitationFrame = ServerFrameOf<'invitation'>;
export type ResolvedFrame = ServerFrameOf<'resolved'>;
export type UploadReadyFrame = ServerFrameOf<'upload_ready'>;

/** A frame from the relay, checked; null when it is not JSON or not a frame this version knows. */
export function parseServerFrame(raw: unknown): ServerFrame | null {
  if (typeof raw !== 'string') return null;
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch {
    return null;
  }
  return fits(serverFrameSchema, o) ? (o as ServerFrame) : null;
}

/** WebSocket close codes the relay uses; 1008 tells the widget not to retry. */
export const CloseCode = {
  normal: 1000,
  invalidPayload: 1007,
  policy: 1008,
  tooLarge: 1009,
  restarting: 1012,
  /** Abuse or a missing hello: the widget waits 30 s or more before it retries. */
  tryAgainLater: 1013,
} as const;
