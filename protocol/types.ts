// Wire protocol v1 between the widget and the relay: JSON text frames `{ t: TYPE, ... }`.
// This file and validate.ts are the whole contract both sides compile against.

export const PROTOCOL_VERSION = 1;

/** Ids are client- or relay-generated nanoids; anything else is refused. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export interface PageInfo {
  url: string;
  title?: string;
  referrer?: string;
}

export interface UserInfo {
  userId?: string;
  name?: string;
  email?: string;
  userHash?: string;
}

export interface Author {
  name: string;
  avatarUrl?: string;
}

// ---- visitor -> relay ----

export interface HelloFrame {
  t: 'hello';
  visitorId?: string;
  token?: string;
  lastMessageId?: string;
  page: PageInfo;
  locale?: string;
  user?: UserInfo;
}
export interface IdentifyFrame { t: 'identify'; user: UserInfo }
export interface VisitorMessageFrame { t: 'message'; id: string; text: string }
export interface TypingFrame { t: 'typing'; text: string }
export interface PageFrame { t: 'page'; url: string; title?: string; referrer?: string }
export interface OfflineMessageFrame { t: 'offline_message'; id: string; name: string; email: string; text: string }
export type InvitationAction = 'shown' | 'accepted' | 'dismissed';
export interface InvitationEventFrame { t: 'invitation'; id: string; ruleId?: string; text?: string; action: InvitationAction }
export type FaqAction = 'viewed' | 'helpful' | 'not_helpful';
export interface FaqFrame { t: 'faq'; articleId: string; action: FaqAction }
export interface PingFrame { t: 'ping' }

export type ClientFrame =
  | HelloFrame
  | IdentifyFrame
  | VisitorMessageFrame
  | TypingFrame
  | PageFrame
  | OfflineMessageFrame
  | InvitationEventFrame
  | FaqFrame
  | PingFrame;

// ---- relay -> visitor ----

export interface WelcomeFrame { t: 'welcome'; visitorId: string; token: string; agentsOnline: number }
export interface AckFrame { t: 'ack'; id: string }
export interface NackFrame { t: 'nack'; id: string; retryable: boolean; reason: string }
export interface ChatMessageFrame {
  t: 'message';
  id: string;
  from: 'agent' | 'visitor';
  text: string;
  author?: Author;
  at: string;
}
export interface AgentTypingFrame { t: 'agent_typing'; typing: boolean }
export interface InvitationFrame { t: 'invitation'; id: string; text: string; author?: Author }
export interface PresenceFrame { t: 'presence'; agentsOnline: number }
export interface ErrorFrame { t: 'error'; code: ErrorCode; message: string }
export interface PongFrame { t: 'pong' }

export type ServerFrame =
  | WelcomeFrame
  | AckFrame
  | NackFrame
  | ChatMessageFrame
  | AgentTypingFrame
  | InvitationFrame
  | PresenceFrame
  | ErrorFrame
  | PongFrame;

export type ErrorCode =
  | 'bad_frame'
  | 'unknown_type'
  | 'too_large'
  | 'identity_invalid'
  | 'rate_limited'
  | 'site_unknown'
  | 'origin_refused';

/** WebSocket close codes the relay uses; 1008 tells the widget not to retry. */
export const CloseCode = {
  normal: 1000,
  invalidPayload: 1007,
  policy: 1008,
  tooLarge: 1009,
  restarting: 1012,
} as const;

// ---- webhooks (relay -> helpdesk) ----

export type WebhookType =
  | 'visitor.connected'
  | 'visitor.disconnected'
  | 'visitor.page_viewed'
  | 'message.created'
  | 'visitor.typing'
  | 'offline_message.created'
  | 'invitation.shown'
  | 'invitation.accepted'
  | 'invitation.dismissed'
  | 'faq.feedback';

export interface WebhookVisitor {
  id: string;
  verified: boolean;
  userId?: string;
  name?: string;
  email?: string;
  page?: PageInfo;
  locale?: string;
}

export interface WebhookBody<D = Record<string, unknown>> {
  type: WebhookType;
  timestamp: string;
  data: D & { site: string; visitor: WebhookVisitor };
}

/** A message the helpdesk hands back in its answer to `visitor.connected` (catch-up). */
export interface CatchUpMessage {
  id: string;
  text: string;
  author?: Author;
  at: string;
  from?: 'agent' | 'visitor';
}
