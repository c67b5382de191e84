// Agent text is untrusted: it becomes text nodes only, never HTML. http(s) URLs become links that
// cannot reach back into the page (noopener noreferrer); any other scheme stays plain text.
import type { ComponentChild } from 'preact';

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
// Sentence punctuation right after a URL belongs to the sentence, not the link.
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** A safe href for `raw`, or null when it is not an absolute http(s) URL. */
export function safeHref(raw: string): string | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Splits `text` into strings and link elements. */
export function linkify(text: string): ComponentChild[] {
  const out: ComponentChild[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index ?? 0;
    const url = m[0].replace(TRAILING, '');
    const href = safeHref(url);
    if (!href) continue;
    if (start > last) out.push(text.slice(last, start));
    out.push(
      <a href={href} target="_blank" rel="noopener noreferrer">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
