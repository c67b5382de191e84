// Read receipts from the visitor (DESIGN §10): `read` goes to the relay when agent messages are on
// screen — the panel open and the tab visible — naming the newest one. A burst of messages, or a
// panel opened and closed, costs one frame per interval, never one per message.
// Owns: when a read is sent. Must not: change the conversation or know the socket.
import type { ClientFrame } from '../../protocol/client-frames.js';
import type { Conversation } from './conversation.js';
import type { Events } from './events.js';

export interface ReadReceiptsOptions {
  /** How long agent messages stay on screen before `read` names the newest, in ms. */
  intervalMs: number;
}

/** The newest agent message a helpdesk knows (not an invitation, not a divider), or undefined. */
function newestAgentMessage(conv: Conversation): string | undefined {
  for (let i = conv.messages.length - 1; i >= 0; i--) {
    const m = conv.messages[i]!;
    if (m.from === 'agent' && !m.invitation && !m.end) return m.id;
  }
  return undefined;
}

/** Sends `read` while the visitor can see the conversation; returns a function that stops it. */
export function watchReads(conv: Conversation, events: Events, send: (f: ClientFrame) => boolean, o: Partial<ReadReceiptsOptions> = {}): () => void {
  const interval = o.intervalMs ?? 1000;
  const doc = typeof document === 'undefined' ? null : document;
  let told: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seeing = () => conv.open && conv.connection === 'online' && !doc?.hidden;
  const due = () => {
    const id = newestAgentMessage(conv);
    return id !== undefined && id !== told && seeing() ? id : undefined;
  };
  const look = () => {
    if (timer !== undefined || !due()) return;
    timer = setTimeout(() => {
      timer = undefined;
      const id = due();
      if (id && send({ t: 'read', upTo: id })) told = id;
    }, interval);
  };
  const off = events.on('change', look);
  doc?.addEventListener('visibilitychange', look);
  return () => {
    off();
    clearTimeout(timer);
    doc?.removeEventListener('visibilitychange', look);
  };
}
