// A visitor attaches a file: the relay asks the helpdesk where it goes, vouches for the answer with a
// signed descriptor, and forwards a message only with descriptors it signed for that visitor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDescriptor, verifyDescriptor } from '../../relay/attachments.js';
import { API_SECRET, startHelpdesk, startRelay, testConfig, until, Visitor, type Answer, type Helpdesk, type Received } from './helpers.js';

const SECRETS = ['relay-token-secret-new-of-32-characters', 'relay-token-secret-old-of-32-characters'];

describe('attachments', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  // How the helpdesk answers attachment.requested; each test may change it.
  let answerUpload: (w: Received) => Answer;
  const target = (w: Received): Answer => ({
    status: 200,
    body: {
      uploadUrl: `https://files.example/put/${w.body.data.attachment.id}?one-time=abc`,
      method: 'PUT',
      headers: { 'content-type': w.body.data.attachment.type },
      url: `https://files.example/f/${w.body.data.attachment.id}`,
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    },
  });

  beforeAll(async () => {
    answerUpload = target;
    helpdesk = await startHelpdesk((w) => (w.body.type === 'attachment.requested' ? answerUpload(w) : { status: 200 }));
    relay = await startRelay(testConfig(helpdesk.url, { attachments: { enabled: true, maxBytes: 1_000_000, types: ['image/*', 'application/pdf'] } }));
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
  });

  async function uploadReady(v: Visitor, id: string, file = { name: 'hoa-don.png', type: 'image/png', size: 2048 }) {
    v.send({ t: 'upload', id, ...file });
    return v.next((f) => f.id === id && (f.t === 'upload_ready' || f.t === 'nack'));
  }

  it('upload → attachment.requested (webhook-id = upload id) → upload_ready with a signed descriptor', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const ready = await uploadReady(v, 'upl_receipt_01');
    expect(ready).toMatchObject({
      t: 'upload_ready',
      id: 'upl_receipt_01',
      uploadUrl: 'https://files.example/put/upl_receipt_01?one-time=abc',
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      attachment: { id: 'upl_receipt_01', name: 'hoa-don.png', type: 'image/png', size: 2048, url: 'https://files.example/f/upl_receipt_01' },
    });
    // The descriptor outlives the upload target by at most a day.
    const expiresAt = Date.parse(ready.expiresAt) / 1000;
    expect(ready.attachment.exp).toBeGreaterThan(expiresAt);
    expect(ready.attachment.exp).toBeLessThanOrEqual(Math.floor(expiresAt) + 24 * 3600);
    const [w] = helpdesk.of('attachment.requested').filter((x) => x.body.data.visitor.id === welcome.visitorId);
    expect(() => helpdesk.verify(w!)).not.toThrow();
    expect(w!.headers['webhook-id']).toBe('upl_receipt_01');
    expect(w!.body.data.attachment).toEqual({ id: 'upl_receipt_01', name: 'hoa-don.png', type: 'image/png', size: 2048 });
    v.close();
  });

  it('a message with the descriptor is acked; the helpdesk gets it in message.created, the other tab sees the file', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const tab2 = await Visitor.join(relay.ws, { visitorId: welcome.visitorId, token: welcome.token });
    const ready = await uploadReady(v, 'upl_photo_0001');
    v.send({ t: 'message', id: 'msg_photo_0001', text: '', attachments: [ready.attachment] });
    expect(await v.next((f) => f.id === 'msg_photo_0001')).toEqual({ t: 'ack', id: 'msg_photo_0001' });
    const created = helpdesk.of('message.created').find((w) => w.body.data.message.id === 'msg_photo_0001')!;
    expect(created.body.data.message.attachments).toEqual([ready.attachment]);
    const echo = await tab2.v.next((f) => f.t === 'message' && f.id === 'msg_photo_0001');
    expect(echo.attachments).toEqual([{ id: 'upl_photo_0001', url: 'https://files.example/f/upl_photo_0001', name: 'hoa-don.png', type: 'image/png', size: 2048 }]);
    v.close();
    tab2.v.close();
  });

  it('a forged descriptor (another url, another size, another visitor\'s) is refused with attachment_invalid and never forwarded', async () => {
    const { v } = await Visitor.join(relay.ws);
    const other = await Visitor.join(relay.ws);
    const ready = await uploadReady(v, 'upl_forge_0001');
    const theirs = await uploadReady(other.v, 'upl_forge_0002');
    const forged = [
      { ...ready.attachment, url: 'https://evil.example/phish' },
      { ...ready.attachment, size: 999_999 },
      theirs.attachment,
    ];
    for (const [i, a] of forged.entries()) {
      v.send({ t: 'message', id: `msg_forged_00${i}`, text: 'look', attachments: [a] });
      expect(await v.next((f) => f.id === `msg_forged_00${i}`)).toEqual({ t: 'nack', id: `msg_forged_00${i}`, retryable: false, reason: 'attachment_invalid' });
    }
    expect(helpdesk.of('message.created').filter((w) => w.body.data.message.id.startsWith('msg_forged'))).toEqual([]);
    v.close();
    other.v.close();
  });

  it('a file the site does not take is refused before the helpdesk is asked: type, SVG under image/*, size', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const cases = [
      [{ name: 'run.exe', type: 'application/x-msdownload', size: 10 }, 'type_not_allowed'],
      [{ name: 'logo.svg', type: 'image/svg+xml', size: 10 }, 'type_not_allowed'],
      [{ name: 'huge.jpg', type: 'image/jpeg', size: 1_000_001 }, 'too_large'],
    ] as const;
    for (const [i, [file, reason]] of cases.entries()) {
      expect(await uploadReady(v, `upl_refuse_00${i}`, file)).toEqual({ t: 'nack', id: `upl_refuse_00${i}`, retryable: false, reason });
    }
    expect(helpdesk.of('attachment.requested').filter((w) => w.body.data.visitor.id === welcome.visitorId)).toEqual([]);
    v.close();
  });

  it('a helpdesk that fails or answers nonsense → nack retryable helpdesk_unavailable', async () => {
    const { v } = await Visitor.join(relay.ws);
    try {
      answerUpload = () => ({ status: 500 });
      expect(await uploadReady(v, 'upl_down_00001')).toEqual({ t: 'nack', id: 'upl_down_00001', retryable: true, reason: 'helpdesk_unavailable' });
      answerUpload = () => ({ status: 200, body: { uploadUrl: 'javascript:alert(1)', method: 'PUT', url: 'https://x.example/f', expiresAt: new Date(Date.now() + 60_000).toISOString() } });
      expect(await uploadReady(v, 'upl_junk_00001')).toMatchObject({ t: 'nack', retryable: true, reason: 'helpdesk_unavailable' });
      answerUpload = (w) => ({ ...target(w), body: { ...(target(w).body as object), expiresAt: new Date(Date.now() - 1000).toISOString() } });
      expect(await uploadReady(v, 'upl_stale_0001')).toMatchObject({ t: 'nack', retryable: true, reason: 'helpdesk_unavailable' });
    } finally {
      answerUpload = target;
      v.close();
    }
  });

  it('a site without attachments refuses uploads with attachments_disabled', async () => {
    const plain = await startRelay(testConfig(helpdesk.url));
    try {
      const { v } = await Visitor.join(plain.ws);
      expect(await uploadReady(v, 'upl_off_000001')).toEqual({ t: 'nack', id: 'upl_off_000001', retryable: false, reason: 'attachments_disabled' });
      const config = await (await fetch(`${plain.http}/v1/sites/acme/widget-config`)).json();
      expect(config.attachments).toMatchObject({ enabled: false });
      v.close();
    } finally {
      await plain.relay.close();
    }
  });

  it('the widget-config tells the widget what it may take', async () => {
    const config = await (await fetch(`${relay.http}/v1/sites/acme/widget-config`)).json();
    expect(config.attachments).toEqual({ enabled: true, maxBytes: 1_000_000, types: ['image/*', 'application/pdf'] });
  });
});

describe('descriptor signatures', () => {
  const d = { id: 'upl_sig_00001', name: 'a.pdf', type: 'application/pdf', size: 10, url: 'https://files.example/a', exp: Math.floor(Date.now() / 1000) + 60 };

  it('verify against every configured secret (rotation), and not once expired', () => {
    const byOld = signDescriptor([SECRETS[1]!], 'acme', 'visitor_0001', d);
    expect(verifyDescriptor(SECRETS, 'acme', 'visitor_0001', byOld)).toBe(true);
    expect(verifyDescriptor([SECRETS[0]!], 'acme', 'visitor_0001', byOld)).toBe(false);
    expect(verifyDescriptor(SECRETS, 'other', 'visitor_0001', byOld)).toBe(false);
    expect(verifyDescriptor(SECRETS, 'acme', 'visitor_0001', byOld, (d.exp + 1) * 1000)).toBe(false);
    expect(verifyDescriptor(SECRETS, 'acme', 'visitor_0001', { ...byOld, name: 'b.pdf' })).toBe(false);
  });
});

describe('quick replies and read receipts', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    helpdesk = await startHelpdesk();
    relay = await startRelay(testConfig(helpdesk.url));
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
  });

  const api = (path: string, body: unknown) =>
    fetch(`${relay.http}${path}`, { method: 'POST', headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('an agent message with buttons and files reaches the visitor; a click comes back with replyTo', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const res = await api(`/v1/sites/acme/visitors/${welcome.visitorId}/messages`, {
      id: 'agent_btn_0001',
      text: 'Bạn cần gì?',
      actions: [{ id: 'track', label: 'Theo dõi đơn hàng' }, { id: 'human', label: 'Gặp nhân viên' }],
      attachments: [{ url: 'https://cdn.example/menu.pdf', name: 'menu.pdf', type: 'application/pdf', size: 12345 }],
    });
    expect(res.status).toBe(202);
    const m = await v.next((f) => f.t === 'message' && f.id === 'agent_btn_0001');
    expect(m.actions).toEqual([{ id: 'track', label: 'Theo dõi đơn hàng' }, { id: 'human', label: 'Gặp nhân viên' }]);
    expect(m.attachments).toEqual([{ url: 'https://cdn.example/menu.pdf', name: 'menu.pdf', type: 'application/pdf', size: 12345 }]);
    v.send({ t: 'message', id: 'msg_reply_0001', text: 'Theo dõi đơn hàng', replyTo: { messageId: 'agent_btn_0001', actionId: 'track' } });
    await v.next((f) => f.t === 'ack' && f.id === 'msg_reply_0001');
    const created = helpdesk.of('message.created').find((w) => w.body.data.message.id === 'msg_reply_0001')!;
    expect(created.body.data.message.replyTo).toEqual({ messageId: 'agent_btn_0001', actionId: 'track' });
    v.close();
  });

  it('an agent sends a photo without words: no text is needed when the message carries files, and is when it does not', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const url = `/v1/sites/acme/visitors/${welcome.visitorId}/messages`;
    const photo = { url: 'https://cdn.example/ao-dai.jpg', name: 'ao-dai.jpg', type: 'image/jpeg', size: 48213 };
    for (const [id, extra] of [['agent_photo_01', {}], ['agent_photo_02', { text: '  ' }]] as const) {
      const res = await api(url, { id, attachments: [photo], ...extra });
      expect(res.status).toBe(202);
      expect(await v.next((f) => f.t === 'message' && f.id === id)).toMatchObject({ from: 'agent', text: '', attachments: [photo] });
    }
    for (const body of [{}, { text: '  ' }, { text: '', actions: [{ id: 'ok', label: 'OK' }] }]) {
      const bad = await api(url, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect((await bad.json()).error.message, JSON.stringify(body)).toMatch(/^"?\.?text/);
    }
    v.close();
  });

  it('the messages call refuses a non-http attachment and buttons sharing an id, naming the field', async () => {
    const url = '/v1/sites/acme/visitors/visitor_nobody1/messages';
    const bad1 = await api(url, { text: 'x', attachments: [{ url: 'javascript:alert(1)', name: 'a', type: 'image/png' }] });
    expect(bad1.status).toBe(400);
    expect((await bad1.json()).error.message).toContain('attachments[0].url');
    const bad2 = await api(url, { text: 'x', actions: [{ id: 'a', label: 'A' }, { id: 'a', label: 'B' }] });
    expect(bad2.status).toBe(400);
    expect((await bad2.json()).error.message).toContain('actions[1].id');
  });

  it('the agent reads: POST …/read reaches the visitor as a read frame', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const res = await api(`/v1/sites/acme/visitors/${welcome.visitorId}/read`, { upTo: 'msg_seen_00001' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ delivered: true });
    expect(await v.next((f) => f.t === 'read')).toEqual({ t: 'read', upTo: 'msg_seen_00001' });
    v.close();
  });

  it('the visitor reads: many read frames → at most one message.read per 2 s, the newest upTo winning', async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const reads = () => helpdesk.of('message.read').filter((w) => w.body.data.visitor.id === welcome.visitorId);
    for (let i = 1; i <= 8; i++) v.send({ t: 'read', upTo: `agent_msg_000${i}` });
    await until(() => reads().at(-1)?.body.data.upTo === 'agent_msg_0008', 5000, 'the newest read');
    const got = reads();
    expect(got.length).toBeLessThanOrEqual(2);
    for (let i = 1; i < got.length; i++) expect(got[i]!.at - got[i - 1]!.at).toBeGreaterThanOrEqual(1900);
    expect(() => helpdesk.verify(got.at(-1)!)).not.toThrow();
    expect(Date.parse(got.at(-1)!.body.data.at)).not.toBeNaN();
    v.close();
  });
});
