// Nothing typed is lost: with the relay down, the visitor sends two messages and reloads; they are
// still pending; the relay comes back on the same port and the helpdesk gets each exactly once, in
// order. The page hosts parley.js itself (data-relay finds the relay): with the script on the relay,
// a reload while it is down loads the widget only from the browser's cache, which WebKit's automation
// sessions do not keep.
import { expect } from 'vitest';
import { waitFor } from '../browser.js';
import { created, received, type Story } from './story.js';
import { openChat, send, statusState, transcript } from './visitor.js';

const TEXTS = ['offline one', 'offline two'];

export const offline: Story = {
  name: 'relay down, reload, relay back',
  timeoutMs: 150_000,
  async run({ demo, browser, figure, stopRelay, startRelay }) {
    const profile = await browser.profile();
    const tab = await profile.tab(`${demo.siteUrl}/self-hosted.html`);
    await openChat(tab);
    await waitFor(async () => (await tab.run(statusState)) === null, 'the widget online');

    await stopRelay();
    await waitFor(async () => (await tab.run(statusState)) === 'offline', 'the widget to notice the relay is gone');
    for (const t of TEXTS) await send(tab, t);
    const pending = async () => (await transcript(tab)).filter((m) => m.from === 'visitor').map((m) => [m.text, m.status]);
    await waitFor(async () => JSON.stringify(await pending()) === JSON.stringify(TEXTS.map((t) => [t, 'sending'])), 'both messages pending');

    const at = Date.now();
    await tab.reload();
    await openChat(tab);
    await waitFor(async () => JSON.stringify(await pending()) === JSON.stringify(TEXTS.map((t) => [t, 'sending'])), 'both messages pending after the reload');
    figure('reload with the relay down → pending shown', Date.now() - at);
    expect(TEXTS.flatMap((t) => created(demo, t))).toEqual([]);

    await startRelay();
    const back = Date.now();
    await waitFor(async () => JSON.stringify(await pending()) === JSON.stringify(TEXTS.map((t) => [t, 'sent'])), 'both messages acked', 60_000);
    figure('relay back → both acked', Date.now() - back);
    await send(tab, 'sent once back online');
    // A late duplicate would come from a second copy in flight, sent before anything after it.
    await waitFor(() => created(demo, 'sent once back online').length === 1, 'the later message at the helpdesk', 30_000);
    // In order, each once as the helpdesk keeps them (a repeat of a webhook-id is dropped there).
    const ids = new Set<string>();
    const delivered = received(demo, 'message.created')
      .filter((w) => !ids.has(w.id) && !!ids.add(w.id))
      .map((w) => w.data.message.text)
      .filter((t) => TEXTS.includes(t) || t === 'sent once back online');
    expect(delivered).toEqual([...TEXTS, 'sent once back online']);
    await profile.close();
  },
};
