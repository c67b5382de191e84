// A maintainer adds a frame type: both routers must handle it, or `npm run typecheck` fails. The
// `@ts-expect-error` lines below are the proof: were a handler table allowed to miss a case, they
// would be unused and the typecheck would fail on them instead.
import { expect, it } from 'vitest';
import type { ClientFrame } from '../../protocol/client-frames.js';
import { route, type Handlers } from '../../protocol/route.js';
import type { ServerFrame } from '../../protocol/server-frames.js';

const none = () => 'handled';

it('a router over server frames that misses one frame type does not compile', () => {
  // @ts-expect-error `pong` is not handled
  const missing: Handlers<ServerFrame, null, string> = {
    welcome: none, ack: none, nack: none, message: none, agent_typing: none, invitation: none, presence: none, error: none,
  };
  const full: Handlers<ServerFrame, null, string> = { ...missing, pong: () => 'pong handled' };
  expect(route(full, { t: 'pong' }, null)).toBe('pong handled');
  expect(route(full, { t: 'ack', id: 'abcdefgh' }, null)).toBe('handled');
});

it('a router over visitor frames that misses one frame type does not compile', () => {
  // @ts-expect-error `faq` is not handled
  const missing: Handlers<ClientFrame, null, string> = {
    hello: none, identify: none, message: none, typing: none, page: none, offline_message: none, invitation: none, ping: none,
  };
  const full: Handlers<ClientFrame, null, string> = { ...missing, faq: (f) => `faq ${f.articleId}` };
  expect(route(full, { t: 'faq', articleId: 'ship', action: 'helpful' }, null)).toBe('faq ship');
});

it('a handler gets its own frame type: a field of another type does not compile', () => {
  const h: Handlers<ServerFrame, null, string> = {
    welcome: (f) => f.visitorId,
    // @ts-expect-error an ack has no `text`
    ack: (f) => f.text,
    nack: none, message: (f) => f.text, agent_typing: none, invitation: none, presence: none, resolved: none, read: none, upload_ready: none, error: none, pong: none,
  };
  expect(route(h, { t: 'welcome', visitorId: 'abcdefgh', token: 't', agentsOnline: 1, open: true }, null)).toBe('abcdefgh');
});
