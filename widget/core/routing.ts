// Relay frames into widget state: what `welcome`, `ack`, `message`, `presence` and the rest change in
// the conversation and the outbox. The same routing serves a tab's own socket and a leader's proxy.
import type { InvitationFrame, ServerFrame } from '../../protocol/types.js';
import type { RelayLink } from './connection.js';
import type { Conversation } from './conversation.js';
import type { Outbox } from './outbox.js';

export interface FrameSink {
  conv: Conversation;
  /** The outbox this tab owns, or null (follower tabs, before restore). */
  outbox(): Outbox | null;
  /** The relay said how many agents are online. */
  presence(agentsOnline: number): void;
  /** The relay (re)issued the visitor's id and token: worth caching at once. */
  welcomed(): void;
  invite(f: InvitationFrame): void;
}

/** Subscribes `sink` to a link's state, frames and fatal refusal. */
export function routeLink(link: RelayLink, sink: FrameSink): void {
  const conv = sink.conv;
  link.on('state', (s) => {
    if (s !== 'online') sink.outbox()?.disconnected();
    conv.setConnection(s);
  });
  link.on('frame', (f) => routeFrame(f, sink));
  link.on('fatal', (e) => conv.emit('error', { code: e.code === 1008 ? 'refused' : 'unavailable', message: e.reason }));
}

/** Applies one relay frame to the conversation and the outbox. */
export function routeFrame(f: ServerFrame, sink: FrameSink): void {
  const c = sink.conv;
  const outbox = sink.outbox();
  switch (f.t) {
    case 'welcome':
      c.visitorId = f.visitorId;
      c.token = f.token;
      sink.presence(f.agentsOnline);
      sink.welcomed();
      outbox?.connected();
      break;
    case 'ack':
      outbox?.ack(f.id);
      break;
    case 'nack':
      outbox?.nack(f.id, f.retryable, f.reason);
      break;
    case 'message':
      c.add({ id: f.id, from: f.from === 'visitor' ? 'visitor' : 'agent', text: f.text, author: f.author, at: f.at, status: f.from === 'visitor' ? 'sent' : undefined });
      break;
    case 'agent_typing':
      c.setTyping(!!f.typing);
      break;
    case 'invitation':
      sink.invite(f);
      break;
    case 'presence':
      sink.presence(f.agentsOnline);
      break;
    case 'error':
      c.emit('error', { code: f.code, message: f.message });
      break;
  }
}
