// On a phone the open panel is the whole screen. It follows the visual viewport, because the
// on-screen keyboard shrinks only that one (iOS always, Android Chrome by default): sized to the
// layout viewport, the composer would sit under the keyboard. And the page behind must not scroll
// while the visitor's finger is on the chat. Desktop keeps the floating card.
import { useEffect } from 'preact/hooks';

/** Where the panel goes full-screen: narrow screens, and phones on their side (too short for a card). */
export const PHONE_QUERY = '(max-width: 639px), (max-height: 500px)';

/** Sizes `panel` to the visual viewport and stops the page scrolling behind it; returns the undo. */
function fit(panel: HTMLElement): () => void {
  const vv = window.visualViewport;
  const place = () => {
    if (!vv) return;
    // CSSOM, not a style attribute: allowed under a CSP that forbids inline styles.
    const st = panel.style;
    st.top = `${vv.offsetTop}px`;
    st.left = `${vv.offsetLeft}px`;
    st.width = `${vv.width}px`;
    st.height = `${vv.height}px`;
  };
  place();
  vv?.addEventListener('resize', place);
  vv?.addEventListener('scroll', place);
  const html = document.documentElement.style;
  const body = document.body.style;
  const was = [html.overflow, body.overflow];
  html.overflow = body.overflow = 'hidden';
  return () => {
    vv?.removeEventListener('resize', place);
    vv?.removeEventListener('scroll', place);
    const st = panel.style;
    st.top = st.left = st.width = st.height = '';
    html.overflow = was[0]!;
    body.overflow = was[1]!;
  };
}

/** While `active` (the floating panel is open), fits it to the phone's screen whenever the screen is a phone's. */
export function usePhonePanel(panel: { current: HTMLElement | null }, active: boolean): void {
  useEffect(() => {
    const el = panel.current;
    if (!active || !el || typeof matchMedia !== 'function') return;
    const mq = matchMedia(PHONE_QUERY);
    let undo: (() => void) | null = null;
    const apply = () => {
      undo?.();
      undo = mq.matches ? fit(el) : null;
    };
    apply();
    // Turned on its side, or a window resized across the breakpoint.
    mq.addEventListener?.('change', apply);
    return () => {
      mq.removeEventListener?.('change', apply);
      undo?.();
    };
  }, [active]);
}
