// The visitor chats, follows a link to another page of the site and comes back with the back button:
// the conversation is on every page, kept in IndexedDB (WebKit once lost it here: a write started
// as the page went into the back/forward cache never finished and blocked the next page's storage).
import { expect } from 'vitest';
import { waitFor } from '../browser.js';
import { created, type Story } from './story.js';
import { localStorageKeys, openChat, send, shows } from './visitor.js';

export const nextPage: Story = {
  name: 'next page and back',
  async run({ demo, browser, figure }) {
    const profile = await browser.profile();
    const tab = await profile.tab(demo.siteUrl);
    await openChat(tab);
    await send(tab, 'trang đầu');
    await shows(tab, 'trang đầu', 'visitor', 'sent');

    const left = Date.now();
    await tab.click({ css: '#to-pricing' });
    await waitFor(async () => (await tab.url()).includes('/pricing.html'), 'the pricing page');
    await openChat(tab);
    await shows(tab, 'trang đầu', 'visitor', 'sent');
    figure('next page → conversation shown', Date.now() - left);
    // Nothing fell back to localStorage: the database answered and holds the conversation.
    expect(await localStorageKeys(tab)).toEqual([]);
    await send(tab, 'trang giá');
    await waitFor(() => created(demo, 'trang giá').length === 1, 'the message from the second page at the helpdesk');
    // Seen as sent before going back, as a visitor reads it; going back as the ack comes is
    // back-before-ack.ts.
    await shows(tab, 'trang giá', 'visitor', 'sent');

    await tab.back();
    await waitFor(async () => !(await tab.url()).includes('/pricing.html'), 'the first page again');
    await openChat(tab);
    // Restored from the back/forward cache or loaded again: either way it shows both and still sends.
    await shows(tab, 'trang giá', 'visitor', 'sent');
    await send(tab, 'quay lại');
    await waitFor(() => created(demo, 'quay lại').length === 1, 'the message sent after going back at the helpdesk');
    await shows(tab, 'quay lại', 'visitor', 'sent');
    expect(await localStorageKeys(tab)).toEqual([]);

    // And forward again: the page there knows what was said after it was left.
    await tab.click({ css: '#to-pricing' });
    await waitFor(async () => (await tab.url()).includes('/pricing.html'), 'the pricing page again');
    await openChat(tab);
    await shows(tab, 'quay lại', 'visitor', 'sent');
    for (const t of ['trang đầu', 'trang giá', 'quay lại']) expect(created(demo, t), t).toHaveLength(1);
    await profile.close();
  },
};
