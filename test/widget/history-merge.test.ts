// A verified user opens the chat on a second device: the helpdesk hands back the conversation from
// the first, both sides, after what this device already shows. The widget shows each message once,
// in the order it was written.
import { describe, expect, it } from 'vitest';
import { Conversation } from '../../widget/core/conversation.js';

const at = (min: number) => new Date(Date.UTC(2027, 0, 28, 8, min)).toISOString();

describe('history from another device', () => {
  it('merges by id in time order, whatever order it arrives in', () => {
    const conv = new Conversation();
    // What this device has: the visitor just asked something here.
    conv.add({ id: 'laptop_msg_01', from: 'visitor', text: 'Còn size 38 không?', at: at(30), status: 'sent' });
    // The catch-up: the phone's conversation, oldest first, with one message this device already has.
    conv.add({ id: 'phone_msg_001', from: 'visitor', text: 'Em muốn đổi size giày', at: at(1), status: 'sent' });
    conv.add({ id: 'agent_msg_001', from: 'agent', text: 'Dạ, chị cần size nào ạ?', at: at(2) });
    conv.add({ id: 'laptop_msg_01', from: 'visitor', text: 'Còn size 38 không?', at: at(30), status: 'sent' });
    conv.add({ id: 'agent_msg_002', from: 'agent', text: 'Size 38 còn hàng ạ.', at: at(31) });
    expect(conv.messages.map((m) => m.id)).toEqual(['phone_msg_001', 'agent_msg_001', 'laptop_msg_01', 'agent_msg_002']);
  });
});
