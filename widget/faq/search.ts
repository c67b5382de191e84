import { tokenize } from './fold.js';
import { isStop } from './stopwords.js';
import type { FaqArticle, FaqHit, FaqIndex } from './types.js';

// BM25 saturation and a mild length penalty, so an article with a long answer is not buried.
const K = 1.2;
const B = 0.4;
// A word in the question or tags says more about what the article answers than one in its body.
const QUESTION = 3;
const TAGS = 2;
const ANSWER = 1;
// Stop words still count a little: "how" alone means nothing, but it may break a tie.
const STOP = 0.1;
// A completed prefix or a one-typo match is likelier wrong than an exact word.
const TYPO = 0.6;
// Short prefixes such as "th" expand to many words; the first few are enough to rank.
const MAX_EXPAND = 40;
// At least half the meaningful query words must be found in an article.
const MIN_COVER = 0.5;
// Articles in another language than the visitor's keep this share of their score.
const OTHER_LOCALE = 0.6;

// Flat triples: article number, weight, 1 when the word is in the question or tags (or repeated in the body).
type Postings = number[];

const bump = (m: Map<string, number>, k: string, w: number): void => {
  m.set(k, (m.get(k) ?? 0) + w);
};

const lowerBound = (a: string[], t: string): number => {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

// One edit apart (substitution, insertion, deletion or swapped neighbours); lengths differ by at most one.
const near = (a: string, b: string): boolean => {
  if (a.length < b.length) [a, b] = [b, a];
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  if (a.length > b.length) return a.slice(i + 1) === b.slice(i);
  return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
};

const lang = (l?: string): string | undefined => l?.toLowerCase().split(/[-_]/)[0];

/** Builds an inverted index of folded words and word pairs, weighted by field and rarity. */
export function buildIndex(articles: readonly FaqArticle[]): FaqIndex {
  const n = articles.length;
  const post = new Map<string, Postings>();
  const lens: number[] = [];
  let total = 0;
  articles.forEach((a, d) => {
    const tf = new Map<string, number>();
    let len = 0;
    const add = (text: string, w: number): void => {
      const t = tokenize(text);
      // Pairs of neighbouring words ("mat khau") let multi-syllable Vietnamese words rank as one.
      for (let i = 0; i < t.length; i++) {
        bump(tf, t[i]!, w);
        if (i) bump(tf, t[i - 1] + ' ' + t[i], w);
      }
      len += w * t.length;
    };
    add(a.question, QUESTION);
    for (const tag of a.tags ?? []) add(tag, TAGS);
    add(a.answer, ANSWER);
    lens.push(len);
    total += len;
    for (const [t, w] of tf) {
      const p = post.get(t);
      if (p) p.push(d, w, +(w >= TAGS));
      else post.set(t, [d, w, +(w >= TAGS)]);
    }
  });

  const avg = total / n || 1;
  const words: string[] = [];
  const pairs: string[] = [];
  const byLen: string[][] = [];
  for (const [t, p] of post) {
    const df = p.length / 3;
    // Never below ln 2, so a word every article shares still counts in a small FAQ.
    const idf = Math.log(1 + n / df);
    for (let i = 0; i < p.length; i += 3) {
      const w = p[i + 1]!;
      p[i + 1] = (idf * w * (K + 1)) / (w + K * (1 - B + (B * lens[p[i]!]!) / avg));
    }
    if (t.includes(' ')) pairs.push(t);
    else {
      words.push(t);
      (byLen[t.length] ??= []).push(t);
    }
  }
  words.sort();
  pairs.sort();

  // Best weight per article over the terms one query word stands for, so "hoan ti" does not count
  // "tien" and "tieu" twice; notes articles matched in question or tags in `strong`; returns whether anything matched.
  const collect = (t: string, sorted: string[], typing: boolean, best: Map<number, number>, strong?: Set<number>): boolean => {
    const take = (term: string, f: number): void => {
      const p = post.get(term)!;
      for (let i = 0; i < p.length; i += 3) {
        const v = p[i + 1]! * f;
        if (v > (best.get(p[i]!) ?? 0)) best.set(p[i]!, v);
        if (p[i + 2]) strong?.add(p[i]!);
      }
    };
    let found = post.has(t);
    if (found) take(t, 1);
    if (typing && t.length > 1) {
      for (let k = lowerBound(sorted, t), c = 0; k < sorted.length && c < MAX_EXPAND && sorted[k]!.startsWith(t); k++, c++) {
        const term = sorted[k]!;
        if (term !== t) take(term, TYPO + ((1 - TYPO) * t.length) / term.length);
        found = true;
      }
    }
    return found;
  };

  return {
    search(query: string, limit = 3, locale?: string): FaqHit[] {
      const toks = tokenize(query);
      // The last word is still being typed unless the visitor ended it with a space or punctuation.
      const open = /[\p{L}\p{N}\p{M}]$/u.test(query);
      const score = new Map<number, number>();
      const cover = new Map<number, number>();
      const strong = new Set<number>();
      let mass = 0;
      toks.forEach((t, i) => {
        const stop = isStop(t);
        const typing = open && i === toks.length - 1;
        const best = new Map<number, number>();
        const s = stop ? undefined : strong;
        if (!collect(t, words, typing, best, s) && !stop && t.length >= 5) {
          for (let l = t.length - 1; l <= t.length + 1; l++) {
            for (const term of byLen[l] ?? []) if (near(t, term)) collect(term, words, false, best, s);
          }
          for (const [d, v] of best) best.set(d, v * TYPO);
        }
        if (!stop) mass++;
        for (const [d, v] of best) {
          score.set(d, (score.get(d) ?? 0) + (stop ? STOP : 1) * v);
          if (!stop) cover.set(d, (cover.get(d) ?? 0) + 1);
        }
        if (i) {
          const prev = toks[i - 1]!;
          const pb = new Map<number, number>();
          collect(prev + ' ' + t, pairs, typing, pb);
          const f = stop && isStop(prev) ? STOP : 1;
          for (const [d, v] of pb) score.set(d, (score.get(d) ?? 0) + f * v);
        }
      });
      if (!mass) return [];
      const want = lang(locale);
      const hits: FaqHit[] = [];
      for (const [d, s] of score) {
        const article = articles[d]!;
        const l = lang(article.locale);
        const v = want && l && l !== want ? s * OTHER_LOCALE : s;
        const c = cover.get(d) ?? 0;
        // A single word found only in an answer body is a coincidence, not an answer.
        if (c / mass >= MIN_COVER && (c > 1 || strong.has(d))) hits.push({ article, score: v });
      }
      return hits.sort((x, y) => y.score - x.score).slice(0, limit);
    },
  };
}
