import { term, tokenize, words } from './fold.js';
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
// Query words looked at, which also keeps the per-article counters small.
const MAX_WORDS = 16;
// At least half the meaningful query words must be found in an article.
const MIN_COVER = 0.5;
// Articles in another language than the visitor's keep this share of their score.
const OTHER_LOCALE = 0.6;

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
// Walks both strings once and gives up at the second difference: most words differ at once.
const near = (a: string, b: string): boolean => {
  if (a.length < b.length) return near(b, a);
  let i = 0;
  let j = 0;
  let e = 0;
  while (i < a.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++e > 1) return false;
    if (a.length > b.length) i++;
    else if (a[i] === b[j + 1] && a[i + 1] === b[j]) (i += 2), (j += 2);
    else i++, j++;
  }
  return true;
};

const lang = (l?: string): string | undefined => l?.toLowerCase().split(/[-_]/)[0];

/** Builds an inverted index of folded words and word pairs, weighted by field and rarity. */
export function buildIndex(articles: readonly FaqArticle[]): FaqIndex {
  const n = articles.length;
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const stops: boolean[] = [];
  // Per term, flat pairs: article number, field weight (question 3, tags 2, body 1, summed).
  const post: number[][] = [];
  const last: number[] = [];
  const lens: number[] = [];
  let total = 0;
  const intern = (t: string): number => {
    let id = ids.get(t);
    if (id === undefined) {
      ids.set(t, (id = terms.length));
      terms.push(t);
      stops.push(isStop(t));
      post.push([]);
      last.push(-1);
    }
    return id;
  };
  // Raw word to term number: most words recur across articles, so each is folded once per build.
  const memo = new Map<string, number>();
  const bump = (id: number, d: number, w: number): void => {
    const p = post[id]!;
    // Articles are indexed in order, so a repeat of the term in this article is the last pair.
    if (last[id] === d) p[p.length - 1]! += w;
    else (last[id] = d), p.push(d, w);
  };
  articles.forEach((a, d) => {
    let len = 0;
    // Pairs of neighbouring words ("mat khau") let multi-syllable Vietnamese words rank as one; only in
    // the question and tags, where they matter, and the body skips stop words: that keeps the build fast.
    const add = (text: string, w: number, pairs?: boolean): void => {
      let prev = -1;
      const ws = words(text);
      for (const x of ws) {
        let id = memo.get(x);
        if (id === undefined) memo.set(x, (id = intern(term(x))));
        if (pairs || !stops[id]) bump(id, d, w);
        if (pairs && prev >= 0) bump(intern(terms[prev] + ' ' + terms[id]), d, w);
        prev = id;
      }
      len += w * ws.length;
    };
    add(a.question, QUESTION, true);
    for (const tag of a.tags ?? []) add(tag, TAGS, true);
    add(a.answer, ANSWER);
    lens.push(len);
    total += len;
  });

  const avg = total / n;
  const vocab: string[] = [];
  const pairs: string[] = [];
  const byLen: string[][] = [];
  // BM25 weights are computed when a search touches a posting, not here: a search reads a few hundred
  // postings, the build would weigh every one of them.
  terms.forEach((t) => {
    if (t.includes(' ')) pairs.push(t);
    else vocab.push(t), (byLen[t.length] ??= []).push(t);
  });
  vocab.sort();
  pairs.sort();

  return {
    search(query: string, limit = 3, locale?: string): FaqHit[] {
      // A pasted paragraph is not a search: its last words (with the one being typed) are enough.
      const toks = tokenize(query).slice(-MAX_WORDS);
      // The last word is still being typed unless the visitor ended it with a space or punctuation.
      const open = /[\p{L}\p{N}\p{M}]$/u.test(query);
      const score = new Float64Array(n);
      const cover = new Uint8Array(n);
      const strong = new Uint8Array(n);
      // Best weight per article over the terms one query word stands for, so "hoan ti" does not count
      // both "tien" and "tieu".
      const best = new Float64Array(n);
      const seen: number[] = [];
      const hit: number[] = [];
      let mass = 0;
      let content = false;
      const take = (term: string, f: number): void => {
        const p = post[ids.get(term)!]!;
        // Never below ln 2, so a word every article shares still counts in a small FAQ.
        const idf = Math.log(1 + (2 * n) / p.length);
        for (let i = 0; i < p.length; i += 2) {
          const d = p[i]!;
          const w = p[i + 1]!;
          // Weight 2 or more: in the question or tags (or repeated in the body).
          if (content && w >= TAGS) strong[d] = 1;
          const v = (f * idf * w * (K + 1)) / (w + K * (1 - B + (B * lens[d]!) / avg));
          if (!best[d]) seen.push(d);
          if (v > best[d]!) best[d] = v;
        }
      };
      // Adds the word, or as a prefix its completions; returns whether any term matched.
      const collect = (t: string, sorted: string[], typing: boolean): boolean => {
        let found = ids.has(t);
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
      const flush = (f: number, counts: boolean): void => {
        for (const d of seen) {
          if (!score[d]) hit.push(d);
          score[d]! += f * best[d]!;
          if (counts) cover[d]!++;
          best[d] = 0;
        }
        seen.length = 0;
      };
      toks.forEach((t, i) => {
        const stop = isStop(t);
        const typing = open && i === toks.length - 1;
        content = !stop;
        if (!collect(t, vocab, typing) && content && t.length >= 5) {
          for (let l = t.length - 1; l <= t.length + 1; l++) for (const w of byLen[l] ?? []) if (near(t, w)) take(w, TYPO);
        }
        flush(stop ? STOP : 1, content);
        if (content) mass++;
        if (i) {
          const prev = toks[i - 1]!;
          content = false;
          collect(prev + ' ' + t, pairs, typing);
          flush(stop && isStop(prev) ? STOP : 1, false);
        }
      });
      if (!mass) return [];
      const want = lang(locale);
      const hits: FaqHit[] = [];
      for (const d of hit) {
        const article = articles[d]!;
        const l = lang(article.locale);
        const c = cover[d]!;
        // A single word found only in an answer body is a coincidence, not an answer.
        if (c / mass >= MIN_COVER && (c > 1 || strong[d])) {
          hits.push({ article, score: want && l && l !== want ? score[d]! * OTHER_LOCALE : score[d]! });
        }
      }
      return hits.sort((x, y) => y.score - x.score).slice(0, limit);
    },
  };
}
