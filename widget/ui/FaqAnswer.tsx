// One FAQ answer, inline above the composer. Articles come from site config or a site-hosted file, so
// they are rendered like agent text: text nodes with safe http(s) links, never HTML.
import { useEffect, useRef } from 'preact/hooks';
import type { FaqArticle } from '../faq/index.js';
import type { Strings } from '../i18n.js';
import { linkify, safeHref } from './linkify.js';

interface Props {
  article: FaqArticle;
  s: Strings;
  onHelpful: () => void;
  onNotHelpful: () => void;
  onBack: () => void;
}

/** The open article with "This answered my question" / "I still need help". */
export function FaqAnswer(p: Props) {
  const a = p.article;
  const s = p.s;
  const ref = useRef<HTMLDivElement>(null);
  // Focus follows the visitor into the answer so screen readers read it and Tab reaches the buttons.
  useEffect(() => ref.current?.focus(), [a.id]);
  const more = a.url ? safeHref(a.url) : null;
  return (
    <div
      ref={ref}
      class="faq-a"
      role="region"
      aria-label={a.question}
      tabIndex={-1}
      data-parley="faq-answer"
      data-article-id={a.id}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        // Back to the suggestions, not out of the panel.
        e.stopPropagation();
        p.onBack();
      }}
    >
      <h3 class="faq-q">{a.question}</h3>
      <p class="faq-text">{linkify(a.answer)}</p>
      {more && (
        <a class="faq-more" href={more} target="_blank" rel="noopener noreferrer">
          {s.faqMore}
        </a>
      )}
      <div class="faq-btns">
        <button type="button" class="t-ok" data-parley="faq-helpful" onClick={p.onHelpful}>
          {s.faqHelpful}
        </button>
        <button type="button" class="faq-no" data-parley="faq-not-helpful" onClick={p.onNotHelpful}>
          {s.faqNotHelpful}
        </button>
      </div>
    </div>
  );
}
