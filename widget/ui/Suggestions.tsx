// FAQ suggestions above the composer. The composer keeps focus while the visitor moves through the
// list (aria-activedescendant), so typing never stops; the search runs after a short pause in typing,
// never on the keystroke itself. The FAQ is fetched on the first open or keystroke, not at page load.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Client } from '../core/client.js';
import type { FaqArticle, FaqHit } from '../faq/index.js';
import type { Strings } from '../i18n.js';
import { FaqAnswer } from './FaqAnswer.js';

const DEBOUNCE_MS = 120;
const MIN_CHARS = 3;
const LIST_ID = 'parley-faq';

interface State {
  hits: FaqHit[];
  active: number;
  open: FaqArticle | null;
  /** Escape or "I still need help": the list stays away until the draft changes. */
  hidden: boolean;
  thanks: boolean;
}

const EMPTY: State = { hits: [], active: -1, open: null, hidden: false, thanks: false };

export interface SuggestionsCtl {
  state: State;
  /** The composer's draft changed. */
  draft(text: string): void;
  /** A composer keydown; true when the suggestions used it. */
  key(e: KeyboardEvent): boolean;
  openArticle(a: FaqArticle): void;
  helpful(): void;
  notHelpful(): void;
  back(): void;
  listId?: string;
  activeId?: string;
}

/** Suggestion state for the panel, driven by the composer's draft and keys. */
export function useSuggestions(client: Client, input: { current: HTMLTextAreaElement | null }, inline: boolean): SuggestionsCtl {
  const st = useState<State>(EMPTY);
  const state = st[0];
  const setState = st[1];
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const text = useRef('');
  const seq = useRef(0);
  const patch = (p: Partial<State>) => setState((cur) => Object.assign({}, cur, p));

  // The floating panel opening is intent enough to fetch; an inline panel is open from page load.
  useEffect(() => (inline ? undefined : client.conv.on('open', () => void client.faq.load())), [client, inline]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const visible = !state.hidden && !state.open ? state.hits.length : 0;
  const focusInput = () => input.current?.focus();
  const send = (action: 'viewed' | 'helpful' | 'not_helpful') => {
    if (state.open) client.faqFeedback(state.open.id, action);
  };
  const openArticle = (a: FaqArticle) => {
    client.faqFeedback(a.id, 'viewed');
    patch({ open: a, thanks: false });
  };

  return {
    state,
    listId: visible ? LIST_ID : undefined,
    activeId: visible && state.active >= 0 ? `${LIST_ID}-${state.active}` : undefined,
    draft(t) {
      const changed = t !== text.current;
      text.current = t;
      clearTimeout(timer.current);
      const my = ++seq.current;
      if (t.trim().length < MIN_CHARS) {
        if (changed) setState(EMPTY);
        return;
      }
      if (changed) patch({ hidden: false, thanks: false, open: null });
      const loaded = client.faq.load();
      timer.current = setTimeout(() => {
        void loaded.then((index) => {
          // A later keystroke already scheduled its own search.
          if (my !== seq.current) return;
          const hits = index ? index.search(text.current, 3, client.locale) : [];
          patch({ hits, active: -1 });
        });
      }, DEBOUNCE_MS);
    },
    key(e) {
      if (e.key === 'Escape') {
        if (!visible) return false;
        patch({ hidden: true, active: -1 });
        return true;
      }
      if (!visible) return false;
      if (e.key === 'ArrowDown') patch({ active: (state.active + 1) % visible });
      else if (e.key === 'ArrowUp') patch({ active: state.active < 0 ? visible - 1 : state.active - 1 });
      else if (e.key === 'Enter' && !e.shiftKey && state.active >= 0) openArticle(state.hits[state.active]!.article);
      else return false;
      return true;
    },
    openArticle,
    helpful() {
      send('helpful');
      // Answered: the question in the composer is not sent by a stray Enter later.
      const el = input.current;
      if (el) el.value = '';
      text.current = '';
      client.typing('');
      setState(Object.assign({}, EMPTY, { thanks: true }));
      focusInput();
    },
    notHelpful() {
      send('not_helpful');
      patch({ open: null, hidden: true, active: -1 });
      focusInput();
    },
    back() {
      patch({ open: null });
      focusInput();
    },
  };
}

/** The suggestion list (or the open answer) and a polite live region with the count. */
export function Suggestions(p: { c: SuggestionsCtl; s: Strings }) {
  const c = p.c;
  const s = p.s;
  const state = c.state;
  const shown = c.listId ? state.hits : [];
  return (
    <div class="faq">
      <p class="sr" role="status" aria-live="polite">
        {state.thanks ? s.faqThanks : s.faqCount(shown.length)}
      </p>
      {state.open && (
        <FaqAnswer article={state.open} s={s} onHelpful={c.helpful} onNotHelpful={c.notHelpful} onBack={c.back} />
      )}
      {shown.length > 0 && (
        <ul class="sgs" id={LIST_ID} role="listbox" aria-label={s.faqList} data-parley="suggestions">
          {shown.map((h, i) => (
            <li
              key={h.article.id}
              id={`${LIST_ID}-${i}`}
              role="option"
              aria-selected={i === state.active ? 'true' : 'false'}
              class={i === state.active ? 'sg on' : 'sg'}
              data-parley="suggestion"
              data-article-id={h.article.id}
              // Keeps focus (and the caret) in the composer when the list is clicked.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => c.openArticle(h.article)}
            >
              {h.article.question}
            </li>
          ))}
        </ul>
      )}
      {state.thanks && (
        <p class="faq-thanks" data-parley="faq-thanks" aria-hidden="true">
          {s.faqThanks}
        </p>
      )}
    </div>
  );
}
