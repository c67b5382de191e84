// @vitest-environment happy-dom
// What a visitor sees around the clock (DESIGN §8, §9), against a relay stand-in on a real socket:
// closed → when we are back, in their language; the form takes a phone and "call me back"; a resolve
// shows a divider and a rating that goes out as a `rating` frame; the transcript request is validated.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createWidget, type ParleyWidget } from '../../widget/index.js';
import { startFakeRelay, until, type FakeRelay } from './helpers/fake-relay.js';
import { $, $$, tick } from './helpers/dom.js';

// Three days ahead of the real clock: the weekday and time the widget shows are the visitor's own.
const OPENS = new Date(Date.now() + 3 * 86_400_000);

/** A relay stand-in whose welcome carries these fields, and which acks every frame with an id. */
async function startRelay(welcome: Record<string, unknown>) {
  const relay = await startFakeRelay({ config: { site: 's', agentsOnline: welcome.agentsOnline, rating: { enabled: true, comment: true } } });
  relay.welcome = (ws) => ws.send(JSON.stringify({ t: 'welcome', visitorId: 'visitor_0001', token: 'tok', ...welcome }));
  relay.onOther = (f, ws) => f.id && ws.send(JSON.stringify({ t: 'ack', id: f.id }));
  return relay;
}

let relay: FakeRelay;
let widget: ParleyWidget | null = null;
let n = 0;

afterEach(async () => {
  widget?.destroy();
  widget = null;
  await relay.close();
});

async function open(welcome: Record<string, unknown>, locale: 'en' | 'vi' = 'en') {
  relay = await startRelay(welcome);
  document.body.innerHTML = '';
  widget = createWidget({ relay: relay.url, site: `clock${++n}`, storage: 'memory', locale, WebSocket: WebSocket as any });
  await new Promise<void>((r) => widget!.on('ready', () => r()));
  widget.open();
  await until(() => relay.frames.some((f) => f.t === 'hello'));
}
const set = (sel: string, v: string) => {
  const el = $(sel) as HTMLInputElement;
  el.value = v;
  el.dispatchEvent(new Event('input', { bubbles: true }));
};

describe('outside hours', () => {
  it('the header says when we are back, in the visitor\'s language and time zone; the availability event says so too', async () => {
    const seen: any[] = [];
    await open({ agentsOnline: 2, open: false, opensAt: OPENS.toISOString() });
    widget!.on('availability', (a) => seen.push(a));
    const presence = await until(() => ($('[data-parley="presence"]')?.getAttribute('data-state') === 'closed' ? $('[data-parley="presence"]') : null));
    const weekday = OPENS.toLocaleDateString('en-US', { weekday: 'long' });
    const time = OPENS.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
    expect(presence.textContent).toBe(`Back at ${time} ${weekday}`);
    expect($('[data-parley="offline-form"]')).not.toBeNull();
    expect($('[data-parley="composer"]')).toBeNull();
    relay.broadcast({ t: 'presence', agentsOnline: 2, open: true });
    await until(() => $('[data-parley="presence"]')?.getAttribute('data-state') === 'online');
    expect(seen[seen.length - 1]).toEqual({ available: true, open: true });
    await until(() => $('[data-parley="composer"]'));
  });

  it('speaks Vietnamese: "Quay lại lúc 08:00 thứ Năm" (or "chủ Nhật": the day is three days from today)', async () => {
    await open({ agentsOnline: 0, open: false, opensAt: OPENS.toISOString() }, 'vi');
    const p = await until(() => ($('[data-parley="presence"]')?.getAttribute('data-state') === 'closed' ? $('[data-parley="presence"]') : null));
    const time = OPENS.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
    const weekday = OPENS.toLocaleDateString('vi-VN', { weekday: 'long' });
    // Mid-sentence the day reads "thứ Năm", "chủ Nhật"; Intl may capitalise its first letter.
    expect(p.textContent).toMatch(new RegExp(`^Quay lại lúc ${time} ${weekday[0]!.toLowerCase()}${weekday.slice(1)}`));
  });

  it('open but nobody online is "away"; the form takes a phone alone with "call me back"', async () => {
    await open({ agentsOnline: 0, open: true });
    await until(() => $('[data-parley="presence"]')?.getAttribute('data-state') === 'away');
    await until(() => $('[data-parley="offline-form"]'));
    set('[data-parley="offline-name"]', 'Lan');
    set('[data-parley="offline-phone"]', '12');
    set('[data-parley="offline-text"]', 'Gọi cho tôi');
    $('[data-parley="offline-send"]')!.click();
    expect((await until(() => $('[data-parley="offline-error"]'))).textContent).toContain('0912 345 678');
    set('[data-parley="offline-phone"]', '0912 345 678');
    ($('[data-parley="offline-callback"]') as HTMLInputElement).checked = true;
    $('[data-parley="offline-send"]')!.click();
    const f = await until(() => relay.of('offline_message')[0]);
    expect(f).toMatchObject({ name: 'Lan', phone: '0912 345 678', callback: true, text: 'Gọi cho tôi' });
    expect(f.email).toBeUndefined();
  });

  it('neither an email nor a phone: the form says one is needed', async () => {
    await open({ agentsOnline: 0, open: true });
    await until(() => $('[data-parley="offline-form"]'));
    set('[data-parley="offline-text"]', 'hello');
    $('[data-parley="offline-send"]')!.click();
    expect((await until(() => $('[data-parley="offline-error"]'))).textContent).toBe('Please leave an email or a phone number.');
    await tick(100);
    expect(relay.of('offline_message')).toHaveLength(0);
  });
});

describe('conversation end', () => {
  it('a resolve shows a divider and a rating; the rating goes out once as a rating frame and fires `rated`', async () => {
    await open({ agentsOnline: 1, open: true });
    const rated: any[] = [];
    const resolved: any[] = [];
    widget!.on('rated', (r) => rated.push(r));
    widget!.on('resolved', (r) => resolved.push(r));
    relay.broadcast({ t: 'message', id: 'agent_msg_1', from: 'agent', text: 'Done!', at: new Date().toISOString() });
    relay.broadcast({ t: 'resolved', id: 'resolve_0001', conversationId: 'conv_000001', askRating: true });
    relay.broadcast({ t: 'resolved', id: 'resolve_0001', conversationId: 'conv_000001', askRating: true });
    await until(() => $('[data-parley="ended"]'));
    await until(() => $('[data-parley="rating"]'));
    expect($$('[data-parley="ended"]')).toHaveLength(1);
    expect(resolved).toEqual([{ id: 'resolve_0001', conversationId: 'conv_000001' }]);
    const radios = $$('[data-parley="rate"]') as HTMLInputElement[];
    expect(radios.map((r) => r.type)).toEqual(['radio', 'radio', 'radio', 'radio', 'radio']);
    expect($('[data-parley="rating"] legend')!.textContent).toBe('How was your chat?');
    $('[data-parley="rate-send"]')!.click();
    expect((await until(() => $('[data-parley="rating"] [role="alert"]'))).textContent).toContain('1 to 5');
    radios[3]!.checked = true;
    radios[3]!.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => $$('.stars label.on').length === 4);
    set('[data-parley="rate-comment"]', 'Nhanh lắm');
    $('[data-parley="rate-send"]')!.click();
    const f = await until(() => relay.of('rating')[0]);
    expect(f).toMatchObject({ t: 'rating', score: 4, comment: 'Nhanh lắm', conversationId: 'conv_000001' });
    await until(() => $('[data-parley="rated"]'));
    await tick(100);
    expect(relay.of('rating')).toHaveLength(1);
    expect(rated).toEqual([{ id: f.id, score: 4, comment: 'Nhanh lắm', conversationId: 'conv_000001' }]);
  });

  it('End chat sends end; "Email me this conversation" refuses a bad address and sends a good one', async () => {
    await open({ agentsOnline: 1, open: true });
    relay.broadcast({ t: 'message', id: 'agent_msg_2', from: 'agent', text: 'Hi', at: new Date().toISOString() });
    (await until(() => $('[data-parley="email-transcript"]'))).click();
    await until(() => $('[data-parley="transcript-email"]'));
    set('[data-parley="transcript-email"]', 'lan@example');
    $('[data-parley="transcript-send"]')!.click();
    await until(() => $('[data-parley="actions"] [role="alert"]'));
    set('[data-parley="transcript-email"]', 'lan@example.com');
    $('[data-parley="transcript-send"]')!.click();
    expect(await until(() => relay.of('transcript')[0])).toMatchObject({ email: 'lan@example.com' });
    expect((await until(() => $('[data-parley="transcript-sent"]'))).textContent).toContain('lan@example.com');
    $('[data-parley="end-chat"]')!.click();
    expect(await until(() => relay.of('end')[0])).toMatchObject({ t: 'end' });
    await until(() => $('[data-parley="ended"][data-by="visitor"]'));
    await until(() => $('[data-parley="rating"]'));
  });
});
