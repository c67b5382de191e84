// The pre-chat form (DESIGN §11): before the first message, the fields the site configured (name,
// email, phone; each required or not) and, when the site gives its words, a consent checkbox. What
// the visitor enters becomes claims (Parley('update')), so it reaches the helpdesk at once and is
// repeated on every later page; a field the page already identified is filled in.
import { useRef, useState } from 'preact/hooks';
import type { PrechatFieldName, WidgetPrechat } from '../../protocol/prechat.js';
import type { Claims } from '../../protocol/claims.js';
import { isEmail, isPhone } from '../core/leave-message.js';
import type { Strings } from '../i18n.js';

type Fields = NonNullable<WidgetPrechat['fields']>;

/** Each field the form knows: its label and input type. Typed over every field name, so a new one cannot be forgotten. */
const FIELD: Record<PrechatFieldName, [label: 'offlineName' | 'offlineEmail' | 'offlinePhone', type: string]> = {
  name: ['offlineName', 'text'],
  email: ['offlineEmail', 'email'],
  phone: ['offlinePhone', 'tel'],
};

/**
 * The form's fields when the site asks for one before the first message, else null. Checked by hand
 * rather than with the schema checker, which the UI chunk would otherwise carry for this alone: a
 * field it does not know is skipped, the rest still asked.
 */
export function prechatFields(config: unknown): { fields: Fields; consent?: Partial<Record<string, string>> } | null {
  const c = config as WidgetPrechat | undefined;
  const fields = c?.enabled === true && Array.isArray(c.fields) ? c.fields.filter((f) => !!f && FIELD.hasOwnProperty(f.name)) : [];
  const consent = c?.consentText;
  return fields.length ? { fields, consent: consent && typeof consent === 'object' ? consent : undefined } : null;
}

interface Props {
  s: Strings;
  fields: Fields;
  /** The consent checkbox's words in the visitor's locale; absent: no checkbox. */
  consent?: string;
  /** What the page already said of the visitor (identify, an earlier form). */
  claims: Claims;
  /** Keeps the answers as claims; false when refused. */
  onSubmit: (claims: Claims) => boolean;
}

type Problem = PrechatFieldName | 'consent';

export function Prechat(p: Props) {
  const s = p.s;
  const refs = { name: useRef<HTMLInputElement>(null), email: useRef<HTMLInputElement>(null), phone: useRef<HTMLInputElement>(null) };
  const agreed = useRef<HTMLInputElement>(null);
  const errorState = useState<{ at: Problem; why: string } | null>(null);
  const error = errorState[0];
  const setError = errorState[1];

  const submit = () => {
    const said: Claims = {};
    for (const f of p.fields) {
      const v = (refs[f.name].current?.value ?? '').trim();
      const bad = !v ? (f.required ? s.prechatRequired : '') : f.name === 'email' && !isEmail(v) ? s.offlineBadEmail : f.name === 'phone' && !isPhone(v) ? s.offlineBadPhone : '';
      if (bad) {
        setError({ at: f.name, why: bad });
        return refs[f.name].current?.focus();
      }
      if (v) said[f.name] = v;
    }
    if (p.consent && !agreed.current?.checked) {
      setError({ at: 'consent', why: s.prechatConsent });
      return agreed.current?.focus();
    }
    if (p.onSubmit(said)) setError(null);
  };

  const invalid = (at: Problem) => (error?.at === at ? 'true' : undefined);
  return (
    <form
      class="offline prechat"
      data-parley="prechat"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p class="intro">{s.prechatIntro}</p>
      {p.fields.map((f) => (
        <label key={f.name}>
          {s[FIELD[f.name][0]]}
          {f.required ? ' *' : ''}
          <input
            ref={refs[f.name]}
            // Preact's types want one literal type per input; the map gives each field its own.
            type={FIELD[f.name][1] as 'text'}
            autoComplete={f.name === 'phone' ? 'tel' : f.name}
            inputMode={f.name === 'phone' ? 'tel' : undefined}
            maxLength={f.name === 'phone' ? 32 : 256}
            defaultValue={p.claims[f.name] ?? ''}
            required={f.required}
            data-parley={`prechat-${f.name}`}
            aria-invalid={invalid(f.name)}
            aria-describedby={invalid(f.name) && 'parley-prechat-error'}
          />
        </label>
      ))}
      {p.consent && (
        <label class="cb">
          <input ref={agreed} type="checkbox" data-parley="prechat-consent" aria-invalid={invalid('consent')} aria-describedby={invalid('consent') && 'parley-prechat-error'} />
          {p.consent}
        </label>
      )}
      {error && (
        <p class="err" id="parley-prechat-error" role="alert" data-parley="prechat-error">
          {error.why}
        </p>
      )}
      <button type="submit" class="send" data-parley="prechat-start">
        {s.prechatStart}
      </button>
    </form>
  );
}
