// Relay frames into widget state: what `welcome`, `ack`, `message`, `presence`, `resolved` and the rest change in
// the conversation and in the fate of the visitor's messages. The same routing serves a leader's own
// socket and a follower's link through the leader tab.
// Owns: the meaning of each relay frame for the widget. Must not: keep state, or touch the
// conversation other than through its methods.
import { route, type Handlers } from '../../protocol/route.js';
import type { InvitationFrame, ServerFrame } from '../../protocol/server-frames.js';
import type { RelayLink } from './connection.js';
import type { Conversation } from './conversation.js';
import type { Events } from './events.js';

/** What hears about the visitor's messages: the leader's outbox (a follower hears it from the leader tab). */
export interface Delivery {
  connected(): void;
  disconnected(): void;
  ack(id: string): void;
  nack(id: string, retryable: boolean, reason: string): void;
}

export interface FrameSink {
  conv: Conversation;
  events: Events;
  delivery: Delivery;
  /** The relay said how many agents are online and whether the site is within its hours. */
  presence(agentsOnline: number, open: boolean, opensAt?: string): void;
  invite(f: InvitationFrame): void;
}

/** Subscribes `sink` to a link's state, frames and fatal refusal. */
export function routeLink(link: RelayLink, sink: FrameSink): void {
  link.on('state', (s) => {
    if (s !== 'online') sink.delivery.disconnected();
    sink.conv.setConnection(s);
  });
  link.on('frame', (f) => routeFrame(f, sink));
  link.on('fatal', (e) => sink.events.emit('error', { code: e.code === 1008 ? 'refused' : 'unavailable', message: e.reason }));
}

// One handler per frame type: a frame type the relay gains fails the typecheck until it is handled here.
const handlers: Handlers<ServerFrame, FrameSink> = {
  welcome: (f, sink) => {
    sink.conv.welcome(f.visitorId, f.token);
    sink.presence(f.agentsOnline, f.open !== false, f.opensAt);
    sink.delivery.connected();
  },
  ack: (f, sink) => sink.delivery.ack(f.id),
  nack: (f, sink) => sink.delivery.nack(f.id, f.retryable, f.reason),
  message: (f, sink) =>
    sink.conv.add({
      id: f.id,
      from: f.from,
      text: f.text,
      author: f.author,
      at: f.at,
      status: f.from === 'visitor' ? 'sent' : undefined,
      ...(f.attachments ? { attachments: f.attachments } : {}),
      ...(f.actions ? { actions: f.actions } : {}),
    }),
  agent_typing: (f, sink) => sink.conv.setTyping(f.typing),
  invitation: (f, sink) => sink.invite(f),
  presence: (f, sink) => sink.presence(f.agentsOnline, f.open !== false, f.opensAt),
  resolved: (f, sink) => void sink.conv.end(f.id, { by: 'agent', askRating: f.askRating, ...(f.conversationId ? { conversationId: f.conversationId } : {}) }),
  read: (f, sink) => sink.conv.seen(f.upTo),
  // The answer to this widget's own upload, heard on the link by the upload that asked for it
  // (widget/uploads/upload.ts): nothing in the conversation changes.
  upload_ready: () => {},
  error: (f, sink) => sink.events.emit('error', { code: f.code, message: f.message }),
  // The answer to a keep-alive: receiving it is the whole point (the link notes when it last heard).
  pong: () => {},
};

/** Applies one relay frame to the conversation and the delivery of the visitor's messages. */
export function routeFrame(f: ServerFrame, sink: FrameSink): void {
  route(handlers, f, sink);
}
