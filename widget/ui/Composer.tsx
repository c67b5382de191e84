// The composer. Enter sends and Shift+Enter adds a line; Enter while an IME is composing (Vietnamese
// Telex, CJK) only confirms the candidate. The draft is cleared synchronously on send, so a second
// Enter or click in the same frame finds nothing to send: no double messages.
import { useRef } from 'preact/hooks';
import type { ComponentChild } from 'preact';
import type { Strings } from '../i18n.js';

interface Props {
  s: Strings;
  onSend: (text: string) => void;
  onDraft: (text: string) => void;
  /** Shown under the composer when the helpdesk sees drafts live (the visitor must know). */
  notice?: string;
  inputRef: { current: HTMLTextAreaElement | null };
  maxLength?: number;
  /** Sees keys first (suggestion navigation); true means used, so no send and no panel close. */
  onKey?: (e: KeyboardEvent) => boolean;
  /** The suggestion list and its highlighted option, for assistive tech. */
  listId?: string;
  activeId?: string;
  above?: ComponentChild;
  /** The paperclip, when the site takes files. */
  attach?: ComponentChild;
  /** Files pasted into the composer. */
  onFiles?: (files: FileList) => void;
  /** Why a file was refused, or that it is kept only while the page is open. */
  fileNote?: string;
}

/**
 * Fits the textarea to its text, up to the CSS max-height, past which it scrolls. Set through the
 * CSSOM, which a CSP without 'unsafe-inline' styles allows (a style attribute it would not).
 */
function grow(el: HTMLTextAreaElement): void {
  el.style.height = 'auto';
  el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
}

/** Message textarea plus send button. */
export function Composer(p: Props) {
  const s = p.s;
  const inputRef = p.inputRef;
  const composing = useRef(false);
  const submit = () => {
    const el = inputRef.current;
    if (!el) return;
    const text = el.value;
    if (!text.trim()) return;
    el.value = '';
    grow(el);
    p.onSend(text);
    el.focus();
  };
  return (
    <form
      class="composer"
      data-parley="composer-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {p.above}
      <textarea
        ref={inputRef}
        rows={1}
        data-parley="composer"
        aria-label={s.composer}
        placeholder={s.placeholder}
        maxLength={p.maxLength}
        aria-autocomplete={p.listId ? 'list' : undefined}
        aria-controls={p.listId}
        aria-activedescendant={p.activeId}
        onPaste={(e) => {
          const files = e.clipboardData?.files;
          if (!p.onFiles || !files?.length) return;
          // A pasted screenshot is a file to send, not text to insert.
          e.preventDefault();
          p.onFiles(files);
        }}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={() => (composing.current = false)}
        onInput={(e) => {
          const el = e.currentTarget as HTMLTextAreaElement;
          grow(el);
          p.onDraft(el.value);
        }}
        onKeyDown={(e) => {
          // keyCode 229 is Safari's way of saying "this Enter belongs to the IME".
          if (composing.current || e.isComposing || e.keyCode === 229) return;
          if (p.onKey && p.onKey(e)) {
            e.preventDefault();
            e.stopPropagation();
            return;
          }
          if (e.key !== 'Enter' || e.shiftKey) return;
          e.preventDefault();
          submit();
        }}
      />
      {p.attach}
      <button type="submit" class="send" data-parley="send" aria-label={s.send}>
        {s.send}
      </button>
      <p class="notice fnote" role="status" data-parley="file-note">
        {p.fileNote}
      </p>
      {p.notice && (
        <p class="notice" data-parley="typing-notice">
          {p.notice}
        </p>
      )}
    </form>
  );
}
