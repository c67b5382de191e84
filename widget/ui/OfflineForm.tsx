// "Leave a message" while nobody can answer (closed, or nobody online). The visitor learns when to
// expect an answer (the site's own reply-time text) before and after sending; an email or a phone
// number is enough, "call me back" needs the phone; a bad one is caught here, before anything is queued.
import { useRef, useState } from 'preact/hooks';
import { isEmail, isPhone, type LeaveMessageForm } from '../core/leave-message.js';
import type { Strings } from '../i18n.js';

interface Props {
  s: Strings;
  /** The site's "we usually reply within …" text in the visitor's locale. */
  replyTime?: string;
  maxLength?: number;
  /** Outside the site's hours: the intro says we are closed, not that nobody happens to be online. */
  closed?: boolean;
  /** Queues the message; returns its id, or null when the core refused it. */
  onSubmit: (form: LeaveMessageForm) => string | null;
}

/** Name, email and message form; replaced by a thank-you note once queued. */
export function OfflineForm(p: Props) {
  const s = p.s;
  const name = useRef<HTMLInputElement>(null);
  const email = useRef<HTMLInputElement>(null);
  const phone = useRef<HTMLInputElement>(null);
  const callback = useRef<HTMLInputElement>(null);
  const text = useRef<HTMLTextAreaElement>(null);
  // A ref, not state: a second click in the same frame must already see the first one.
  const done = useRef(false);
  const errorState = useState<'email' | 'phone' | 'contact' | 'callback' | 'text' | null>(null);
  const error = errorState[0];
  const setError = errorState[1];
  const sentState = useState(false);
  const setSent = sentState[1];
  const reply = p.replyTime ? (
    <p class="reply-time" data-parley="reply-time">
      {p.replyTime}
    </p>
  ) : null;

  if (sentState[0]) {
    return (
      <div class="offline" role="status" data-parley="offline-sent">
        <p class="thanks">{s.offlineThanks}</p>
        {reply}
      </div>
    );
  }

  const submit = () => {
    if (done.current) return;
    const form = {
      name: name.current?.value ?? '',
      email: (email.current?.value ?? '').trim(),
      phone: (phone.current?.value ?? '').trim(),
      callback: !!callback.current?.checked,
      text: text.current?.value ?? '',
    };
    const wrong = (why: 'email' | 'phone' | 'contact' | 'callback', field = why === 'email' || why === 'contact' ? email : phone) => {
      setError(why);
      field.current?.focus();
    };
    if (form.email && !isEmail(form.email)) return wrong('email');
    if (form.phone && !isPhone(form.phone)) return wrong('phone');
    if (form.callback && !form.phone) return wrong('callback');
    if (!form.email && !form.phone) return wrong('contact');
    if (!form.text.trim()) {
      setError('text');
      text.current?.focus();
      return;
    }
    if (!p.onSubmit(form)) return;
    done.current = true;
    setSent(true);
  };

  return (
    <form
      class="offline"
      data-parley="offline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p class="intro">{p.closed ? s.closedIntro : s.offlineIntro}</p>
      {reply}
      <label>
        {s.offlineName}
        <input ref={name} type="text" autoComplete="name" maxLength={256} data-parley="offline-name" />
      </label>
      <p class="reply-time" id="parley-offline-contact">
        {s.offlineContact}
      </p>
      <label>
        {s.offlineEmail}
        <input
          ref={email}
          type="email"
          autoComplete="email"
          maxLength={256}
          data-parley="offline-email"
          aria-invalid={error === 'email' || error === 'contact' ? 'true' : undefined}
          aria-describedby={error === 'email' || error === 'contact' ? 'parley-offline-error' : 'parley-offline-contact'}
        />
      </label>
      <label>
        {s.offlinePhone}
        <input
          ref={phone}
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          maxLength={32}
          data-parley="offline-phone"
          aria-invalid={error === 'phone' || error === 'callback' ? 'true' : undefined}
          aria-describedby={error === 'phone' || error === 'callback' ? 'parley-offline-error' : 'parley-offline-contact'}
        />
      </label>
      <label class="cb">
        <input ref={callback} type="checkbox" data-parley="offline-callback" />
        {s.offlineCallback}
      </label>
      <label>
        {s.offlineText}
        <textarea
          ref={text}
          rows={3}
          required
          maxLength={p.maxLength}
          data-parley="offline-text"
          aria-invalid={error === 'text' ? 'true' : undefined}
          aria-describedby={error === 'text' ? 'parley-offline-error' : undefined}
        />
      </label>
      {error && (
        <p class="err" id="parley-offline-error" role="alert" data-parley="offline-error">
          {{ email: s.offlineBadEmail, phone: s.offlineBadPhone, contact: s.offlineNoContact, callback: s.offlineNeedPhone, text: s.offlineNoText }[error]}
        </p>
      )}
      <button type="submit" class="send" data-parley="offline-send">
        {s.offlineSend}
      </button>
    </form>
  );
}
