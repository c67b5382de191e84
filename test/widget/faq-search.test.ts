import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFaqIndex, type FaqArticle } from '../../widget/faq/index.js';
import { shippedSize } from '../../bench/shipped-size.js';

const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;

interface Labelled {
  query: string;
  locale: string;
  expected: string;
  kind: string;
}

const articles = load<FaqArticle[]>('faq.json');
const queries = load<Labelled[]>('faq-queries.json');
const faq = createFaqIndex(articles);
const ids = (query: string, locale?: string, limit?: number): string[] => faq.search(query, limit, locale).map((h) => h.article.id);

describe('a visitor typing into the FAQ search', () => {
  it('finds the accented article when typing without diacritics, and back', () => {
    expect(ids('cach doi mat khau')[0]).toBe('password-vi');
    expect(ids('Cách đổi mật khẩu')[0]).toBe('password-vi');
    const plain = createFaqIndex([{ id: 'p', question: 'Cach doi mat khau', answer: 'Vao tai khoan' }]);
    expect(plain.search('cách đổi mật khẩu').map((h) => h.article.id)).toEqual(['p']);
  });

  it('treats NFD input (as some keyboards and macOS produce) like NFC', () => {
    const nfd = 'đổi mật khẩu'.normalize('NFD');
    expect(nfd).not.toBe('đổi mật khẩu');
    expect(ids(nfd)).toEqual(ids('đổi mật khẩu'));
    expect(ids(nfd)[0]).toBe('password-vi');
    // NFD text while the last word is still being typed ends with a combining mark.
    expect(ids('hoàn tiề'.normalize('NFD'), 'vi')[0]).toBe('refund-vi');
    // And an FAQ written in NFD is found by NFC queries.
    const decomposed = createFaqIndex([{ id: 'nfd', question: 'Xuất hóa đơn đỏ'.normalize('NFD'), answer: 'Nhập mã số thuế.' }]);
    expect(decomposed.search('xuất hóa đơn').map((h) => h.article.id)).toEqual(['nfd']);
  });

  it('folds đ to d and ignores case', () => {
    expect(ids('DANG KY TAI KHOAN')[0]).toBe('register');
    expect(ids('Đăng Ký')[0]).toBe('register');
    expect(ids('dang ky')[0]).toBe('register');
  });

  it('matches the word still being typed as a prefix', () => {
    expect(ids('hoan ti', 'vi')[0]).toBe('refund-vi');
    expect(ids('doi mat kh')[0]).toBe('password-vi');
    // Once the word is finished (a space follows), "ti" is not stretched to "tien".
    expect(ids('ti ')).toEqual([]);
  });

  it('forgives one typo in a word of five or more letters, not in shorter ones', () => {
    expect(ids('warrantly', 'en')[0]).toBe('warranty-en');
    expect(ids('change pasword', 'en')[0]).toBe('password-en');
    expect(ids('how long for a refnud', 'en')[0]).toBe('refund-en');
    const one = createFaqIndex([{ id: 'gift', question: 'Gift wrapping', answer: 'We wrap it.' }]);
    expect(one.search('gifr ')).toEqual([]);
  });

  it('shows nothing for stop words only, greetings or nonsense', () => {
    expect(ids('xin chào')).toEqual([]);
    expect(ids('xin chao shop oi')).toEqual([]);
    expect(ids('how do i')).toEqual([]);
    expect(ids('làm sao để')).toEqual([]);
    expect(ids('asdfgh')).toEqual([]);
    expect(ids('qwerty zxcv')).toEqual([]);
    expect(ids('')).toEqual([]);
    expect(ids('   ')).toEqual([]);
    expect(ids('hôm nay trời đẹp quá')).toEqual([]);
  });

  it("ranks the visitor's language first", () => {
    expect(ids('refund', 'vi')[0]).toBe('refund-vi');
    expect(ids('refund', 'en')[0]).toBe('refund-en');
    expect(ids('hoàn tiền', 'en')[0]).toBe('refund-en');
    expect(ids('hoàn tiền', 'vi-VN')[0]).toBe('refund-vi');
  });

  it('ranks an article whose question matches above one that only mentions the words in its answer', () => {
    const two = createFaqIndex([
      { id: 'body', question: 'Thời gian giao hàng', answer: 'Giao trong 3 ngày. Nếu muốn hoàn tiền, xem chính sách hoàn tiền.' },
      { id: 'question', question: 'Chính sách hoàn tiền', answer: 'Chúng tôi trả lại trong 7 ngày.' },
    ]);
    expect(two.search('hoan tien').map((h) => h.article.id)).toEqual(['question', 'body']);
    const tagged = createFaqIndex([
      { id: 'body', question: 'Paying', answer: 'You can pay by MoMo wallet or card.' },
      { id: 'tag', question: 'E-wallets', answer: 'Scan the QR code.', tags: ['momo'] },
    ]);
    expect(tagged.search('momo')[0]!.article.id).toBe('tag');
  });

  it('returns at most the limit, three by default, best first', () => {
    const hits = faq.search('giao hàng');
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(faq.search('giao hàng', 10).length).toBeGreaterThan(3);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it('settles on the password article as the visitor types letter by letter, with nothing shown for the first letters', () => {
    const typed = 'doi mat khau';
    const shown = Array.from(typed, (_, i) => ids(typed.slice(0, i + 1))[0] ?? '-');
    expect(shown.slice(0, 2)).toEqual(['-', '-']);
    expect(shown.slice(6)).toEqual(Array(typed.length - 6).fill('password-vi'));
  });

  it('handles a long pasted message quickly and still finds its topic', () => {
    const long = `${'xin chào shop, hôm qua mình có đặt một đơn hàng nhưng '.repeat(40)}mình muốn xuất hóa đơn VAT cho công ty`;
    const t = performance.now();
    expect(ids(long)[0]).toBe('vat-invoice-vi');
    // A guard against pathological slowness, not a speed goal: npm run bench measures speed.
    expect(performance.now() - t).toBeLessThan(250);
  });

  it('copes with an empty FAQ', () => {
    expect(createFaqIndex([]).search('hoan tien')).toEqual([]);
  });
});

describe('the search core as shipped', () => {
  it('bundles for the widget browser targets in under 2 KB gzip', async () => {
    expect((await shippedSize('widget/faq/index.ts')).gzip).toBeLessThan(2048);
  });
});

describe('evaluation on the labelled queries', () => {
  it('finds the expected article in the top 3 for at least 90% of queries', () => {
    expect(articles.length).toBeGreaterThanOrEqual(40);
    expect(queries.length).toBeGreaterThanOrEqual(60);
    let hits = 0;
    let rr = 0;
    const misses: string[] = [];
    const byKind = new Map<string, [number, number]>();
    for (const q of queries) {
      const got = ids(q.query, q.locale);
      const rank = got.indexOf(q.expected) + 1;
      const k = byKind.get(q.kind) ?? [0, 0];
      k[1]++;
      if (rank) {
        hits++;
        rr += 1 / rank;
        k[0]++;
      } else misses.push(`${q.query} -> [${got.join(', ')}] (want ${q.expected})`);
      byKind.set(q.kind, k);
    }
    const recall = hits / queries.length;
    const mrr = rr / queries.length;
    const kinds = [...byKind].map(([k, [h, n]]) => `${k} ${h}/${n}`).join(', ');
    console.log(`faq eval: ${queries.length} queries, recall@3 ${recall.toFixed(3)}, MRR ${mrr.toFixed(3)} (${kinds})`);
    if (misses.length) console.log(`faq misses:\n  ${misses.join('\n  ')}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
