// The widget's UI: a launcher bubble and a dialog panel (or the panel alone, inline in a container).
// It renders the core's state and calls the core; it holds no conversation state of its own.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Client } from '../core/client.js';
import { strings } from '../i18n.js';
import { Availability } from './Availability.js';
import { ChatActions } from './ChatActions.js';
import { Composer } from './Composer.js';
import { Ended } from './Rating.js';
import { Suggestions, useSuggestions } from './Suggestions.js';
import { OfflineForm } from './OfflineForm.js';
import { Prechat, prechatFields } from './Prechat.js';
import { usePhonePanel } from './phone.js';
import { Teaser } from './Teaser.js';
import { Transcript } from './Transcript.js';
import { AttachButton, attachRules, sendFiles } from './AttachButton.js';

interface Props {
  client: Client;
  inline: boolean;
  setTheme: (color?: string, scheme?: string) => void;
}

const ICON = (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" />
  </svg>
);

/** Root component; mount() re-renders it synchronously on every state change. */
export function App(props: Props) {
  const client = props.client;
  const inline = props.inline;
  const setTheme = props.setTheme;
  const conv = client.conv;
  const refusedState = useState(false);
  const refused = refusedState[0];
  const setRefused = refusedState[1];
  const input = useRef<HTMLTextAreaElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const faq = useSuggestions(client, input, inline);
  const noteState = useState('');
  const fileNote = noteState[0];
  const setFileNote = noteState[1];
  // Answered on this page; on the next, the conversation has begun or the claims fill the form.
  const askedState = useState(false);

  useEffect(
    () =>
      client.events.on('error', (e) => {
        if (e.code === 'refused') setRefused(true);
        // "Not sent" alone would leave them pressing Retry: say what would let the message through.
        if (e.code === 'identity_required') setFileNote(strings(client.locale).signIn);
      }),
    [client],
  );

  const color = client.config?.theme?.color;
  const scheme = client.config?.theme?.scheme;
  useEffect(() => setTheme(color, scheme), [color, scheme, setTheme]);

  const s = strings(client.locale);
  const open = inline || conv.open;
  usePhonePanel(panel, open && !inline);
  const left = client.config?.theme?.position === 'left';
  const online = conv.available;
  // Closed, or nobody online as the relay or the site's config says: offer the form, not a chat nobody answers yet.
  const away = !online && (client.presenceKnown || !conv.siteOpen);
  const lastEnd = conv.messages.filter((m) => m.end).pop()?.id;
  const teaser = client.invites.current();
  const preview = client.config?.typingPreview;
  const linked = conv.connection === 'online';
  const noNetwork = typeof navigator !== 'undefined' && navigator.onLine === false;
  const rules = attachRules(client.config);
  const prechat = !askedState[0] && !conv.messages.length ? prechatFields(client.config?.prechat) : null;
  // Files wait for the pre-chat form, as a first message does.
  const onFiles = rules && !prechat ? (files: ArrayLike<File>) => setFileNote(sendFiles(client, files, s)) : undefined;
  const banner = refused ? s.refused : linked ? null : conv.connection === 'connecting' ? s.connecting : noNetwork ? s.noNetwork : s.offline;

  return (
    <div class={`root ${inline ? 'inline' : 'float'}${left ? ' left' : ''}`} lang={client.locale}>
      {open && (
        <div
          class="panel"
          ref={panel}
          role="dialog"
          aria-label={s.dialog}
          data-parley="panel"
          // A file dropped anywhere on the panel is sent like one picked with the paperclip.
          onDragOver={(e) => onFiles && e.dataTransfer?.types.includes('Files') && e.preventDefault()}
          onDrop={(e) => {
            const files = e.dataTransfer?.files;
            if (!onFiles || !files?.length) return;
            e.preventDefault();
            onFiles(files);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !inline) {
              e.stopPropagation();
              conv.setOpen(false);
            }
          }}
        >
          <div class="head">
            {/* The presence line sits beside the heading, not in it: the heading's name is the title alone. */}
            <div class="ttl">
              <h2>{s.title}</h2>
              <Availability client={client} s={s} />
            </div>
            {!inline && (
              <button type="button" class="x" aria-label={s.close} data-parley="close" onClick={() => conv.setOpen(false)}>
                ×
              </button>
            )}
          </div>
          {banner && (
            <div class={`banner${refused ? ' refused' : ''}`} role="status" data-parley="status" data-state={refused ? 'refused' : conv.connection}>
              {banner}
            </div>
          )}
          <Transcript
            messages={conv.messages}
            s={s}
            locale={client.locale}
            onRetry={(id) => client.retry(id)}
            onReply={(id, action) => client.reply(id, action)}
            end={(m) => <Ended m={m} s={s} ask={m.id === lastEnd} comment={client.config?.rating?.comment !== false} onRate={(id, n, c) => client.rate(id, n, c)} />}
          />
          {/* Always present, so screen readers announce "agent is typing" when it appears. */}
          <div role="status">
            {conv.agentTyping && (
              <div class="typing" data-parley="typing">
                {s.typing}
              </div>
            )}
          </div>
          <ChatActions key={lastEnd} client={client} s={s} />
          {prechat && !away ? (
            <Prechat
              s={s}
              fields={prechat.fields}
              consent={prechat.consent?.[client.locale]}
              claims={client.claims}
              onSubmit={(said) => {
                if (!client.update(said)) return false;
                askedState[1](true);
                return true;
              }}
            />
          ) : away ? (
            <OfflineForm
              s={s}
              replyTime={client.config?.offline?.replyTime?.[client.locale]}
              maxLength={client.config?.limits?.maxTextLength}
              closed={!conv.siteOpen}
              onSubmit={(f) => client.leaveMessage(f)}
            />
          ) : (
            <Composer
              s={s}
              inputRef={input}
              onSend={(t) => {
                faq.draft('');
                client.send(t);
              }}
              onDraft={(t) => {
                client.typing(t);
                faq.draft(t);
              }}
              onKey={faq.key}
              listId={faq.listId}
              activeId={faq.activeId}
              above={<Suggestions c={faq} s={s} />}
              notice={preview?.enabled ? preview.notice?.[client.locale] : undefined}
              maxLength={client.config?.limits?.maxTextLength}
              attach={rules && onFiles && <AttachButton s={s} types={rules.types} onFiles={onFiles} />}
              onFiles={onFiles}
              fileNote={fileNote}
            />
          )}
        </div>
      )}
      {!inline && (
        // Always present, so assistive tech announces the teaser politely when it appears.
        <div class="tz" role="status" aria-live="polite">
          {!open && teaser && (
            <Teaser t={teaser} s={s} onAccept={() => client.invites.accept()} onDismiss={() => client.invites.dismiss()} />
          )}
        </div>
      )}
      {!inline && (
        <button
          type="button"
          class="bubble"
          data-parley="bubble"
          // The unread count is part of the name: the badge alone is not read with the button.
          aria-label={(conv.open ? s.launcherClose : s.launcher) + (conv.unread > 0 ? `, ${s.unread(conv.unread)}` : '')}
          aria-expanded={conv.open ? 'true' : 'false'}
          onClick={() => conv.setOpen(!conv.open)}
        >
          {ICON}
          {conv.unread > 0 && (
            <span class="badge" data-parley="unread" aria-hidden="true">
              {conv.unread > 99 ? '99+' : conv.unread}
            </span>
          )}
        </button>
      )}
    </div>
  );
}
