// Read receipts from the visitor (DESIGN §10): `read` goes to the relay when agent messages are on
// screen — the panel open and the tab visible — naming the newest one. A burst of messages, or a
// panel opened and closed, costs one frame per interval, never one per message. Only a widget with
// its UI has a screen: the UI starts this (widget/ui/mount.tsx), so the core does not carry it.
// Owns: when a read is sent. Must not: change the conversation or know the socket.
import type { Conversation } from './conversation.js';
import type { Events } from './events.js';

export interface ReadReceiptsOptions {
  /** How long agent messages stay on screen before `read` names the newest, in ms. */
  intervalMs: number;
}

/** Sends `read` while the visitor can see the conversation; returns a function that stops it. */
export function watchReads(conv: Conversation, events: Events, read: (upTo: string) => boolean, o: Partial<ReadReceiptsOptions> = {}): () => void {
  let told: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Whatever changed, one look a second later names the newest agent message a helpdesk knows
  // (not an invitation, not a divider), if the visitor can see it and it was not named already.
  const look = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      const m = conv.messages.filter((x) => x.from === 'agent' && !x.invitation && !x.end).pop();
      if (m && m.id !== told && conv.open && conv.connection === 'online' && !document.hidden && read(m.id)) told = m.id;
    }, o.intervalMs ?? 1000);
  };
  const off = events.on('change', look);
  document.addEventListener('visibilitychange', look);
  return () => {
    off();
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', look);
  };
}
