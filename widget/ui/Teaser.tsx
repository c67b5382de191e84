// The teaser: a small card by the bubble carrying a proactive invitation. It never takes focus (the
// visitor may be reading or typing on the page); screen readers hear it through the polite live
// region around it, and Tab reaches its buttons.
import type { Teaser as TeaserData } from '../core/invites.js';
import type { Strings } from '../i18n.js';

interface Props {
  t: TeaserData;
  s: Strings;
  onAccept: () => void;
  onDismiss: () => void;
}

/** The invitation card: author, text (as text, never HTML), accept and dismiss. */
export function Teaser(p: Props) {
  const t = p.t;
  const s = p.s;
  const name = t.author?.name || s.agent;
  const url = t.author?.avatarUrl;
  // Only http(s) images: a data: or javascript: URL from config or an agent is not worth the risk.
  const avatar = url && /^https?:\/\//i.test(url) ? url : undefined;
  const dismiss = (e: Event) => {
    const root = (e.currentTarget as HTMLElement).getRootNode() as ShadowRoot;
    const hadFocus = !!root.activeElement;
    p.onDismiss();
    // The focused button is gone: keep keyboard users inside the widget, on the bubble.
    if (hadFocus) root.querySelector<HTMLElement>('[data-parley="bubble"]')?.focus();
  };
  return (
    <div
      class="teaser"
      data-parley="teaser"
      data-id={t.id}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          dismiss(e);
        }
      }}
    >
      <div class="t-head">
        {avatar ? (
          <img class="av" src={avatar} alt="" referrerpolicy="no-referrer" />
        ) : (
          <span class="av" aria-hidden="true">
            {name.charAt(0).toUpperCase()}
          </span>
        )}
        <span class="t-who">{name}</span>
        <button type="button" class="t-x" aria-label={s.inviteDismiss} data-parley="teaser-dismiss" onClick={dismiss}>
          ×
        </button>
      </div>
      <p class="t-text" data-parley="teaser-text">
        {t.text}
      </p>
      <button type="button" class="t-ok" data-parley="teaser-accept" onClick={p.onAccept}>
        {s.inviteAccept}
      </button>
    </div>
  );
}
