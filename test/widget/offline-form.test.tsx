// @vitest-environment happy-dom
// "Leave a message": with nobody online the panel offers a form; a valid one goes through the outbox as
// an offline_message frame, re-sent with the same id until acked, and the visitor sees the site's reply time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createWidget, type ParleyWidget } from '../../widget/index.js';
import { startFakeRelay, until, type FakeRelay } from './helpers/fake-relay.js';
import { $, host, tick } from './helpers/dom.js';

const REPLY = { en: 'We usually reply within a day.', vi: 'Chúng tôi thường trả lời trong một ngày.' };

/** A relay stand-in that serves a widget-config with nobody online and never acks unless told to. */
const startRelay = () => startFakeRelay({ agentsOnline: 0, config: { site: 's', agentsOnline: 0, offline: { replyTime: REPLY } } });

let relay: FakeRelay;
let widget: ParleyWidget | null = null;
let n = 0;

beforeEach(async () => {
  relay = await startRelay();
  document.body.innerHTML = '';
});

afterEach(async () => {
  widget?.destroy();
  widget = null;
  await relay.close();
});

async function openForm(locale: 'en' | 'vi' = 'en') {
  widget = createWidget({ relay: relay.url, site: `offline${++n}`, storage: 'memory', locale, WebSocket: WebSocket as any });
  await new Promise<void>((r) => widget!.on('ready', () => r()));
  widget.open();
  return until(() => $('[data-parley="offline-form"]'));
}

function fill(name: string, email: string, text: string): void {
  const set = (sel: string, v: string) => {
    const el = $(sel) as HTMLInputElement;
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  };
  set('[data-parley="offline-name"]', name);
  set('[data-parley="offline-email"]', email);
  set('[data-parley="offline-text"]', text);
}

const submit = () => $('[data-parley="offline-send"]')!.click();

describe('leave a message', () => {
  it('shows the form instead of the composer when nobody is online, with the reply time', async () => {
    await openForm();
    expect($('[data-parley="composer"]')).toBeNull();
    await until(() => $('[data-parley="reply-time"]'));
    expect($('[data-parley="reply-time"]')!.textContent).toBe(REPLY.en);
  });

  it('moves focus into the form on open, so keyboard and screen-reader users land in it', async () => {
    await openForm();
    await until(() => host().shadowRoot!.activeElement === $('[data-parley="offline-name"]'));
  });

  it('an invalid email shows a clear error and sends nothing', async () => {
    await openForm();
    fill('Lan', 'lan@example', 'Do you ship to Hanoi?');
    submit();
    const err = await until(() => $('[data-parley="offline-error"]'));
    expect(err.textContent).toBe('Please enter a valid email address, like name@example.com.');
    expect(err.getAttribute('role')).toBe('alert');
    expect($('[data-parley="offline-email"]')!.getAttribute('aria-invalid')).toBe('true');
    await tick(200);
    expect(relay.of('offline_message')).toHaveLength(0);
    expect($('[data-parley="offline-form"]')).not.toBeNull();
  });

  it('an empty message is refused too', async () => {
    await openForm();
    fill('Lan', 'lan@example.com', '   ');
    submit();
    expect((await until(() => $('[data-parley="offline-error"]'))).textContent).toBe('Please write your message.');
    await tick(100);
    expect(relay.of('offline_message')).toHaveLength(0);
  });

  it('a valid form is an offline_message re-sent with the same id until acked; the visitor sees the reply time', async () => {
    await openForm();
    await until(() => relay.frames.some((f) => f.t === 'hello'));
    fill(' Lan ', ' lan@example.com ', 'Do you ship to Hanoi?');
    submit();
    const first = await until(() => relay.of('offline_message')[0]);
    expect(first).toMatchObject({ t: 'offline_message', name: 'Lan', email: 'lan@example.com', text: 'Do you ship to Hanoi?' });
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    const sent = await until(() => $('[data-parley="offline-sent"]'));
    expect(sent.textContent).toContain('Thank you! We have your message.');
    expect(sent.textContent).toContain(REPLY.en);
    const msg = () => $(`[data-parley="message"][data-id="${first.id}"]`);
    expect(msg()!.getAttribute('data-status')).toBe('sending');

    // The relay died before acking: the reconnect re-sends it with the same id.
    relay.dropAll();
    await until(() => relay.of('offline_message').length >= 2, 8000);
    expect(relay.of('offline_message').every((f) => f.id === first.id && f.text === first.text)).toBe(true);
    relay.broadcast({ t: 'ack', id: first.id });
    await until(() => msg()!.getAttribute('data-status') === 'sent');
    const count = relay.of('offline_message').length;
    await tick(300);
    expect(relay.of('offline_message')).toHaveLength(count);
  }, 15_000);

  it('a double submit (two clicks, then Enter) creates one message', async () => {
    await openForm();
    await until(() => relay.frames.some((f) => f.t === 'hello'));
    fill('Lan', 'lan@example.com', 'Call me back please');
    const form = $('[data-parley="offline-form"]')!;
    submit();
    submit();
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await until(() => relay.of('offline_message').length > 0);
    await tick(200);
    expect(new Set(relay.of('offline_message').map((f) => f.id)).size).toBe(1);
    expect(relay.of('offline_message')).toHaveLength(1);
    expect(host().shadowRoot!.querySelectorAll('[data-parley="message"][data-from="visitor"]')).toHaveLength(1);
  });

  it('speaks Vietnamese, reply time included', async () => {
    await openForm('vi');
    fill('Lan', 'sai-email', 'Xin chào');
    submit();
    expect((await until(() => $('[data-parley="offline-error"]'))).textContent).toBe('Vui lòng nhập địa chỉ email hợp lệ, ví dụ ten@example.com.');
    expect((await until(() => $('[data-parley="reply-time"]'))).textContent).toBe(REPLY.vi);
  });
});
