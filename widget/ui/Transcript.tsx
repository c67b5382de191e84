// The transcript: a polite live log, so screen readers announce new messages without stealing focus.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ChatMessage } from '../core/conversation.js';
import { formatTime, type Locale, type Strings } from '../i18n.js';
import { linkify } from './linkify.js';

interface Props {
  messages: readonly ChatMessage[];
  s: Strings;
  locale: Locale;
  onRetry: (id: string) => void;
  /** Draws a conversation's end divider (and its rating). */
  end?: (m: ChatMessage) => ComponentChildren;
}

/** The list of messages, newest last, scrolled to the bottom as messages arrive. */
export function Transcript(p: Props) {
  const messages = p.messages;
  const s = p.s;
  const ref = useRef<HTMLDivElement>(null);
  const count = messages.length;
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);
  return (
    <div class="log" role="log" aria-live="polite" aria-label={s.transcript} data-parley="transcript" ref={ref}>
      {count === 0 && <p class="empty">{s.empty}</p>}
      {messages.map((m) => (
        m.end && p.end ? <div key={m.id}>{p.end(m)}</div> : <Item key={m.id} m={m} s={s} locale={p.locale} onRetry={p.onRetry} />
      ))}
    </div>
  );
}

function Item(p: { m: ChatMessage; s: Strings; locale: Locale; onRetry: (id: string) => void }) {
  const m = p.m;
  const s = p.s;
  const status = m.from === 'visitor' ? (m.status ?? 'sent') : undefined;
  return (
    <div class={`msg ${m.from}${status === 'failed' ? ' failed' : ''}`} data-parley="message" data-from={m.from} data-id={m.id} data-status={status}>
      {/* Seen, not read: the hidden "name:" prefix below already says who wrote it. */}
      {m.from === 'agent' && (
        <span class="who" aria-hidden="true">
          {m.author?.name || s.agent}
        </span>
      )}
      <span class="sr">{m.from === 'visitor' ? s.you : m.author?.name || s.agent}: </span>
      <div class="text" data-parley="text">
        {linkify(m.text)}
      </div>
      <span class="meta">
        <time dateTime={m.at}>{formatTime(m.at, p.locale)}</time>
        {status && <span data-parley="message-status"> · {s[status]}</span>}
        {status === 'failed' && (
          <button type="button" class="retry" data-parley="retry" onClick={() => p.onRetry(m.id)}>
            {s.retry}
          </button>
        )}
      </span>
    </div>
  );
}
