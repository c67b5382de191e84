// The visitor's consent (DESIGN §12), remembered in `localStorage['parley:consent']`: the one key the
// widget writes for it, and only once consent is given. Reading it writes nothing.
// Owns: that key. Must not: start or stop anything (the widget does).

export const CONSENT_KEY = 'parley:consent';
const GRANTED = 'granted';

function ls(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // A sandboxed frame throws on the mere access.
    return null;
  }
}

/** Whether this browser's visitor consented on an earlier page. */
export function hasConsent(): boolean {
  try {
    return ls()?.getItem(CONSENT_KEY) === GRANTED;
  } catch {
    return false;
  }
}

/** Records the visitor's choice: granted is kept, refused leaves no trace. */
export function recordConsent(granted: boolean): void {
  try {
    if (granted) ls()?.setItem(CONSENT_KEY, GRANTED);
    else ls()?.removeItem(CONSENT_KEY);
  } catch {
    // Storage refused: consent lasts for this page only.
  }
}
