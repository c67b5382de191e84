// The end of a conversation (DESIGN §9), the visitor's side: ending the chat, rating it, asking for it
// by email. Each is a frame through the outbox (stored first, acked by the relay once the helpdesk has
// it), so a rating given with the relay down arrives after a reload, once: its id is the webhook-id.
// Owns: these frames and the divider they leave. Must not: send (the client's role queues), or read
// the config (the client passes what it says).
import { nanoid } from 'nanoid';
import type { OutboxFrame } from '../../protocol/tabs.js';
import type { Conversation } from './conversation.js';
import type { Events } from './events.js';
import { isEmail } from './leave-message.js';

type Queue = (f: OutboxFrame) => void;

/** The newest end divider, or undefined when the conversation has not ended since its last message. */
export function currentEnd(conv: Conversation) {
  const last = conv.messages[conv.messages.length - 1];
  return last?.end ? last : undefined;
}

/** The conversation id the helpdesk gave the newest end, if any (what the rating and transcript name). */
function conversationOf(conv: Conversation, endId?: string): { conversationId?: string } {
  for (let i = conv.messages.length - 1; i >= 0; i--) {
    const m = conv.messages[i]!;
    if (m.end && (endId === undefined || m.id === endId)) return m.end.conversationId ? { conversationId: m.end.conversationId } : {};
  }
  return {};
}

/** The visitor ends the chat: a divider now, `end` queued; null when there is nothing to end. */
export function endChat(conv: Conversation, queue: Queue, askRating: boolean): string | null {
  if (!conv.messages.some((m) => !m.end) || currentEnd(conv)) return null;
  const id = nanoid();
  conv.end(id, { by: 'visitor', askRating });
  queue({ t: 'end', id });
  return id;
}

/** Rates the conversation that ended at `endId`; once per divider. */
export function rateChat(conv: Conversation, events: Events, queue: Queue, endId: string, score: number, comment: string | undefined, maxText: number): string | null {
  const m = conv.messages.find((x) => x.id === endId);
  if (!m?.end || m.end.rated || !(score >= 1 && score <= 5 && score % 1 === 0)) return null;
  const id = nanoid();
  const c = String(comment ?? '').trim().slice(0, maxText);
  const cid = conversationOf(conv, endId);
  queue({ t: 'rating', id, score, ...cid, ...(c ? { comment: c } : {}) });
  conv.rated(endId, score);
  events.emit('rated', { id, score, ...cid, ...(c ? { comment: c } : {}) });
  return id;
}

/** "Email me this conversation": queued; null when the address is not one the relay takes. */
export function requestTranscript(conv: Conversation, queue: Queue, email: string): string | null {
  const e = String(email ?? '').trim();
  if (!isEmail(e)) return null;
  const id = nanoid();
  queue({ t: 'transcript', id, email: e, ...conversationOf(conv) });
  return id;
}
