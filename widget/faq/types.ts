import type { FaqArticle } from '../../protocol/faq.js';

/** One help article, as a site owner writes it in the FAQ source (protocol/faq.ts). */
export type { FaqArticle };

/** A search result: higher scores answer the query better. */
export interface FaqHit {
  article: FaqArticle;
  score: number;
}

/** A built FAQ index. */
export interface FaqIndex {
  /** Articles that answer `query`, best first; at most `limit` (default 3); `locale` ranks that language first. */
  search(query: string, limit?: number, locale?: string): FaqHit[];
}
