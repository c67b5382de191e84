// The agent reads the visitor's draft as it is typed: few frames, never a card number, always the end.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingPreview } from '../../widget/typing/preview.js';
import { compilePatterns, maskDraft } from '../../protocol/mask.js';

let frames: string[];
let preview: TypingPreview;
beforeEach(() => {
  vi.useFakeTimers();
  frames = [];
  preview = new TypingPreview({ send: (t) => frames.push(t) });
});
afterEach(() => vi.useRealTimers());

/** Types `text` one character every `gapMs`, reporting each prefix as the composer would. */
function type(text: string, gapMs: number, from = '') {
  for (const ch of text) {
    from += ch;
    preview.update(from);
    vi.advanceTimersByTime(gapMs);
  }
  return from;
}

describe('a visitor typing a question', () => {
  it('sends the first keystroke at once, then at most one frame per 250 ms, ending on the full draft', () => {
    const draft = type('Cho mình hỏi phí ship về Đà Nẵng bao nhiêu ạ', 50); // 44 keystrokes in 2.2 s
    vi.advanceTimersByTime(1000);
    expect(frames[0]).toBe('C');
    expect(frames.length).toBeLessThanOrEqual(Math.ceil(2200 / 250) + 2);
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.at(-1)).toBe(draft);
  });

  it('sends nothing when the draft did not change', () => {
    preview.update('xin chào');
    vi.advanceTimersByTime(300);
    preview.update('xin chào');
    vi.advanceTimersByTime(300);
    expect(frames).toEqual(['xin chào']);
  });

  it('sends "" at once when the draft is cleared, and drops a pending trailing frame', () => {
    preview.update('a');
    preview.update('ab');
    preview.clear();
    vi.advanceTimersByTime(1000);
    expect(frames).toEqual(['a', '']);
  });

  it('keeps the last 500 characters of a long draft', () => {
    const long = 'x'.repeat(600) + 'END';
    preview.update(long);
    expect(frames[0]).toHaveLength(500);
    expect(frames[0]!.endsWith('END')).toBe(true);
  });

  it('never previews a card number, even while its first digits are being typed', () => {
    type('the card is 4111 1111 1111 1111 ok', 300);
    // Whatever separates them, no frame carries 7 digits of the card in a row.
    expect(frames.some((f) => /\d{7}/.test(f.replace(/[^\d•]+/g, '')))).toBe(false);
    expect(frames.every((f) => !/\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d/.test(f))).toBe(true);
    expect(frames.at(-1)).toBe(`the card is ${'•'.repeat(19)} ok`);
  });

  it('rejects a negative interval by name', () => {
    expect(() => new TypingPreview({ send() {}, intervalMs: -1 })).toThrow(/intervalMs/);
  });
});

describe('masking', () => {
  it('masks card-like runs with dashes, keeps short numbers such as an order number or a phone', () => {
    expect(maskDraft('card 4111-1111-1111-1111, order 123456, phone 0912 345 678 thanks')).toBe(
      `card ${'•'.repeat(19)}, order 123456, phone 0912 345 678 thanks`,
    );
  });

  it('masks emails only when the site asks, and the site\'s own patterns', () => {
    expect(maskDraft('mail lan@example.vn')).toBe('mail lan@example.vn');
    expect(maskDraft('mail lan@example.vn', { maskEmails: true })).toBe(`mail ${'•'.repeat(14)}`);
    const errors: string[] = [];
    const patterns = compilePatterns(['CMND\\s*\\d+', '(unclosed'], (e) => errors.push(e));
    expect(maskDraft('số CMND 012345 nhé', { patterns })).toBe(`số ${'•'.repeat(11)} nhé`);
    expect(errors[0]).toMatch(/sensitivePatterns: "\(unclosed" is not a valid pattern/);
  });
});
