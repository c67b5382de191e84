// Two tabs of one visitor share one socket: a message sent in one shows in the other and reaches
// the helpdesk once; a reply shows in both; when the first tab closes, the other still sends.
import { expect } from 'vitest';
import { waitFor } from '../browser.js';
import { metric } from '../../relay/helpers.js';
import { created, reply, type Story } from './story.js';
import { openChat, send, shows } from './visitor.js';

export const tabs: Story = {
  name: 'two tabs',
  timeoutMs: 120_000,
  async run({ demo, browser, figure }) {
    const profile = await browser.profile();
    const a = await profile.tab(demo.siteUrl);
    await openChat(a);
    await waitFor(async () => (await metric(demo.relayUrl, 'parley_connections')) === 1, 'tab A connected');
    const b = await profile.tab(demo.siteUrl);
    await openChat(b);

    const at = Date.now();
    await send(a, 'from tab A');
    await shows(b, 'from tab A', 'visitor');
    figure('tab A → tab B', Date.now() - at);
    // The tab in front goes through the one behind it, which browsers throttle: what the visitor waits for.
    const atB = Date.now();
    await send(b, 'from tab B');
    await shows(b, 'from tab B', 'visitor', 'sent');
    figure('tab B (in front, through tab A) → sent', Date.now() - atB);
    await shows(a, 'from tab B', 'visitor', 'sent');
    // One visitor, one socket: tab B went through tab A.
    expect(await metric(demo.relayUrl, 'parley_connections')).toBe(1);
    const visitorId = created(demo, 'from tab A')[0].data.visitor.id;
    expect(created(demo, 'from tab B')[0].data.visitor.id).toBe(visitorId);

    await reply(demo, visitorId, 'one reply for both tabs');
    await shows(a, 'one reply for both tabs', 'agent');
    await shows(b, 'one reply for both tabs', 'agent');

    await a.close();
    await send(b, 'after the first tab closed');
    await waitFor(() => created(demo, 'after the first tab closed').length === 1, 'the message sent after the first tab closed', 30_000);
    await shows(b, 'after the first tab closed', 'visitor', 'sent', 30_000);
    for (const t of ['from tab A', 'from tab B', 'after the first tab closed']) expect(created(demo, t), t).toHaveLength(1);
    await profile.close();
  },
};
