// Under the conversation: "End chat" while one is going on, and "Email me this conversation", whose
// address is checked like the leave-a-message form's before anything is queued (DESIGN §9).
import { useRef, useState } from 'preact/hooks';
import type { Client } from '../core/client.js';
import { currentEnd } from '../core/ending.js';
import { isEmail } from '../core/leave-message.js';
import type { Strings } from '../i18n.js';

/** The conversation's actions row; nothing before the first message. */
export function ChatActions(p: { client: Client; s: Strings }) {
  const c = p.client;
  const s = p.s;
  const conv = c.conv;
  // 'ask': the email field is open; a string: the address it was sent to (one request per conversation).
  const mode = useState<null | 'ask' | string>(null);
  const bad = useState(false);
  const email = useRef<HTMLInputElement>(null);
  if (!conv.messages.some((m) => !m.end)) return null;
  const sent = mode[0] !== null && mode[0] !== 'ask';
  return (
    <div class="acts" data-parley="actions">
      {!currentEnd(conv) && (
        <button type="button" class="lk" data-parley="end-chat" onClick={() => c.end()}>
          {s.endChat}
        </button>
      )}
      {sent ? (
        <p role="status" data-parley="transcript-sent">
          {s.emailSent(mode[0]!)}
        </p>
      ) : mode[0] === 'ask' ? (
        <form
          noValidate
          data-parley="transcript-form"
          onSubmit={(e) => {
            e.preventDefault();
            const v = (email.current?.value ?? '').trim();
            if (!isEmail(v) || !c.emailTranscript(v)) {
              bad[1](true);
              return email.current?.focus();
            }
            mode[1](v);
          }}
        >
          <input
            ref={email}
            type="email"
            autoComplete="email"
            aria-label={s.emailMe}
            placeholder={s.offlineEmail}
            data-parley="transcript-email"
            aria-invalid={bad[0] ? 'true' : undefined}
            aria-describedby={bad[0] ? 'parley-tr-err' : undefined}
          />
          <button type="submit" class="send" data-parley="transcript-send">
            {s.send}
          </button>
        </form>
      ) : (
        <button type="button" class="lk" data-parley="email-transcript" onClick={() => (mode[1]('ask'), queueMicrotask(() => email.current?.focus()))}>
          {s.emailMe}
        </button>
      )}
      {bad[0] && !sent && (
        <p class="err" id="parley-tr-err" role="alert">
          {s.offlineBadEmail}
        </p>
      )}
    </div>
  );
}
