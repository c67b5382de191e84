// A visitor types a card number every way people do, or an attacker types drafts built to make
// masking slow: the helpdesk never sees 7+ digits of a card, and masking stays linear.
import { describe, expect, it } from 'vitest';
import { luhn, maskDraft } from '../../protocol/mask.js';
import { ConfigError, resolveConfig } from '../../relay/index.js';
import { maskPreview, PREVIEW_MAX } from '../../relay/typing.js';
import { WEBHOOK_SECRET } from './helpers.js';

const CARD = '4111111111111111'; // a test Visa number (passes Luhn)
/** The longest run of digits left readable, ignoring what separates them. */
const readableDigits = (s: string) => Math.max(0, ...(s.match(/[0-9０-９](?:[^\p{L}•]{0,3}[0-9０-９])*/gu) ?? []).map((r) => r.replace(/[^0-9０-９]/g, '').length));

describe('card numbers, however they are typed', () => {
  const groups = (sep: string) => CARD.match(/.{4}/g)!.join(sep);
  it.each([
    ['plain', CARD],
    ['spaces', groups(' ')],
    ['dashes', groups('-')],
    ['dots', groups('.')],
    ['double spaces', groups('  ')],
    ['no-break spaces', groups('\u00A0')],
    ['full-width digits', groups(' ').replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))],
    ['zero-width spaces', groups('\u200B')],
    ['zero-width joiners between every digit', CARD.split('').join('\u200D')],
    ['slashes', groups('/')],
  ])('%s: never 7 readable digits', (_how, typed) => {
    const masked = maskDraft(`thẻ của tôi ${typed} nhé`);
    expect(readableDigits(masked), masked).toBeLessThan(7);
    expect(masked).toContain('thẻ của tôi');
    expect(masked).toContain('nhé');
  });

  it('an order number of card length that fails Luhn stays readable; a phone number too', () => {
    expect(luhn(CARD)).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(maskDraft('đơn hàng 4111111111111112 đã giao')).toBe('đơn hàng 4111111111111112 đã giao');
    expect(maskDraft('gọi 0912 345 678 nhé')).toBe('gọi 0912 345 678 nhé');
  });

  it('a card still being typed at the end of the draft is hidden from its 7th digit', () => {
    expect(maskDraft('số thẻ 411111')).toBe('số thẻ 411111');
    expect(readableDigits(maskDraft('số thẻ 4111 111'))).toBe(0);
  });
});

describe('masking stays linear', () => {
  const costMs = (text: string) => {
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      maskPreview(text, { maskEmails: true });
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  it.each([
    ['one 5 KB word of @ and dots', 'a@'.repeat(1250) + '.'.repeat(2500)],
    ['5 KB without spaces or @', 'x'.repeat(5000)],
    ['5 KB of digits and separators', '1 '.repeat(2500)],
    ['5 KB alternating digits and letters', '1a'.repeat(2500)],
    ['5 KB of would-be emails', 'a@b'.repeat(1666)],
  ])('%s: under 5 ms with maskEmails', (_what, draft) => {
    expect(costMs(draft)).toBeLessThan(5);
  });

  it('the preview is masked, then cut to its last 500 characters', () => {
    const draft = `${CARD} ` + 'x'.repeat(2000) + ` ${CARD} end`;
    const p = maskPreview(draft, { maskEmails: false });
    expect(p).toHaveLength(PREVIEW_MAX);
    expect(p.endsWith('end')).toBe(true);
    expect(readableDigits(p)).toBeLessThan(7);
  });
});

it('a sensitive pattern that can blow up, (a+)+$, is refused at start naming the field', () => {
  const config = {
    secret: 'a-relay-token-secret-of-32-characters',
    sites: [
      {
        id: 'acme',
        origins: ['https://shop.example'],
        apiSecret: 'an-api-secret-of-at-least-32-characters',
        webhook: { url: 'http://127.0.0.1:9/hooks', secret: WEBHOOK_SECRET },
        typingPreview: { enabled: true, sensitivePatterns: ['\\bCCCD\\s*\\d{12}\\b', '(a+)+$'] },
      },
    ],
  };
  let err: unknown;
  try {
    resolveConfig(config);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as ConfigError).field).toBe('sites[0].typingPreview.sensitivePatterns[1]');
  expect((err as ConfigError).message).toMatch(/exponential/);
});
