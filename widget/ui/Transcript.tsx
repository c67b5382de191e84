// The transcript: a polite live log, so screen readers announce new messages without stealing focus.
// It follows new messages while the visitor is at the end; one who scrolled up to read keeps their
// place, and a "new message" pill takes them down when they want.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../core/conversation.js';
import { formatTime, type Locale, type Strings } from '../i18n.js';
import { linkify } from './linkify.js';
import { Attachments } from './Attachments.js';
import { QuickReplies } from './QuickReplies.js';

interface Props {
  messages: readonly ChatMessage[];
  s: Strings;
  locale: Locale;
  onRetry: (id: string) => void;
  /** The visitor pressed a quick-reply button. */
  onReply: (messageId: string, actionId: string) => void;
  /** Draws a conversation's end divider (and its rating). */
  end?: (m: ChatMessage) => ComponentChildren;
}

/** Within this many pixels of the end counts as at the end (sub-pixel scroll positions, a bubble's margin). */
const NEAR_END = 40;

/** The list of messages, newest last; follows the end unless the visitor scrolled up. */
export function Transcript(p: Props) {
  const messages = p.messages;
  const s = p.s;
  const ref = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const shown = useRef(0);
  const unseenState = useState(0);
  const unseen = unseenState[0];
  const setUnseen = unseenState[1];
  const count = messages.length;
  const last = messages[count - 1];
  // "Seen" shows once, under the newest of the visitor's messages the agent has read.
  const lastSeen = messages.filter((m) => m.seen).pop()?.id;
  const toEnd = () => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
    atEnd.current = true;
    setUnseen(0);
  };
  useLayoutEffect(() => {
    const added = count - shown.current;
    shown.current = count;
    // What the visitor just sent always brings them to the end: they are writing, not reading back.
    if (atEnd.current || (added > 0 && last?.from === 'visitor')) toEnd();
    else if (added > 0) setUnseen((n) => n + added);
  }, [count]);
  return (
    <div class="logw">
      <div
        class="log"
        role="log"
        aria-live="polite"
        aria-label={s.transcript}
        data-parley="transcript"
        ref={ref}
        onScroll={() => {
          const el = ref.current!;
          atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_END;
          if (atEnd.current && unseen) setUnseen(0);
        }}
      >
        {count === 0 && <p class="empty">{s.empty}</p>}
        {messages.map((m) =>
          m.end && p.end ? (
            <div key={m.id}>{p.end(m)}</div>
          ) : (
            <Item key={m.id} m={m} s={s} locale={p.locale} onRetry={p.onRetry} onReply={p.onReply} newest={m === last} seen={m.id === lastSeen} />
          ),
        )}
      </div>
      {unseen > 0 && (
        <button type="button" class="pill" data-parley="new-messages" onClick={toEnd}>
          {s.newMessage}
          {unseen > 1 ? ` (${unseen})` : ''} <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  );
}

interface ItemProps {
  m: ChatMessage;
  s: Strings;
  locale: Locale;
  onRetry: (id: string) => void;
  onReply: (messageId: string, actionId: string) => void;
  newest: boolean;
  seen: boolean;
}

function Item(p: ItemProps) {
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
      {/* A photo sent without words has no empty bubble. */}
      {(m.text || !m.attachments) && (
        <div class="text" data-parley="text">
          {linkify(m.text)}
        </div>
      )}
      {m.attachments && <Attachments files={m.attachments} locale={p.locale} own={m.from === 'visitor'} progress={status === 'sending' ? m.progress : undefined} s={s} />}
      {m.from === 'agent' && m.actions && (p.newest || m.replyTo) && <QuickReplies m={m} live={p.newest && !m.replyTo} onReply={p.onReply} />}
      <span class="meta">
        <time dateTime={m.at}>{formatTime(m.at, p.locale)}</time>
        {status && <span data-parley="message-status"> · {p.seen && status === 'sent' ? s.seen : s[status]}</span>}
        {status === 'failed' && (
          <button type="button" class="retry" data-parley="retry" onClick={() => p.onRetry(m.id)}>
            {s.retry}
          </button>
        )}
      </span>
    </div>
  );
}
