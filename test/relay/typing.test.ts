// A visitor types quickly; the helpdesk sees a few masked previews, never a flood, never a delay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPreview, sitePatterns } from '../../relay/typing.js';
import { sleep, startHelpdesk, startRelay, testConfig, until, Visitor, type Helpdesk } from './helpers.js';

describe('typing previews', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    // Typing webhooks are slow (1.5 s) so they pend while the visitor keeps typing and sends; an ack
    // that waited behind one would take that long, far beyond what a loaded machine adds.
    helpdesk = await startHelpdesk((w) => (w.body.type === 'visitor.typing' ? { status: 200, delayMs: 1500 } : { status: 200 }));
    // A client faster than the widget (one frame per keystroke): the rate is raised here so these
    // stories are about coalescing; the default rate has its own story below.
    relay = await startRelay(
      testConfig(helpdesk.url, { typingPreview: { enabled: true, intervalMs: 500 }, limits: { rates: { typing: { burst: 100, perSecond: 50 } } } }),
    );
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
  });

  const typingOf = (visitorId: string) => helpdesk.of('visitor.typing').filter((w) => w.body.data.visitor.id === visitorId);

  it('40 keystrokes in 2 s → at most 5 visitor.typing webhooks, the last one is the final draft', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const draft = 'Tôi muốn đổi size giày, đơn hàng số 12';
    const start = Date.now();
    for (let i = 1; i <= 40; i++) {
      // Keystroke i at (i-1)*50 ms: forty of them within two seconds, whatever the timer drift. A real
      // clock on purpose: the relay's coalescer runs on real time, so this is how fast a visitor types.
      await sleep(start + (i - 1) * 50 - Date.now());
      v.send({ t: 'typing', text: draft.slice(0, Math.ceil((i / 40) * draft.length)) });
    }
    expect(Date.now() - start).toBeLessThan(2400); // a loaded machine may stretch the two seconds a little
    // The final draft reaching the helpdesk is the last preview the relay has to send.
    await until(() => typingOf(welcome.visitorId).at(-1)?.body.data.preview === draft, 5000, 'the final draft');
    const hooks = typingOf(welcome.visitorId);
    expect(hooks.length).toBeGreaterThanOrEqual(2);
    expect(hooks.length).toBeLessThanOrEqual(5);
    expect(hooks.at(-1)!.body.data.preview).toBe(draft);
    for (const h of hooks) expect(() => helpdesk.verify(h)).not.toThrow();
    v.close();
  });

  it('a card number arrives masked', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    v.send({ t: 'typing', text: 'my card is 4111 1111-1111 1111 ok' });
    await until(() => typingOf(welcome.visitorId).length === 1);
    const preview = typingOf(welcome.visitorId)[0]!.body.data.preview;
    expect(preview).not.toMatch(/\d/);
    expect(preview).toMatch(/^my card is •{19} ok$/);
    v.close();
  });

  it('a message sent while typing webhooks pend is acked without waiting for them', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    for (let i = 0; i < 10; i++) v.send({ t: 'typing', text: `draft ${i}` });
    await until(() => typingOf(welcome.visitorId).length === 1); // one typing webhook is now in flight (1.5 s)
    const sent = Date.now();
    v.send({ t: 'message', id: 'typed_msg_001', text: 'draft 9' });
    await v.next((f) => f.t === 'ack' && f.id === 'typed_msg_001');
    expect(Date.now() - sent).toBeLessThan(1000);
    v.close();
  });

  it('a preview still pending when the message is sent never reaches the helpdesk after it', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    // A second visitor does the same a moment later but sends no message: its pending preview is the
    // witness that v's slot came round too (v's was queued first, so it would have arrived first).
    const { v: control, welcome: cw } = await Visitor.join(relay.ws);
    v.send({ t: 'typing', text: 'hỏi về đơn' });
    await until(() => typingOf(welcome.visitorId).length === 1); // in flight for 1.5 s
    control.send({ t: 'typing', text: 'control draft' });
    await until(() => typingOf(cw.visitorId).length === 1);
    v.send({ t: 'typing', text: 'hỏi về đơn hàng' }); // waits for its slot
    control.send({ t: 'typing', text: 'control draft, still typing' }); // waits for its slot
    v.send({ t: 'message', id: 'stale_msg_0001', text: 'hỏi về đơn hàng' });
    await v.next((f) => f.t === 'ack' && f.id === 'stale_msg_0001');
    await until(() => typingOf(cw.visitorId).length === 2, 5000, "the control visitor's pending preview");
    expect(typingOf(welcome.visitorId).map((w) => w.body.data.preview)).toEqual(['hỏi về đơn']);
    v.close();
    control.close();
  });

  it('masking keeps short numbers, masks emails and site patterns only when configured', () => {
    const cfg = { maskEmails: false };
    expect(maskPreview('order 123456 costs 99', cfg)).toBe('order 123456 costs 99');
    expect(maskPreview('4111111111111111 ok', cfg)).toBe('•••••••••••••••• ok');
    expect(maskPreview('mail lan@example.com', cfg)).toBe('mail lan@example.com');
    expect(maskPreview('mail lan@example.com', { maskEmails: true })).toBe('mail •••••••••••••••');
    const patterns = sitePatterns({ sensitivePatterns: ['\\bCCCD\\s*\\d{12}\\b'] });
    expect(maskPreview('số CCCD 001099012345 nhé', cfg, patterns)).toBe(`số ${'•'.repeat(17)} nhé`);
  });

  it('with typing preview disabled (the default) no visitor.typing webhook is sent', async () => {
    const config = testConfig(helpdesk.url);
    // A second site on the same relay with previews on: its visitor's preview is the witness that the
    // relay had its chance to send one for the first site's visitor.
    config.sites.push({ ...config.sites[0]!, id: 'beta', typingPreview: { enabled: true, intervalMs: 500 } });
    const r2 = await startRelay(config);
    const { v, welcome } = await Visitor.join(r2.ws);
    const control = Visitor.connect(r2.ws, { site: 'beta' });
    await control.opened;
    control.send({ t: 'hello', page: { url: 'https://shop.example/', title: 'Shop' }, locale: 'vi' });
    const cw = await control.next((f) => f.t === 'welcome');
    v.send({ t: 'typing', text: 'secret draft' });
    control.send({ t: 'typing', text: 'control draft' });
    await until(() => typingOf(cw.visitorId).length === 1, 5000, "the preview-enabled site's preview");
    v.send({ t: 'message', id: 'after_typing1', text: 'hi' });
    await v.next((f) => f.t === 'ack');
    expect(typingOf(welcome.visitorId)).toHaveLength(0);
    v.close();
    control.close();
    await r2.relay.close();
  });
});
