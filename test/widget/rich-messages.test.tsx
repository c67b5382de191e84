// @vitest-environment happy-dom
// An agent sends a photo, a PDF and buttons; the visitor sees the photo inline and the PDF as a link,
// answers with a button, and each side sees that the other has read: "Seen" under the visitor's
// message, `read` frames from the widget only while the conversation is on screen.
import { describe, expect, it } from 'vitest';
import { $, $$, tick, typeAndEnter } from './helpers/dom.js';
import { until } from './helpers/fake-relay.js';
import { widgetOnFakeRelay } from './helpers/widget-on-relay.js';

const start = widgetOnFakeRelay('rich');
const at = () => new Date().toISOString();

async function online(relay: Awaited<ReturnType<typeof start>>['relay']) {
  await relay.waitFor((f) => f.t === 'hello');
  await until(() => relay.sockets.size > 0);
  await tick(20);
}

describe('files from the agent', () => {
  it('an image shows inline (lazy, sized, full size in a new tab); a PDF is a link with its name and size', async () => {
    const { relay, widget } = await start();
    widget.open();
    await online(relay);
    relay.broadcast({
      t: 'message',
      id: 'agent_files_01',
      from: 'agent',
      text: 'Hoá đơn của bạn',
      at: at(),
      attachments: [
        { url: 'https://cdn.example/receipt.jpg', name: 'receipt.jpg', type: 'image/jpeg', size: 120_000 },
        { url: 'https://cdn.example/invoice.pdf', name: 'invoice <b>1</b>.pdf', type: 'application/pdf', size: 1_234_567 },
      ],
    });
    const img = (await until(() => $('[data-parley="attachment-image"] img'))) as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('https://cdn.example/receipt.jpg');
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('width')).toBe('200');
    expect(img.getAttribute('alt')).toBe('receipt.jpg');
    const full = $('[data-parley="attachment-image"]')!;
    expect(full.getAttribute('target')).toBe('_blank');
    expect(full.getAttribute('rel')).toBe('noopener noreferrer');
    const file = $('[data-parley="attachment-file"]')!;
    expect(file.getAttribute('href')).toBe('https://cdn.example/invoice.pdf');
    // The name is text: no element comes out of it.
    expect(file.textContent).toContain('invoice <b>1</b>.pdf');
    expect(file.querySelector('b')).toBeNull();
    expect(file.textContent).toMatch(/1\.2 MB/);
  });

  it('a javascript: URL is not shown, and an SVG is a link, never drawn', async () => {
    const { relay, widget } = await start();
    widget.open();
    await online(relay);
    relay.broadcast({
      t: 'message',
      id: 'agent_files_02',
      from: 'agent',
      text: 'files',
      at: at(),
      attachments: [
        { url: 'javascript:alert(1)', name: 'evil.png', type: 'image/png' },
        { url: 'https://cdn.example/logo.svg', name: 'logo.svg', type: 'image/svg+xml' },
      ],
    });
    await until(() => $('[data-parley="attachment-file"]'));
    expect($$('[data-parley="attachments"] img')).toHaveLength(0);
    expect($$('[data-parley="attachments"] a').map((a) => a.getAttribute('href'))).toEqual(['https://cdn.example/logo.svg']);
  });
});

describe('quick replies', () => {
  it('buttons show on the newest agent message; a click sends the label with replyTo and disables them', async () => {
    const { relay, widget } = await start();
    widget.open();
    await online(relay);
    relay.broadcast({
      t: 'message',
      id: 'agent_quick_01',
      from: 'agent',
      text: 'Bạn cần gì?',
      at: at(),
      actions: [
        { id: 'track', label: 'Theo dõi đơn hàng' },
        { id: 'human', label: 'Gặp nhân viên' },
      ],
    });
    const buttons = await until(() => ($$('[data-parley="quick-reply"]').length === 2 ? ($$('[data-parley="quick-reply"]') as HTMLButtonElement[]) : null));
    expect(buttons.map((b) => b.textContent)).toEqual(['Theo dõi đơn hàng', 'Gặp nhân viên']);
    expect(buttons.every((b) => !b.disabled)).toBe(true);
    buttons[0]!.click();
    const sent = await relay.waitFor((f) => f.t === 'message');
    expect(sent).toMatchObject({ text: 'Theo dõi đơn hàng', replyTo: { messageId: 'agent_quick_01', actionId: 'track' } });
    await until(() => ($$('[data-parley="quick-reply"]') as HTMLButtonElement[]).every((b) => b.disabled));
    expect($$('[data-parley="quick-reply"]')[0]!.getAttribute('aria-pressed')).toBe('true');
    expect($('[data-parley="message"][data-from="visitor"] [data-parley="text"]')!.textContent).toBe('Theo dõi đơn hàng');
  });

  it('an older message\'s buttons are gone once another message follows it', async () => {
    const { relay, widget } = await start();
    widget.open();
    await online(relay);
    relay.broadcast({ t: 'message', id: 'agent_quick_02', from: 'agent', text: 'Pick', at: at(), actions: [{ id: 'a', label: 'A' }] });
    await until(() => $('[data-parley="quick-reply"]'));
    typeAndEnter('actually, something else');
    await until(() => !$('[data-parley="quick-reply"]'));
  });
});

describe('read receipts', () => {
  it('the widget says read for the newest agent message while the panel is open, once, not while closed', async () => {
    const { relay, widget } = await start();
    await online(relay);
    relay.broadcast({ t: 'message', id: 'agent_read_001', from: 'agent', text: 'one', at: at() });
    relay.broadcast({ t: 'message', id: 'agent_read_002', from: 'agent', text: 'two', at: at() });
    // Absence takes time to see: longer than the widget's one-second coalescing.
    await tick(1300);
    expect(relay.frames.filter((f) => f.t === 'read')).toEqual([]);
    widget.open();
    await relay.waitFor((f) => f.t === 'read');
    relay.broadcast({ t: 'message', id: 'agent_read_003', from: 'agent', text: 'three', at: at() });
    await relay.waitFor((f) => f.t === 'read' && f.upTo === 'agent_read_003');
    // Two messages on screen at once were one read; nothing was said twice.
    expect(relay.frames.filter((f) => f.t === 'read').map((f) => f.upTo)).toEqual(['agent_read_002', 'agent_read_003']);
  });

  it('the agent\'s read shows "Đã xem" under the visitor\'s message it covers', async () => {
    const { relay, widget } = await start();
    widget.setLocale('vi');
    widget.open();
    await online(relay);
    typeAndEnter('Cho mình hỏi đơn hàng');
    const sent = await relay.waitFor((f) => f.t === 'message');
    await until(() => $('[data-parley="message"][data-from="visitor"]')?.getAttribute('data-status') === 'sent');
    relay.broadcast({ t: 'read', upTo: sent.id });
    await until(() => $('[data-parley="message-status"]')?.textContent?.includes('Đã xem'));
  });
});
