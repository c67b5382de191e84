// @vitest-environment happy-dom
// A site that takes messages from signed-in users only (identity.required), behind a real relay: a
// visitor who is not signed in sees why their message did not go, in their language, and the page
// hears it as an `error` it can act on; once the page identifies them, Retry sends it.
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createWidget, type ParleyWidget } from '../../widget/index.js';
import { startHelpdesk, startRelay, testConfig, until, type Helpdesk } from '../relay/helpers.js';
import { $, typeAndEnter } from './helpers/dom.js';

const SECRET = 'site-identity-secret-for-sign-in';
let helpdesk: Helpdesk;
let relay: Awaited<ReturnType<typeof startRelay>>;
let widget: ParleyWidget | null = null;

beforeAll(async () => {
  helpdesk = await startHelpdesk();
  // Node's socket sends no Origin.
  relay = await startRelay(testConfig(helpdesk.url, { origins: ['*'], agentsOnline: 1, identity: { secret: SECRET, required: true } }));
});
afterEach(() => {
  widget?.destroy();
  widget = null;
});
afterAll(async () => {
  await relay.relay.close();
  await helpdesk.close();
});

describe('a site for signed-in users only', () => {
  it.each([
    ['vi', 'Vui lòng đăng nhập để gửi tin nhắn.', 'Chưa gửi được'],
    ['en', 'Please sign in to send messages.', 'Not sent'],
  ] as const)('%s: the message is not sent, the visitor is told to sign in, and Retry sends it once they have', async (locale, told, notSent) => {
    document.body.innerHTML = '';
    const errors: { code: string; message: string }[] = [];
    widget = createWidget({ relay: relay.http, site: 'acme', storage: 'memory', locale, WebSocket: WebSocket as any });
    widget.on('error', (e) => errors.push(e));
    await new Promise<void>((r) => widget!.on('ready', () => r()));
    widget.open();
    await until(() => $('[data-parley="composer"]') !== null);
    const text = `Đơn 1042 của mình đâu rồi? (${locale})`;
    typeAndEnter(text);
    await until(() => $('[data-parley="message"][data-status="failed"]') !== null, 5000, 'the message marked not sent');
    expect($('[data-parley="message-status"]')!.textContent).toContain(notSent);
    await until(() => $('[data-parley="file-note"]')!.textContent === told, 5000, 'the sign-in note');
    expect($('[data-parley="file-note"]')!.getAttribute('role')).toBe('status');
    expect(errors).toContainEqual({ code: 'identity_required', message: expect.stringMatching(/sign in/) });
    expect(helpdesk.of('message.created').filter((w) => w.body.data.message.text === text)).toHaveLength(0);

    const userId = `user-${locale}`;
    widget.identify({ userId, userHash: createHmac('sha256', SECRET).update(userId).digest('hex'), name: 'Lan' });
    await until(() => helpdesk.of('visitor.updated').some((w) => w.body.data.visitor.userId === userId), 5000, 'the sign-in at the relay');
    $('[data-parley="retry"]')!.click();
    await until(() => $('[data-parley="message"][data-status="sent"]') !== null, 5000, 'the message sent');
    expect(helpdesk.of('message.created').find((w) => w.body.data.message.text === text)!.body.data.visitor).toMatchObject({ userId, verified: true });
  });
});
