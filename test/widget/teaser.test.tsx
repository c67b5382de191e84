// @vitest-environment happy-dom
// The invitation teaser against a real socket: what the visitor sees, what the relay and the page hear.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createWidget, type InvitationInfo, type ParleyWidget } from '../../widget/index.js';
import { startFakeRelay, until, type FakeRelay } from './helpers/fake-relay.js';
import { $, $$, host, typeAndEnter } from './helpers/dom.js';

let relay: FakeRelay;
let widget: ParleyWidget | null = null;
let events: InvitationInfo[] = [];
let n = 0;

beforeEach(async () => {
  relay = await startFakeRelay();
  document.body.innerHTML = '';
  events = [];
});

afterEach(async () => {
  widget?.destroy();
  widget = null;
  await relay.close();
});

async function make() {
  widget = createWidget({ relay: relay.url, site: `teaser${++n}`, storage: 'memory', WebSocket: WebSocket as any });
  widget.on('invitation', (e) => events.push(e));
  let online = false;
  widget.on('status', (s) => (online = s.connection === 'online'));
  await new Promise<void>((r) => widget!.on('ready', () => r()));
  await relay.waitFor((f) => f.t === 'hello');
  await until(() => relay.sockets.size > 0);
  await until(() => online);
  return widget;
}

const push = (text: string, author: object = { name: 'Mai' }, id = `inv_${Math.random().toString(36).slice(2, 12)}`) => {
  relay.broadcast({ t: 'invitation', id, text, author });
  return id;
};
const frame = (id: string, action: string) => relay.waitFor((f) => f.t === 'invitation' && f.id === id && f.action === action);

describe('the teaser', () => {
  it('shows an agent-pushed invitation as text, with the author, and reports it shown', async () => {
    await make();
    const id = push('<img src=x onerror=alert(1)> hi', { name: 'Mai', avatarUrl: 'javascript:alert(1)' });
    const t = await until(() => $('[data-parley="teaser"]'));
    expect($('[data-parley="teaser-text"]')!.textContent).toBe('<img src=x onerror=alert(1)> hi');
    // A non-http avatar is never loaded: the author's initial stands in.
    expect(host().shadowRoot!.querySelectorAll('img')).toHaveLength(0);
    expect(t.textContent).toContain('Mai');
    expect(t.querySelector('.av')!.textContent).toBe('M');
    expect(await frame(id, 'shown')).toMatchObject({ text: '<img src=x onerror=alert(1)> hi' });
    expect(events).toEqual([{ id, text: '<img src=x onerror=alert(1)> hi', author: { name: 'Mai', avatarUrl: 'javascript:alert(1)' }, action: 'shown' }]);
  });

  it('loads an http(s) avatar', async () => {
    await make();
    push('Hello', { name: 'Lan', avatarUrl: 'https://shop.example/lan.png' });
    await until(() => $('[data-parley="teaser"]'));
    expect($('[data-parley="teaser"] img')!.getAttribute('src')).toBe('https://shop.example/lan.png');
  });

  it('accept opens the panel with the invitation as the first agent message; replying starts the conversation', async () => {
    const w = await make();
    const id = push('Questions about plans?', { name: 'Mai' });
    await until(() => $('[data-parley="teaser-accept"]'));
    $('[data-parley="teaser-accept"]')!.click();
    await until(() => $('[data-parley="panel"]'));
    expect($('[data-parley="teaser"]')).toBeNull();
    const msgs = $$('[data-parley="message"]');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.getAttribute('data-from')).toBe('agent');
    expect(msgs[0]!.querySelector('[data-parley="text"]')!.textContent).toBe('Questions about plans?');
    expect(msgs[0]!.textContent).toContain('Mai');
    expect(await frame(id, 'accepted')).toMatchObject({ text: 'Questions about plans?' });
    expect(events.map((e) => e.action)).toEqual(['shown', 'accepted']);
    typeAndEnter('Yes, about Pro');
    expect(await relay.waitFor((f) => f.t === 'message')).toMatchObject({ text: 'Yes, about Pro' });
    // The reply shows in the transcript under the invitation, as the visitor's own message.
    await until(() => $$('[data-parley="message"]').length === 2);
    expect($$('[data-parley="message"]')[1]!.getAttribute('data-from')).toBe('visitor');
    w.close();
    await until(() => !$('[data-parley="panel"]'));
  });

  it('dismiss hides it and reports dismissed', async () => {
    await make();
    const id = push('Need a hand?');
    await until(() => $('[data-parley="teaser-dismiss"]'));
    $('[data-parley="teaser-dismiss"]')!.click();
    await until(() => !$('[data-parley="teaser"]'));
    expect($('[data-parley="panel"]')).toBeNull();
    expect(await frame(id, 'dismissed')).toMatchObject({ text: 'Need a hand?' });
    expect(events.map((e) => e.action)).toEqual(['shown', 'dismissed']);
  });

  it('is keyboard reachable, announced politely, and Escape dismisses it with focus back on the bubble', async () => {
    await make();
    const id = push('Need a hand?');
    const t = await until(() => $('[data-parley="teaser"]'));
    const live = t.parentElement!;
    expect(live.getAttribute('role')).toBe('status');
    expect(live.getAttribute('aria-live')).toBe('polite');
    const accept = $('[data-parley="teaser-accept"]') as HTMLButtonElement;
    const dismiss = $('[data-parley="teaser-dismiss"]') as HTMLButtonElement;
    for (const b of [accept, dismiss]) {
      expect(b.tagName).toBe('BUTTON');
      expect(b.disabled).toBe(false);
      expect(b.tabIndex).toBeGreaterThanOrEqual(0);
    }
    expect(dismiss.getAttribute('aria-label')).toBe('Dismiss invitation');
    // Showing it must not steal focus from the page.
    expect(host().shadowRoot!.activeElement).toBeNull();
    accept.focus();
    expect(host().shadowRoot!.activeElement).toBe(accept);
    accept.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await until(() => !$('[data-parley="teaser"]'));
    expect(host().shadowRoot!.activeElement).toBe($('[data-parley="bubble"]'));
    await frame(id, 'dismissed');
  });

  it('is not shown while the panel is open: the invitation goes straight into the transcript', async () => {
    const w = await make();
    w.open();
    const id = push('We are here if you need us', { name: 'Lan' });
    await until(() => $('[data-parley="message"][data-from="agent"]'));
    expect($('[data-parley="teaser"]')).toBeNull();
    expect($('[data-parley="message"][data-from="agent"] [data-parley="text"]')!.textContent).toBe('We are here if you need us');
    await frame(id, 'shown');
  });

  it('never shows two at a time, and widget.invite() uses the same teaser', async () => {
    const w = await make();
    push('First');
    await until(() => $('[data-parley="teaser"]'));
    w.invite({ text: 'Second', author: 'Shop' });
    await until(() => $('[data-parley="teaser-text"]')?.textContent === 'Second');
    expect($$('[data-parley="teaser"]')).toHaveLength(1);
    expect($('[data-parley="teaser-text"]')!.textContent).toBe('Second');
    expect($('[data-parley="teaser"]')!.textContent).toContain('Shop');
    expect(events.map((e) => e.text + ':' + e.action)).toEqual(['First:shown', 'Second:shown']);
    // A relay re-delivery of an invitation already shown is not shown again.
    const id = push('Third');
    await until(() => $('[data-parley="teaser-text"]')!.textContent === 'Third');
    relay.broadcast({ t: 'invitation', id, text: 'Third', author: { name: 'Mai' } });
    // A later invitation on the same socket: once it shows, the re-delivery before it was handled.
    push('Fourth');
    await until(() => $('[data-parley="teaser-text"]')!.textContent === 'Fourth');
    expect(events.filter((e) => e.id === id)).toHaveLength(1);
  });

  it('opening the panel from the bubble while a teaser shows takes the invitation into the conversation', async () => {
    await make();
    const id = push('Hi there');
    await until(() => $('[data-parley="teaser"]'));
    $('[data-parley="bubble"]')!.click();
    await until(() => !$('[data-parley="teaser"]'));
    expect($('[data-parley="message"][data-from="agent"] [data-parley="text"]')!.textContent).toBe('Hi there');
    await frame(id, 'accepted');
  });
});
