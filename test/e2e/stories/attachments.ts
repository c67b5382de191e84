// A visitor sends a photo of a receipt: it shows at once as a thumbnail, goes straight to the
// helpdesk's own upload endpoint, and the helpdesk gets message.created with a descriptor whose URL
// serves exactly those bytes. A file of the wrong type or too large is refused with a message before
// anything is sent. With the relay down, a photo waits in the outbox across a reload (IndexedDB keeps
// the file) and arrives once when the relay is back. Files are given to the widget's own file input
// through the page (DataTransfer), which every engine supports, where a native file chooser differs.
import { expect } from 'vitest';
import { waitFor } from '../browser.js';
import type { Tab } from '../engines/engine.js';
import { received, type Story } from './story.js';
import { openChat, statusState } from './visitor.js';

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Hands the widget's file input one file, as a visitor picking it would: base64 content, or `size` zero bytes. */
function pick(name: string, type: string, b64: string, size: number): boolean {
  const host = Array.from(document.querySelectorAll('*')).find((e) => e.shadowRoot?.querySelector('[data-parley]'));
  const input = host?.shadowRoot?.querySelector('[data-parley="attach-input"]') as HTMLInputElement | null;
  if (!input) return false;
  const bin = atob(b64);
  const bytes = new Uint8Array(b64 ? bin.length : size);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const dt = new DataTransfer();
  dt.items.add(new File([bytes], name, { type }));
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}

/** The visitor's messages with a file: their status and the thumbnail's source. */
function files(): { status: string | null; src: string | null }[] {
  const host = Array.from(document.querySelectorAll('*')).find((e) => e.shadowRoot?.querySelector('[data-parley]'));
  const els = host ? Array.from(host.shadowRoot!.querySelectorAll('[data-parley="message"][data-from="visitor"]')) : [];
  return els
    .filter((e) => e.querySelector('[data-parley="attachments"]'))
    .map((e) => ({ status: e.getAttribute('data-status'), src: e.querySelector('[data-parley="attachment-image"] img')?.getAttribute('src') ?? null }));
}

/** What the composer says about files ('' when nothing). */
function fileNote(): string {
  const host = Array.from(document.querySelectorAll('*')).find((e) => e.shadowRoot?.querySelector('[data-parley]'));
  return host?.shadowRoot?.querySelector('[data-parley="file-note"]')?.textContent ?? '';
}

/** The message.created webhooks that carry a file named `name`, one per webhook-id. */
const withFile = (demo: Parameters<Story['run']>[0]['demo'], name: string) => {
  const ids = new Set<string>();
  return received(demo, 'message.created').filter((w) => w.data.message.attachments?.[0]?.name === name && !ids.has(w.id) && !!ids.add(w.id));
};

async function attach(tab: Tab, name: string, type: string, b64: string, size = 0): Promise<void> {
  expect(await tab.run(pick, name, type, b64, size)).toBe(true);
}

export const attachments: Story = {
  name: 'a photo attached, refused files, a photo across a relay stop and a reload',
  timeoutMs: 150_000,
  async run({ demo, browser, figure, stopRelay, startRelay }) {
    const profile = await browser.profile();
    // Self-hosted: the widget loads with the relay down (see the offline story).
    const tab = await profile.tab(`${demo.siteUrl}/self-hosted.html`);
    await openChat(tab);
    await waitFor(() => tab.visible({ part: 'attach' }), 'the paperclip');

    // A photo: thumbnail at once, then sent; the helpdesk holds the very bytes.
    const at = Date.now();
    await attach(tab, 'hoa-don.png', 'image/png', PNG);
    await waitFor(async () => (await tab.run(files)).length === 1, 'the thumbnail');
    await waitFor(async () => (await tab.run(files))[0]!.status === 'sent', 'the photo acked', 30_000);
    figure('photo picked → acked', Date.now() - at);
    const [hook] = withFile(demo, 'hoa-don.png');
    const d = hook.data.message.attachments[0];
    expect(d).toMatchObject({ name: 'hoa-don.png', type: 'image/png', size: Buffer.from(PNG, 'base64').length });
    const served = await fetch(d.url);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(PNG, 'base64'))).toBe(true);
    // The thumbnail now comes from where the file lives.
    expect((await tab.run(files))[0]!.src).toBe(d.url);

    // Refused in the widget, with a message, before anything is sent.
    await attach(tab, 'notes.txt', 'text/plain', btoa('hello'));
    await waitFor(async () => /type|loại tệp/.test(await tab.run(fileNote)), 'the wrong-type message');
    await attach(tab, 'huge.jpg', 'image/jpeg', '', 6 * 1024 * 1024);
    await waitFor(async () => /large|quá lớn/.test(await tab.run(fileNote)), 'the too-large message');
    expect((await tab.run(files)).length).toBe(1);
    const asked = received(demo, 'attachment.requested').map((w) => w.data.attachment.name);
    expect(asked).not.toContain('notes.txt');
    expect(asked).not.toContain('huge.jpg');

    // The relay goes away; a photo waits through a reload and arrives once the relay is back.
    await stopRelay();
    await waitFor(async () => (await tab.run(statusState)) === 'offline', 'the widget to notice the relay is gone');
    await attach(tab, 'offline.png', 'image/png', PNG);
    await waitFor(async () => (await tab.run(files)).length === 2, 'the second thumbnail');
    await tab.reload();
    await openChat(tab);
    await waitFor(async () => (await tab.run(files))[1]?.status === 'sending', 'the photo still pending after the reload');
    expect(withFile(demo, 'offline.png')).toEqual([]);
    await startRelay();
    const back = Date.now();
    await waitFor(async () => (await tab.run(files))[1]?.status === 'sent', 'the photo acked once the relay is back', 60_000);
    figure('relay back → photo acked', Date.now() - back);
    const late = withFile(demo, 'offline.png');
    expect(late).toHaveLength(1);
    const bytes = Buffer.from(await (await fetch(late[0].data.message.attachments[0].url)).arrayBuffer());
    expect(bytes.equals(Buffer.from(PNG, 'base64'))).toBe(true);
    await profile.close();
  },
};
