import { buildIndex } from './search.js';
import type { FaqArticle, FaqIndex } from './types.js';

export type { FaqArticle, FaqHit, FaqIndex } from './types.js';
export { fold } from './fold.js';

/** Builds a DOM-free FAQ search index: folded Vietnamese and English, prefix and one-typo matching. */
export const createFaqIndex = (articles: readonly FaqArticle[]): FaqIndex => buildIndex(articles);
