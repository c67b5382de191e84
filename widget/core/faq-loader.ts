// The site's FAQ, fetched only when the visitor shows intent (panel opened, first keystroke) so a
// page view costs nothing, then indexed once for the page. Any failure means "no suggestions": the
// FAQ is a convenience, never a reason for an error the visitor would see.
// Owns: this page's FAQ index. Must not: touch the conversation or the relay; it hears `change` only
// to learn that the config arrived.
import { faqArticleSchema } from '../../protocol/faq.js';
import { fits } from '../../protocol/schema.js';
import type { FaqArticle, FaqIndex } from '../faq/index.js';
import { fetchJson } from './fetch-json.js';
import type { FaqChunk } from './chunks.js';

export interface FaqLoader {
  /** The index once built, else null (not asked for yet, still loading, failed or no FAQ). */
  readonly index: FaqIndex | null;
  /** Starts loading if needed; resolves the index, or null when the site has no usable FAQ. */
  load(): Promise<FaqIndex | null>;
}

interface Changes {
  on(event: 'change', fn: () => void): () => void;
}

/** Articles from `{articles: [...]}` or a bare array; entries that do not fit the FAQ article schema are dropped. */
export function readArticles(body: unknown): FaqArticle[] {
  const list = Array.isArray(body) ? body : body && typeof body === 'object' ? (body as { articles?: unknown }).articles : null;
  return Array.isArray(list) ? list.filter((a): a is FaqArticle => fits(faqArticleSchema, a)) : [];
}

async function fetchIndex(url: string, core: () => Promise<FaqChunk | null>, timeoutMs: number): Promise<FaqIndex | null> {
  // The search code comes while the articles download; either failing means no suggestions.
  const chunk = core().catch(() => null);
  const articles = readArticles(await fetchJson(url, timeoutMs));
  const c = await chunk;
  return articles.length && c ? c.createFaqIndex(articles) : null;
}

/**
 * A lazy FAQ loader; `core` brings the search code. `url()` is undefined while the widget-config is
 * not known yet (the loader then waits for the next `change`), null when the site has no FAQ.
 */
export function createFaqLoader(changes: Changes, url: () => string | null | undefined, core: () => Promise<FaqChunk | null>, timeoutMs = 8000): FaqLoader {
  let index: FaqIndex | null = null;
  let loading: Promise<FaqIndex | null> | null = null;
  let loadedFrom: string | null = null;
  const start = (u: string | null): Promise<FaqIndex | null> => {
    loadedFrom = u;
    loading = u ? fetchIndex(u, core, timeoutMs).then((i) => (index = i)) : Promise.resolve(null);
    return loading;
  };
  const loader: FaqLoader = {
    get index() {
      return index;
    },
    load() {
      const u = url();
      if (u === undefined) {
        // Asked before the config arrived (cached configs usually beat the first keystroke).
        return new Promise((resolve) => {
          const off = changes.on('change', () => {
            if (url() === undefined) return;
            off();
            resolve(loader.load());
          });
        });
      }
      // A fresher config may point elsewhere (or add an FAQ); the same URL is fetched once per page.
      if (loading && loadedFrom === u) return loading;
      return start(u);
    },
  };
  return loader;
}
