// One visitor who does everything a visitor can, so a relay sends every webhook type at least once:
// for the tests that hold what a helpdesk receives (its JSON Schema, the kit's parsing) to each type.
import type { SiteConfig } from '../../relay/index.js';
import { WEBHOOK_TYPES, type WebhookType } from '../../protocol/webhooks.js';
import { API_SECRET, until, Visitor } from './helpers.js';

/** The site settings that let every event happen: typing preview, a rule, an FAQ article, nobody online. */
export const EVERY_WEBHOOK_SITE: Partial<SiteConfig> = {
  agentsOnline: 0,
  attachments: { enabled: true },
  typingPreview: { enabled: true, intervalMs: 50, maskEmails: true },
  invitations: [{ id: 'welcome', text: { en: 'Need help?', vi: 'Cần giúp không?' }, conditions: {} }],
  faq: [{ id: 'shipping', question: 'Shipping', answer: 'We ship in 2 days.' }],
};

/** What a helpdesk answers `attachment.requested` with in these tests: where the file would go. */
export const uploadTarget = () => ({
  uploadUrl: 'https://files.example/put/1',
  method: 'PUT' as const,
  url: 'https://files.example/f/1',
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
});

/** A test helpdesk's answer to every webhook: an upload target for `attachment.requested`, else 200 {}. */
export const answerEveryWebhook = (w: { body: { type: string } }) =>
  w.body.type === 'attachment.requested' ? { status: 200, body: uploadTarget() } : { status: 200 };

/**
 * Drives a relay (site "acme" with `EVERY_WEBHOOK_SITE`) until `count` says each webhook type arrived:
 * a verified-looking visitor with claims and a visit context tracks an event, chats, sends a photo,
 * reads, types, navigates, leaves offline messages, ends, rates, asks for the
 * transcript, answers invitations (a rule's and an agent's), rates an FAQ article, leaves and comes
 * back with `lastMessageId` `schema_msg_001`. Resolves once both sockets' disconnects arrived.
 */
export async function sendEveryWebhook(relay: { http: string; ws: string }, count: (type: WebhookType) => number): Promise<{ visitorId: string }> {
  const { v, welcome } = await Visitor.join(relay.ws, {
    page: { url: 'https://shop.example/p/1?token=secret#top', title: 'Shoes', referrer: 'https://search.example/?q=shoes' },
    user: { userId: 'u-42', name: 'Lan', email: 'lan@example.com', phone: '0912 345 678' },
    context: { timeZone: 'Asia/Ho_Chi_Minh', languages: ['vi-VN'], device: 'desktop', screen: { w: 1440, h: 900 }, landing: 'https://shop.example/?utm_source=zalo', utm: { source: 'zalo' }, visits: 2 },
  });
  v.send({ t: 'profile', attributes: { plan: 'pro', cart: 1250000, vip: true, coupon: null } });
  v.send({ t: 'event', name: 'added_to_cart', props: { sku: 'SHOE-42' } });
  v.send({ t: 'message', id: 'schema_msg_001', text: 'xin chào' });
  await v.next((f) => f.id === 'schema_msg_001' && f.t === 'ack');
  // A photo: where to put it (attachment.requested), then the message carrying its descriptor, as a quick reply.
  v.send({ t: 'upload', id: 'schema_upl_001', name: 'photo.jpg', type: 'image/jpeg', size: 1000 });
  const ready = await v.next((f) => f.id === 'schema_upl_001' && f.t === 'upload_ready');
  v.send({ t: 'message', id: 'schema_msg_002', text: '', attachments: [ready.attachment], replyTo: { messageId: 'schema_agent_1', actionId: 'track' } });
  await v.next((f) => f.id === 'schema_msg_002' && f.t === 'ack');
  v.send({ t: 'read', upTo: 'schema_agent_1' });
  v.send({ t: 'typing', text: 'my email is lan@example.com' });
  v.send({ t: 'page', url: 'https://shop.example/cart', title: 'Cart' });
  v.send({ t: 'offline_message', id: 'schema_off_001', name: 'Lan', email: 'lan@example.com', text: 'call me back' });
  await v.next((f) => f.id === 'schema_off_001' && f.t === 'ack');
  // The closed-hours form: a phone alone and "call me back".
  v.send({ t: 'offline_message', id: 'schema_off_002', name: 'Lan', phone: '+84 912 345 678', callback: true, text: 'gọi lại giúp tôi' });
  await v.next((f) => f.id === 'schema_off_002' && f.t === 'ack');
  v.send({ t: 'end', id: 'schema_end_001' });
  await v.next((f) => f.id === 'schema_end_001' && f.t === 'ack');
  v.send({ t: 'rating', id: 'schema_rate_01', conversationId: 'schema_conv_1', score: 4, comment: 'nhanh' });
  await v.next((f) => f.id === 'schema_rate_01' && f.t === 'ack');
  v.send({ t: 'transcript', id: 'schema_tr_0001', email: 'lan@example.com' });
  await v.next((f) => f.id === 'schema_tr_0001' && f.t === 'ack');
  for (const action of ['shown', 'accepted', 'dismissed']) v.send({ t: 'invitation', id: `schema_inv_${action}`, ruleId: 'welcome', text: 'Need help?', action });
  // An agent's invitation through the API, so one invitation event carries no rule id.
  const res = await fetch(`${relay.http}/v1/sites/acme/visitors/${welcome.visitorId}/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'Có mã giảm giá', author: { name: 'Mai' } }),
  });
  const { id } = (await res.json()) as { id: string };
  await v.next((f) => f.t === 'invitation' && f.id === id);
  v.send({ t: 'invitation', id, action: 'shown' });
  v.send({ t: 'faq', articleId: 'shipping', action: 'helpful' });
  await until(() => WEBHOOK_TYPES.every((t) => t === 'visitor.disconnected' || count(t) > 0), 5000, 'every webhook type but disconnected');
  v.close();
  // A second socket resuming the conversation: its visitor.connected carries `since`.
  const again = await Visitor.join(relay.ws, { visitorId: welcome.visitorId, token: welcome.token, lastMessageId: 'schema_msg_001' });
  again.v.close();
  await until(() => count('visitor.disconnected') >= 2, 5000, 'both disconnects');
  return { visitorId: welcome.visitorId };
}
