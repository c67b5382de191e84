// Around the clock (DESIGN §8, §9) over real sockets and HTTP: presence flips at a real schedule
// boundary, the offline form's phone and callback, resolve, end, rating and transcript requests reach
// the helpdesk as acked webhooks, and a resolve the visitor missed comes back with visitor.connected.
import { afterEach, describe, expect, it } from 'vitest';
import { createRelay } from '../../relay/index.js';
import { API_SECRET, startHelpdesk, startRelay, testConfig, until, Visitor, type Answer, type Helpdesk } from './helpers.js';

const EVERY_DAY = (r: string[]) => ({ mon: r, tue: r, wed: r, thu: r, fri: r, sat: r, sun: r });

describe('around the clock', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  async function setup(site: Record<string, unknown> = {}, answer?: (w: any) => Answer, schedule?: { now: () => number }) {
    const helpdesk: Helpdesk = await startHelpdesk(answer);
    cleanup.push(() => helpdesk.close());
    const r = await startRelay(testConfig(helpdesk.url, { agentsOnline: 1, ...site }), schedule ? { schedule } as never : undefined);
    cleanup.push(() => r.relay.close());
    return { helpdesk, r };
  }
  const api = (base: string, path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('pushes presence when the site opens at a boundary two seconds away', async () => {
    // The relay's clock reads 12:00:58 UTC today, so the 12:01 opening is two real seconds away.
    const real = Date.now();
    const d = new Date(real);
    const offset = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12, 0, 58) - real;
    const { r } = await setup({ hours: { timeZone: 'UTC', weekly: EVERY_DAY(['12:01-12:03']) } }, undefined, { now: () => Date.now() + offset });
    const { v, welcome } = await Visitor.join(r.ws);
    const opening = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12, 1)).toISOString();
    expect(welcome).toMatchObject({ agentsOnline: 1, open: false, opensAt: opening });
    const cfg = await (await fetch(`${r.http}/v1/sites/acme/widget-config`)).json();
    expect(cfg).toMatchObject({ open: false, opensAt: opening });
    const flipped = await v.next((f) => f.t === 'presence', 6000);
    expect(flipped).toEqual({ t: 'presence', agentsOnline: 1, open: true });
    expect(Date.now() + offset).toBeGreaterThanOrEqual(Date.parse(opening));
    v.close();
  });

  it('refuses bad hours at start, naming the field', () => {
    expect(() => createRelay(testConfig('http://127.0.0.1:1/', { hours: { timeZone: 'Asia/Ho_Chi_Minh', weekly: { mon: ['8h-17h'] } } } as never))).toThrow(/sites\[0\]\.hours\.weekly\.mon\[0\]/);
    expect(() => createRelay(testConfig('http://127.0.0.1:1/', { hours: { timeZone: 'Asia/Saigon_City' } } as never))).toThrow(/sites\[0\]\.hours\.timeZone/);
  });

  it('an offline message with only a phone and "call me back" reaches the helpdesk; one with neither contact is refused', async () => {
    const { helpdesk, r } = await setup();
    const { v } = await Visitor.join(r.ws);
    v.send({ t: 'offline_message', id: 'offline_0001', name: 'Lan', phone: '+84 912 345 678', callback: true, text: 'Gọi cho tôi' });
    await v.next((f) => f.t === 'ack' && f.id === 'offline_0001');
    const [w] = helpdesk.of('offline_message.created');
    expect(w!.headers['webhook-id']).toBe('offline_0001');
    expect(w!.body.data.message).toMatchObject({ name: 'Lan', phone: '+84 912 345 678', callback: true, text: 'Gọi cho tôi' });
    expect(w!.body.data.message.email).toBeUndefined();
    v.send({ t: 'offline_message', id: 'offline_0002', name: 'Lan', text: 'no contact' });
    expect(await v.next((f) => f.id === 'offline_0002')).toMatchObject({ t: 'nack', retryable: false, reason: 'bad_frame' });
    v.send({ t: 'offline_message', id: 'offline_0003', name: 'Lan', phone: '12', text: 'bad phone' });
    expect(await v.next((f) => f.id === 'offline_0003')).toMatchObject({ t: 'nack', retryable: false });
    v.close();
  });

  it('resolve, end, rating and transcript: frames and acked webhooks with the frame ids', async () => {
    const { helpdesk, r } = await setup({ rating: { enabled: true } });
    const { v, welcome } = await Visitor.join(r.ws);
    const res = await api(r.http, `/v1/sites/acme/visitors/${welcome.visitorId}/resolve`, { conversationId: 'conv_000001' });
    expect(res.status).toBe(202);
    const sent = await res.json();
    expect(sent.delivered).toBe(true);
    expect(await v.next((f) => f.t === 'resolved')).toEqual({ t: 'resolved', id: sent.id, conversationId: 'conv_000001', askRating: true });
    const offline = await api(r.http, `/v1/sites/acme/visitors/nobody_here_1/resolve`, { askRating: false });
    expect(await offline.json()).toMatchObject({ delivered: false });

    v.send({ t: 'rating', id: 'rating_0001', conversationId: 'conv_000001', score: 5, comment: 'Rất tốt' });
    await v.next((f) => f.t === 'ack' && f.id === 'rating_0001');
    const [rated] = helpdesk.of('conversation.rated');
    expect(rated!.headers['webhook-id']).toBe('rating_0001');
    expect(rated!.body.data.rating).toMatchObject({ id: 'rating_0001', conversationId: 'conv_000001', score: 5, comment: 'Rất tốt' });
    v.send({ t: 'rating', id: 'rating_0002', score: 6 });
    expect(await v.next((f) => f.id === 'rating_0002')).toMatchObject({ t: 'nack', retryable: false });

    v.send({ t: 'end', id: 'end_00000001' });
    await v.next((f) => f.t === 'ack' && f.id === 'end_00000001');
    expect(helpdesk.of('conversation.ended').map((w) => [w.headers['webhook-id'], w.body.data.by])).toEqual([['end_00000001', 'visitor']]);

    v.send({ t: 'transcript', id: 'transcr_0001', email: 'lan@example.com' });
    await v.next((f) => f.t === 'ack' && f.id === 'transcr_0001');
    expect(helpdesk.of('transcript.requested')[0]!.body.data.request).toEqual({ id: 'transcr_0001', email: 'lan@example.com', emailVerified: false });
    v.send({ t: 'transcript', id: 'transcr_0002', email: 'not an email' });
    expect(await v.next((f) => f.id === 'transcr_0002')).toMatchObject({ t: 'nack', retryable: false });
    v.close();
  });

  it('a resolve the visitor missed comes back in the answer to visitor.connected', async () => {
    const { r } = await setup({}, (w) =>
      w.body.type === 'visitor.connected'
        ? { status: 200, body: { messages: [{ id: 'agent_msg_1', text: 'Đã xử lý xong' }], resolved: { id: 'resolve_0001', conversationId: 'conv_000002' } } }
        : { status: 200 },
    );
    const { v } = await Visitor.join(r.ws);
    await v.next((f) => f.t === 'resolved');
    const types = v.frames.map((f) => f.t).filter((t) => t === 'message' || t === 'resolved');
    expect(types).toEqual(['message', 'resolved']);
    expect(v.frames.find((f) => f.t === 'resolved')).toEqual({ t: 'resolved', id: 'resolve_0001', conversationId: 'conv_000002', askRating: true });
    v.close();
    await until(() => true);
  });
});
