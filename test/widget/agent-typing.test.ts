// The visitor sees "agent is typing…" while the agent types, and it never sticks if "stopped" is lost.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { AGENT_TYPING_MS, Conversation } from '../../widget/core/conversation.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('clears "agent is typing" by itself 6 s after the last refresh', () => {
  const conv = new Conversation();
  conv.setTyping(true);
  vi.advanceTimersByTime(AGENT_TYPING_MS - 1000);
  conv.setTyping(true); // the helpdesk refreshes while the agent keeps typing
  vi.advanceTimersByTime(AGENT_TYPING_MS - 1000);
  expect(conv.agentTyping).toBe(true);
  vi.advanceTimersByTime(1001);
  expect(conv.agentTyping).toBe(false);
  // Without the refresh it would have cleared 6 s after the first typing: 4 s before it did.
  conv.setTyping(true);
  vi.advanceTimersByTime(6000 - 1);
  expect(conv.agentTyping).toBe(true);
  vi.advanceTimersByTime(1);
  expect(conv.agentTyping).toBe(false);
});

it('clears at once when the agent stops', () => {
  const conv = new Conversation();
  conv.setTyping(true);
  conv.setTyping(false);
  expect(conv.agentTyping).toBe(false);
});
