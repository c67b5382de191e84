// The header's presence line (DESIGN §8): "online" and the site's response time while someone can
// answer; when the site opens again, in the visitor's own time zone and language, while it is closed;
// "away" while it is open but nobody is online.
import type { Client } from '../core/client.js';
import { formatOpening, type Strings } from '../i18n.js';

/** What the header says of who can answer now. */
export function Availability(p: { client: Client; s: Strings }) {
  const c = p.client;
  const conv = c.conv;
  const s = p.s;
  const on = conv.available;
  const state = on ? 'online' : conv.siteOpen ? 'away' : 'closed';
  const rt = on ? c.config?.responseTime?.[c.locale] : undefined;
  return (
    <span class="presence" data-parley="presence" data-online={on ? 'true' : 'false'} data-state={state}>
      <span class={`dot${on ? ' on' : ''}`} aria-hidden="true" />
      {on ? s.online : conv.siteOpen ? s.away : conv.opensAt ? s.backAt(formatOpening(conv.opensAt, c.locale)) : s.closed}
      {rt && (
        <span class="rt" data-parley="response-time">
          {rt}
        </span>
      )}
    </span>
  );
}
