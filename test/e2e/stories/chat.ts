// A visitor opens the bubble, says "xin chào", the helpdesk gets it, and the agent's reply shows:
// the path every later feature builds on.
import { expect } from 'vitest';
import { waitFor } from '../browser.js';
import { created, reply, type Story } from './story.js';
import { openChat, send, shows, transcript } from './visitor.js';

export const chat: Story = {
  name: 'chat round trip',
  async run({ demo, browser, figure }) {
    const profile = await browser.profile();
    const tab = await profile.tab(demo.siteUrl);
    await openChat(tab);
    const sentAt = Date.now();
    await send(tab, 'xin chào');
    const [hook] = await waitFor(() => created(demo, 'xin chào')[0] && created(demo, 'xin chào'), 'the message.created webhook');
    figure('visitor → helpdesk', Date.now() - sentAt);
    await shows(tab, 'xin chào', 'visitor', 'sent');
    const visitorId: string = hook.data.visitor.id;
    expect(visitorId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);

    const at = Date.now();
    await reply(demo, visitorId, 'Chào bạn! <b>Mình</b> giúp gì được?');
    await shows(tab, 'Chào bạn! <b>Mình</b> giúp gì được?', 'agent');
    figure('agent reply → screen', Date.now() - at);
    // Shown as text: markup in a message never becomes markup in the page.
    expect(await tab.run(() => Array.from(document.querySelectorAll('*')).some((e) => !!e.shadowRoot?.querySelector('[data-parley="message"] b')))).toBe(false);
    expect((await transcript(tab)).map((m) => m.text)).toEqual(['xin chào', 'Chào bạn! <b>Mình</b> giúp gì được?']);
    await profile.close();
  },
};
