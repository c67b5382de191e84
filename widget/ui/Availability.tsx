// The header's presence line (DESIGN §8): "online" and the site's response time while someone can
// answer; when the site opens again, in the visitor's own time zone and language, while it is closed;
// "away" while it is open but nobody is online. While the relay is unreachable all of that is stale:
// it says the chat is connecting or reconnecting instead (data-state is then the connection's).
import type { Client } from '../core/client.js';
import { formatOpening, type Strings } from '../i18n.js';

/** What the header says of who can answer now. */
export function Availability(p: { client: Client; s: Strings }) {
  const c = p.client;
  const conv = c.conv;
  const s = p.s;
  const linked = conv.connection === 'online';
  const on = linked && conv.available;
  const state = !linked ? conv.connection : on ? 'online' : conv.siteOpen ? 'away' : 'closed';
  const rt = on ? c.config?.responseTime?.[c.locale] : undefined;
  const text = !linked
    ? conv.connection === 'connecting'
      ? s.connecting
      : s.reconnecting
    : on
      ? s.online
      : conv.siteOpen
        ? s.away
        : conv.opensAt
          ? s.backAt(formatOpening(conv.opensAt, c.locale))
          : s.closed;
  return (
    <span class="presence" data-parley="presence" data-online={on ? 'true' : 'false'} data-state={state}>
      <span class={`dot${on ? ' on' : ''}`} aria-hidden="true" />
      {text}
      {rt && (
        <span class="rt" data-parley="response-time">
          {rt}
        </span>
      )}
    </span>
  );
}
