import { afterEach, describe, expect, it, vi } from 'vitest';
import { maskDraft, TypingReporter } from '../../widget/core/typing.js';

afterEach(() => vi.useRealTimers());

describe('typing preview', () => {
  it('masks card numbers always, emails and site patterns when configured', () => {
    expect(maskDraft('card 4111 1111 1111 1111 ok', {})).toBe('card ••• ok');
    expect(maskDraft('mail lan@shop.vn pls', { maskEmails: true })).toBe('mail ••• pls');
    expect(maskDraft('mail lan@shop.vn pls', { maskEmails: false })).toBe('mail lan@shop.vn pls');
    expect(maskDraft('order SECRET-42 now', { sensitivePatterns: ['secret-\\d+', '(['] })).toBe('order ••• now');
  });

  it('sends at most one draft per interval, latest wins, and "" on stop', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const r = new TypingReporter((t) => sent.push(t), 500);
    r.update('h');
    r.update('he');
    r.update('hel');
    expect(sent).toEqual(['h']);
    vi.advanceTimersByTime(500);
    expect(sent).toEqual(['h', 'hel']);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['h', 'hel']);
    r.stop();
    r.stop();
    expect(sent).toEqual(['h', 'hel', '']);
  });

  it('reports a stop after the visitor goes idle', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const r = new TypingReporter((t) => sent.push(t), 500, 3000);
    r.update('half a thought');
    vi.advanceTimersByTime(3000);
    expect(sent).toEqual(['half a thought', '']);
  });
});
