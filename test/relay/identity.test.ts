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

  it('a wrong or empty userHash → error identity_invalid, and nothing of the claim is trusted', async () => {
    const { v } = await Visitor.join(relay.ws);
    v.send({ t: 'identify', user: { userId: 'admin', name: 'Boss', userHash: hashFor('someone-else') } });
    expect(await v.next((f) => f.t === 'error')).toMatchObject({ code: 'identity_invalid' });
    v.send({ t: 'identify', user: { userId: 'admin', userHash: '' } });
    await until(() => v.frames.filter((f) => f.code === 'identity_invalid').length === 2);
    const visitor = await lastMessageVisitor(v, 'ident_msg_002');
    expect(visitor.verified).toBe(false);
    expect(visitor.userId).toBeUndefined();
    expect(visitor.name).toBeUndefined();
    v.close();
  });
});
