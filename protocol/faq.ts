// FAQ articles: inline in the site config (checked by the relay at start) or served from `faqUrl`
// (checked article by article by the widget, which drops what does not fit).
import { array, object, optional, string, text, type Infer } from './schema.js';
import { httpUrl, slug } from './shapes.js';

export const faqArticleSchema = object({
  id: slug(),
  question: text(1000),
  answer: text(20_000),
  url: optional(httpUrl()),
  tags: optional(array(string({ max: 200 }), { max: 100 })),
  /** Language of the article ("vi", "en", "vi-VN"); omitted for bilingual articles. */
  locale: optional(string({ max: 16 })),
});
/** One FAQ article, inline in the config or served from `faqUrl`. */
export type FaqArticle = Infer<typeof faqArticleSchema>;

/** `GET /v1/sites/:site/faq`. */
export const faqDocumentSchema = object({ articles: array(faqArticleSchema, { skipBad: true }) });
