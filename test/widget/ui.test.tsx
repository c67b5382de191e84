// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createWidget, type ParleyWidget } from '../../widget/index.js';
import { startFakeRelay, until, type FakeRelay } from './helpers/fake-relay.js';
import { $, $$, host, tick, typeAndEnter } from './helpers/dom.js';

let relay: FakeRelay;
let widget: ParleyWidget | null = null;
let n = 0;

beforeEach(async () => {
  relay = await startFakeRelay();
  document.body.innerHTML = '';
  document.documentElement.lang = '';
});

afterEach(async () => {
  widget?.destroy();
  widget = null;
  await relay.close();
});

async function make(opts: Partial<Parameters<typeof createWidget>[0]> = {}) {
  widget = createWidget({ relay: relay.url, site: `ui${++n}`, storage: 'memory', WebSocket: WebSocket as any, ...opts });
  await new Promise<void>((r) => widget!.on('ready', () => r()));
  return widget;
}

async function online() {
  await relay.waitFor((f) => f.t === 'hello');
  await until(() => !$('[data-parley="status"]') || relay.sockets.size > 0);
  await tick(20);
}

const agent = (text: string, id = `agent_${Math.random().toString(36).slice(2, 12)}`) =>
  relay.broadcast({ t: 'message', id, from: 'agent', text, author: { name: 'Lan' }, at: new Date().toISOString() });

describe('agent text is rendered as text', () => {
  it('an HTML payload creates no element and shows literally', async () => {
    const w = await make();
    w.open();
    await online();
    agent('<img src=x onerror=alert(1)>');
    await until(() => $('[data-parley="message"][data-from="agent"]'));
    expect(host().shadowRoot!.querySelectorAll('img')).toHaveLength(0);
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect($('[data-parley="message"][data-from="agent"] [data-parley="text"]')!.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('http(s) URLs become safe links; javascript: URLs stay text; line breaks are kept', async () => {
    const w = await make();
    w.open();
    await online();
    agent('See https://shop.example/a?b=1. Or javascript:alert(1)\nthanks');
    const msg = await until(() => $('[data-parley="message"][data-from="agent"] [data-parley="text"]'));
    const links = msg.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://shop.example/a?b=1');
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(msg.textContent).toBe('See https://shop.example/a?b=1. Or javascript:alert(1)\nthanks');
  });
});

describe('panel and composer', () => {
  it('opens from the bubble with focus in the composer; Escape closes and returns focus to the bubble', async () => {
    await make();
    const bubble = $('[data-parley="bubble"]')!;
    expect(bubble.getAttribute('aria-label')).toBe('Open chat');
    bubble.click();
    await tick(150);
    const dialog = $('[role="dialog"]')!;
    expect(dialog.getAttribute('aria-label')).toBe('Chat');
    expect(host().shadowRoot!.activeElement).toBe($('[data-parley="composer"]'));
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await tick(150);
    expect($('[role="dialog"]')).toBeNull();
    expect(host().shadowRoot!.activeElement).toBe($('[data-parley="bubble"]'));
  });

  it('Enter sends once (double Enter too), Shift+Enter and IME Enter do not send', async () => {
    const w = await make();
    w.open();
    await online();
    typeAndEnter('line one', { shiftKey: true });
    typeAndEnter('ime draft', { isComposing: true } as KeyboardEventInit);
    expect($$('[data-parley="message"]')).toHaveLength(0);
    typeAndEnter('xin chào');
    const ta = $('[data-parley="composer"]') as HTMLTextAreaElement;
    ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    const item = await until(() => $('[data-parley="message"][data-from="visitor"]'));
    expect(item.querySelector('.text')!.textContent).toBe('xin chào');
    expect(ta.value).toBe('');
    await until(() => $('[data-parley="message"][data-status="sent"]'));
    await tick(50);
    expect(relay.frames.filter((f) => f.t === 'message').map((f) => f.text)).toEqual(['xin chào']);
    expect($$('[data-parley="message"]')).toHaveLength(1);
    expect(item.querySelector('time')!.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('a non-retryable failure shows a retry button that resends', async () => {
    const w = await make();
    let fail = true;
    relay.onMessage = (f, ws) => ws.send(JSON.stringify(fail ? { t: 'nack', id: f.id, retryable: false, reason: 'x' } : { t: 'ack', id: f.id }));
    w.open();
    await online();
    w.send('try me');
    const retry = await until(() => $('[data-parley="retry"]'));
    expect($('[data-parley="message"]')!.dataset.status).toBe('failed');
    fail = false;
    retry.click();
    await until(() => $('[data-parley="message"][data-status="sent"]'));
  });

  it('counts unread agent messages on the bubble while closed, clears on open, shows typing', async () => {
    const w = await make();
    await online();
    relay.broadcast({ t: 'agent_typing', typing: true });
    agent('hello 1');
    agent('hello 2');
    const badge = (await until(() => $('[data-parley="unread"]')?.textContent === '2' && $('[data-parley="unread"]'))) as HTMLElement;
    expect(badge.getAttribute('aria-hidden')).toBe('true');
    expect($('[data-parley="bubble"]')!.getAttribute('aria-label')).toBe('Open chat, 2 unread messages');
    w.open();
    await tick(10);
    expect($('[data-parley="unread"]')).toBeNull();
    relay.broadcast({ t: 'agent_typing', typing: true });
    await until(() => $('[data-parley="typing"]'));
    relay.broadcast({ t: 'presence', agentsOnline: 0 });
    await until(() => $('[data-parley="presence"]')?.dataset.online === 'false');
  });

  it('with the relay down it still becomes ready, opens, says it is reconnecting and takes messages', async () => {
    await relay.close();
    const w = await make({ relay: 'http://127.0.0.1:9' });
    w.open();
    const banner = (await until(() => $('[data-parley="status"]')?.dataset.state === 'offline' && $('[data-parley="status"]'))) as HTMLElement;
    // The relay is what is down: the banner does not blame the visitor's network, and the header
    // does not go on claiming the last presence it heard.
    expect(banner.textContent).toMatch(/^Reconnecting to the chat/);
    expect($('[data-parley="presence"]')!.textContent).toBe('Reconnecting…');
    expect($('[data-parley="presence"]')!.dataset.online).toBe('false');
    w.send('anyone?');
    expect($('[data-parley="message"]')!.dataset.status).toBe('sending');
    relay = await startFakeRelay();
  });

  it('renders inline in a container without a bubble', async () => {
    const box = document.createElement('section');
    document.body.appendChild(box);
    await make({ container: box });
    expect(box.querySelector('[data-parley-host]')).not.toBeNull();
    expect($('[data-parley="bubble"]')).toBeNull();
    expect($('[role="dialog"]')).not.toBeNull();
  });
});

describe('locale', () => {
  it('follows <html lang>, and setLocale overrides it', async () => {
    document.documentElement.lang = 'vi-VN';
    const w = await make();
    expect($('[data-parley="bubble"]')!.getAttribute('aria-label')).toBe('Mở khung chat');
    w.setLocale('en');
    await tick(10);
    expect($('[data-parley="bubble"]')!.getAttribute('aria-label')).toBe('Open chat');
  });
});
