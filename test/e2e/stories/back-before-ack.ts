// The visitor sends on the second page and goes back just as the helpdesk answers: the second page's
// writes for the ack are under way as it goes into the back/forward cache, and WebKit freezes them
// there, open, blocking the database for the first page as it comes back. That page showed the
// conversation as it left it (the message missing, or "sending") and never sent again; it must show
// the message as sent, the helpdesk must have it once, and what the visitor says next must still go.
import { expect } from 'vitest';
import { waitFor } from '../browser.js';
import { created, type Story } from './story.js';
import { openChat, send, shows } from './visitor.js';

export const backBeforeAck: Story = {
  name: 'back as the ack comes',
  async run({ demo, browser }) {
    const profile = await browser.profile();
    const tab = await profile.tab(demo.siteUrl);
    await openChat(tab);
    await send(tab, 'ở trang chủ');
    await shows(tab, 'ở trang chủ', 'visitor', 'sent');
    await tab.click({ css: '#to-pricing' });
    await waitFor(async () => (await tab.url()).includes('/pricing.html'), 'the pricing page');
    await openChat(tab);
    await shows(tab, 'ở trang chủ', 'visitor', 'sent');

    // The helpdesk holds its answer until the message is surely at it, then answers as the visitor clicks back.
    const release = demo.agent.hold('chưa kịp trả lời');
    try {
      await send(tab, 'chưa kịp trả lời');
      await waitFor(() => created(demo, 'chưa kịp trả lời').length > 0, 'the message at the helpdesk');
    } finally {
      release();
    }
    await tab.back();
    await waitFor(async () => !(await tab.url()).includes('/pricing.html'), 'the first page again');
    await openChat(tab);
    await shows(tab, 'chưa kịp trả lời', 'visitor', 'sent');
    await send(tab, 'rồi sao nữa');
    await waitFor(() => created(demo, 'rồi sao nữa').length === 1, 'the message sent after going back at the helpdesk');
    await shows(tab, 'rồi sao nữa', 'visitor', 'sent');
    for (const t of ['ở trang chủ', 'chưa kịp trả lời', 'rồi sao nữa']) expect(created(demo, t), t).toHaveLength(1);
    await profile.close();
  },
};
