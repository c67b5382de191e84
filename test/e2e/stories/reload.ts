// The visitor reloads the page mid-conversation: the chat is open again with everything in it.
import { expect } from 'vitest';
import { waitFor } from '../browser.js';
import { created, reply, type Story } from './story.js';
import { localStorageKeys, openChat, ready, send, shows, transcript } from './visitor.js';

export const reload: Story = {
  name: 'reload',
  async run({ demo, browser, figure }) {
    const profile = await browser.profile();
    const tab = await profile.tab(demo.siteUrl);
    await openChat(tab);
    await send(tab, 'trước khi tải lại');
    const [hook] = await waitFor(() => created(demo, 'trước khi tải lại')[0] && created(demo, 'trước khi tải lại'), 'the webhook');
    await reply(demo, hook.data.visitor.id, 'đã nhận');
    await shows(tab, 'đã nhận', 'agent');

    const at = Date.now();
    await tab.reload();
    await ready(tab);
    // The panel was open: it opens again by itself, with the conversation.
    await waitFor(() => tab.visible({ part: 'composer' }), 'the panel open again after the reload');
    await shows(tab, 'đã nhận', 'agent');
    figure('reload → conversation shown', Date.now() - at);
    expect((await transcript(tab)).map((m) => [m.from, m.text, m.status])).toEqual([
      ['visitor', 'trước khi tải lại', 'sent'],
      ['agent', 'đã nhận', null],
    ]);
    expect(await localStorageKeys(tab)).toEqual([]);
    await openChat(tab);
    await send(tab, 'sau khi tải lại');
    await waitFor(() => created(demo, 'sau khi tải lại').length === 1, 'the message sent after the reload');
    expect(created(demo, 'sau khi tải lại')[0].data.visitor.id).toBe(hook.data.visitor.id);
    await profile.close();
  },
};
