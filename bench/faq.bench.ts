// FAQ search core: index build and search time on 2,000 generated vi/en articles, and the core's
// shipped size (minified + gzip), since every byte of it goes to every visitor.
import { createFaqIndex, fold, type FaqArticle } from '../widget/faq/index.js';
import { shippedSize } from './shipped-size.js';

const ARTICLES = 2000;
const BUILDS = 15;
const QUERIES = 3000;

// Deterministic, so runs compare: mulberry32.
let seed = 0x9e3779b9;
const rand = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
const words = (a: readonly string[], min: number, max: number): string => {
  const n = min + Math.floor(rand() * (max - min + 1));
  return Array.from({ length: n }, () => pick(a)).join(' ');
};

const vi = {
  ask: ['Làm sao để', 'Cách', 'Tại sao không thể', 'Có thể', 'Hướng dẫn', 'Bao lâu thì', 'Ở đâu'],
  verb: ['đổi', 'hủy', 'thanh toán', 'tra cứu', 'cập nhật', 'xuất', 'nhận', 'đăng ký', 'hoàn trả', 'bảo hành', 'giao', 'sử dụng', 'kiểm tra', 'tích'],
  noun: ['mật khẩu', 'đơn hàng', 'hóa đơn VAT', 'tài khoản', 'mã giảm giá', 'phí vận chuyển', 'địa chỉ', 'thẻ tín dụng', 'ví điện tử', 'điểm thưởng', 'sản phẩm lỗi', 'hàng đổi trả', 'giờ mở cửa', 'số điện thoại', 'chuyển khoản', 'trả góp', 'quà tặng', 'bảng size', 'hàng chính hãng', 'phiếu bảo hành'],
  qual: ['nhanh', 'miễn phí', 'trong ngày', 'tại cửa hàng', 'qua ứng dụng', 'cho công ty', 'ở tỉnh', 'khi đang giao', 'lần đầu', 'quốc tế'],
  body: ['bạn', 'vui lòng', 'vào', 'mục', 'tài khoản', 'đơn hàng', 'chọn', 'nhập', 'mã', 'xác nhận', 'trong', 'ngày', 'làm việc', 'chúng tôi', 'sẽ', 'gửi', 'email', 'tin nhắn', 'hỗ trợ', 'giao hàng', 'thanh toán', 'hoàn tiền', 'nhân viên', 'liên hệ', 'hotline', 'sản phẩm', 'cửa hàng', 'miễn phí', 'phí', 'khách hàng', 'thời gian', 'kiểm tra', 'đổi', 'trả', 'bảo hành', 'điều kiện', 'áp dụng', 'giá trị', 'tối thiểu', 'hết hạn'],
};
const en = {
  ask: ['How do I', 'Can I', 'Why can I not', 'Where do I', 'How long does it take to', 'Is it possible to'],
  verb: ['change', 'cancel', 'pay for', 'track', 'update', 'download', 'receive', 'register', 'return', 'claim', 'ship', 'use', 'check', 'redeem'],
  noun: ['my password', 'an order', 'a VAT invoice', 'my account', 'a discount code', 'shipping fees', 'the delivery address', 'a credit card', 'an e-wallet', 'reward points', 'a damaged item', 'an exchange', 'opening hours', 'my phone number', 'a bank transfer', 'installments', 'a gift card', 'the size chart', 'an authentic product', 'the warranty card'],
  qual: ['quickly', 'for free', 'the same day', 'in store', 'in the app', 'for a company', 'in another province', 'while in transit', 'for the first time', 'abroad'],
  body: ['you', 'please', 'open', 'the', 'account', 'order', 'page', 'choose', 'enter', 'code', 'confirm', 'within', 'business', 'days', 'we', 'will', 'send', 'email', 'message', 'support', 'delivery', 'payment', 'refund', 'courier', 'contact', 'hotline', 'product', 'store', 'free', 'fee', 'customer', 'time', 'check', 'exchange', 'return', 'warranty', 'conditions', 'apply', 'value', 'minimum', 'expired'],
};

// Names of products, streets and people give a real FAQ thousands of distinct words: made-up accented
// syllables in Vietnamese answers (many raw words to fold), made-up brand names in English ones (a large
// vocabulary for typo matching to search).
const onsets = ['b', 'c', 'ch', 'd', 'đ', 'g', 'gi', 'h', 'kh', 'l', 'm', 'n', 'ng', 'nh', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x'];
const rimes = ['a', 'ai', 'an', 'ang', 'anh', 'ao', 'âm', 'ân', 'ê', 'iên', 'inh', 'o', 'oa', 'oi', 'ôn', 'ông', 'ơi', 'u', 'uân', 'ung', 'ương', 'ưa', 'ươc'];
const tones = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const syllable = (): string => (pick(onsets) + pick(rimes).replace(/^([^aeiouâêôơưy]*[aeiouâêôơưy])/u, (m) => m + pick(tones))).normalize('NFC');
const latin = ['ka', 'ro', 'ben', 'tis', 'mar', 'lo', 'vex', 'an', 'tri', 'dor', 'sul', 'pe', 'nix', 'ga', 'lum', 'fen', 'zo', 'hal', 'qui', 'ster'];
const names = (viet: boolean, k: number): string =>
  Array.from({ length: k }, () => (viet ? (rand() < 0.5 ? syllable() : `${syllable()} ${syllable()}`) : pick(latin) + pick(latin) + pick(latin))).join(', ');

const articles: FaqArticle[] = [];
for (let i = 0; i < ARTICLES; i++) {
  const both = rand() < 0.1;
  const L = rand() < 0.6 ? vi : en;
  const question = `${pick(L.ask)} ${pick(L.verb)} ${pick(L.noun)} ${pick(L.qual)}?`;
  const answer = `${words(L.body, 25, 70)}. ${names(L === vi, 3)}. ${words(L.body, 10, 30)}.`;
  const tags = [pick(L.noun), pick(L.verb)];
  articles.push({
    id: `a${i}`,
    question: both ? `${question} / ${pick(en.ask)} ${pick(en.verb)} ${pick(en.noun)}?` : question,
    answer,
    tags,
    ...(both ? {} : { locale: L === vi ? 'vi' : 'en' }),
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const ms = (x: number): string => x.toFixed(2);

// Build: a few warm-up builds so the JIT has settled, then the median of many.
for (let i = 0; i < 3; i++) createFaqIndex(articles);
const builds: number[] = [];
for (let i = 0; i < BUILDS; i++) {
  (globalThis as { gc?: () => void }).gc?.();
  const t = performance.now();
  createFaqIndex(articles);
  builds.push(performance.now() - t);
}
const index = createFaqIndex(articles);

// Queries of the kinds visitors type: whole questions, no diacritics, half-typed words, typos,
// short prefixes (the most expensive: many terms to expand), and nonsense.
const typo = (w: string): string => {
  if (w.length < 5) return w;
  const i = 1 + Math.floor(rand() * (w.length - 3));
  return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
};
const kinds: Array<(q: string) => string> = [
  (q) => q,
  (q) => fold(q),
  (q) => q.slice(0, Math.max(3, Math.floor(q.length * (0.3 + rand() * 0.5)))),
  (q) => fold(q).split(' ').map(typo).join(' '),
  (q) => q.split(' ').slice(0, 2).join(' ') + ' ' + q.split(' ')[2]!.slice(0, 2),
  () => pick(['asdfgh', 'xin chào', 'how do i', 'qwerty zxcv', 'th', 'ch']),
];
const queries = Array.from({ length: QUERIES }, () => pick(kinds)(pick(articles).question));
for (const q of queries.slice(0, 500)) index.search(q, 3, 'vi');
// The builds' garbage is not the searches' cost: a visitor types long after the index was built.
(globalThis as { gc?: () => void }).gc?.();
const times: number[] = [];
let found = 0;
for (const q of queries) {
  const t = performance.now();
  const hits = index.search(q, 3, rand() < 0.5 ? 'vi' : 'en');
  times.push(performance.now() - t);
  if (hits.length) found++;
}

const core = await shippedSize('widget/faq/index.ts');

const chars = articles.reduce((n, a) => n + a.question.length + a.answer.length, 0);
const vocabulary = new Set(articles.flatMap((a) => fold(`${a.question} ${a.answer}`).split(/\W+/))).size;
console.log(`faq corpus: ${ARTICLES} articles, ${Math.round(chars / ARTICLES)} characters each on average, ${vocabulary} distinct folded words`);
console.log(`faq index build (${ARTICLES} articles): ${ms(median(builds))} ms median, ${ms(Math.min(...builds))} ms min, ${ms(Math.max(...builds))} ms max`);
console.log(`faq search (${QUERIES} queries, ${found} with results): ${ms(median(times))} ms median, ${ms(p95(times))} ms p95, ${ms(Math.max(...times))} ms max`);
console.log(`faq search core: ${core.raw} bytes minified, ${core.gzip} bytes gzip`);
