// Relay frames into widget state: what `welcome`, `ack`, `message`, `presence` and the rest change in
// the conversation and the outbox. The same routing serves a tab's own socket and a leader's proxy.
// Owns: the meaning of each relay frame for the widget. Must not: keep state, or touch the
// conversation other than through its methods.
import { route, type Handlers } from '../../protocol/route.js';
import type { InvitationFrame, ServerFrame } from '../../protocol/server-frames.js';
import type { RelayLink } from './connection.js';
import type { Conversation } from './conversation.js';
import type { Events } from './events.js';
import type { Outbox } from './outbox.js';

export interface FrameSink {
  conv: Conversation;
  events: Events;
  /** The outbox this tab owns, or null (follower tabs, before restore). */
  outbox(): Outbox | null;
  /** The relay said how many agents are online. */
  presence(agentsOnline: number): void;
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
  link.on('fatal', (e) => sink.events.emit('error', { code: e.code === 1008 ? 'refused' : 'unavailable', message: e.reason }));
}

// One handler per frame type: a frame type the relay gains fails the typecheck until it is handled here.
const handlers: Handlers<ServerFrame, FrameSink> = {
  welcome: (f, sink) => {
    sink.conv.welcome(f.visitorId, f.token);
    sink.presence(f.agentsOnline);
    sink.outbox()?.connected();
  },
  ack: (f, sink) => sink.outbox()?.ack(f.id),
  nack: (f, sink) => sink.outbox()?.nack(f.id, f.retryable, f.reason),
  message: (f, sink) =>
    sink.conv.add({ id: f.id, from: f.from, text: f.text, author: f.author, at: f.at, status: f.from === 'visitor' ? 'sent' : undefined }),
  agent_typing: (f, sink) => sink.conv.setTyping(f.typing),
  invitation: (f, sink) => sink.invite(f),
  presence: (f, sink) => sink.presence(f.agentsOnline),
  error: (f, sink) => sink.events.emit('error', { code: f.code, message: f.message }),
  // The answer to a keep-alive: receiving it is the whole point (the link notes when it last heard).
  pong: () => {},
};

/** Applies one relay frame to the conversation and the outbox. */
export function routeFrame(f: ServerFrame, sink: FrameSink): void {
  route(handlers, f, sink);
}
