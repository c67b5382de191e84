// A logged-in shopper is identified by the site's server-computed userHash; a forged one is refused.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHelpdesk, startRelay, testConfig, until, Visitor, type Helpdesk } from './helpers.js';

const IDENTITY_SECRET = 'site-identity-secret';
const hashFor = (userId: string) => createHmac('sha256', IDENTITY_SECRET).update(userId).digest('hex');

describe('identity', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    helpdesk = await startHelpdesk();
    relay = await startRelay(testConfig(helpdesk.url, { identity: { secret: IDENTITY_SECRET } }));
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
  });

  async function lastMessageVisitor(v: Visitor, id: string) {
    v.send({ t: 'message', id, text: 'who am I?' });
    await v.next((f) => f.id === id);
    return helpdesk.of('message.created').find((w) => w.body.data.message.id === id)!.body.data.visitor;
  }

  it('identify with the right userHash → webhooks say verified with the user details', async () => {
    const { v } = await Visitor.join(relay.ws);
    v.send({ t: 'identify', user: { userId: 'u-42', name: 'Lan', email: 'lan@example.com', userHash: hashFor('u-42') } });
    const visitor = await lastMessageVisitor(v, 'ident_msg_001');
    expect(visitor).toMatchObject({ verified: true, userId: 'u-42', name: 'Lan', email: 'lan@example.com' });
    expect(v.frames.some((f) => f.t === 'error')).toBe(false);
    v.close();
  });

  it('identify in hello works the same way', async () => {
    const { v } = await Visitor.join(relay.ws, { user: { userId: 'u-7', name: 'Minh', userHash: hashFor('u-7') } });
    await until(() => helpdesk.of('visitor.connected').some((w) => w.body.data.visitor.userId === 'u-7'));
    expect(helpdesk.of('visitor.connected').find((w) => w.body.data.visitor.userId === 'u-7')!.body.data.visitor.verified).toBe(true);
    v.close();
  });

  it('a wrong or empty userHash → error identity_invalid; the userId is not passed on, the name stays a claim', async () => {
    const { v } = await Visitor.join(relay.ws);
    v.send({ t: 'identify', user: { userId: 'admin', name: 'Boss', userHash: hashFor('someone-else') } });
    expect(await v.next((f) => f.t === 'error')).toMatchObject({ code: 'identity_invalid' });
    v.send({ t: 'identify', user: { userId: 'admin', userHash: '' } });
    await until(() => v.frames.filter((f) => f.code === 'identity_invalid').length === 2);
    const visitor = await lastMessageVisitor(v, 'ident_msg_002');
    expect(visitor.verified).toBe(false);
    expect(visitor.userId).toBeUndefined();
    // The second identify (no name) replaced the first whole, claims included.
    expect(visitor.name).toBeUndefined();
    v.close();
  });

  it('each identify replaces the last whole: nothing of user 42 survives an identify as user 43', async () => {
    const { v } = await Visitor.join(relay.ws);
    v.send({ t: 'identify', user: { userId: 'u-42', name: 'Lan', email: 'lan@example.com', userHash: hashFor('u-42') } });
    v.send({ t: 'identify', user: { userId: 'u-43', userHash: hashFor('u-43') } });
    const visitor = await lastMessageVisitor(v, 'ident_msg_003');
    expect(visitor).toEqual({ id: expect.any(String), verified: true, userId: 'u-43', page: expect.anything(), locale: 'vi' });
    v.close();
  });

  it('name and email without a valid hash are claims: passed on, with verified false and no userId', async () => {
    const { v } = await Visitor.join(relay.ws);
    v.send({ t: 'identify', user: { name: 'Hoa', email: 'hoa@example.com' } });
    const visitor = await lastMessageVisitor(v, 'ident_msg_004');
    expect(visitor).toMatchObject({ verified: false, name: 'Hoa', email: 'hoa@example.com' });
    expect(visitor.userId).toBeUndefined();
    expect(v.frames.some((f) => f.t === 'error')).toBe(false);
    v.close();
  });
});

describe('identity.required', () => {
  it('an unverified visitor connects and reads, but its messages are refused: nack identity_required, not retryable', async () => {
    const helpdesk = await startHelpdesk();
    const relay = await startRelay(testConfig(helpdesk.url, { identity: { secret: IDENTITY_SECRET, required: true } }));
    const { v } = await Visitor.join(relay.ws);
    v.send({ t: 'message', id: 'req_msg_0001', text: 'hello?' });
    expect(await v.next((f) => f.id === 'req_msg_0001')).toEqual({ t: 'nack', id: 'req_msg_0001', retryable: false, reason: 'identity_required' });
    // And why, in words the widget shows.
    expect(await v.next((f) => f.t === 'error')).toMatchObject({ code: 'identity_required', message: expect.stringMatching(/sign in/) });
    expect(helpdesk.of('message.created')).toHaveLength(0);
    v.send({ t: 'identify', user: { userId: 'u-9', userHash: hashFor('u-9') } });
    v.send({ t: 'message', id: 'req_msg_0002', text: 'now?' });
    expect(await v.next((f) => f.id === 'req_msg_0002')).toEqual({ t: 'ack', id: 'req_msg_0002' });
    v.close();
    await relay.relay.close();
    await helpdesk.close();
  });
});
