// Standard Webhooks verification (DESIGN §3): the signature over "id.timestamp.body" with the
// base64 key of a whsec_ secret, and the timestamp within a window, so a captured delivery cannot be
// replayed later. Several secrets verify during a rotation.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HelpdeskOptionError } from './options.js';

/** Shortest webhook key the relay accepts, in bytes. */
const MIN_KEY_BYTES = 24;

/** The HMAC keys of the given `whsec_<base64>` secrets; throws naming the bad one. */
export function webhookKeys(secrets: readonly string[], option: string): Buffer[] {
  return secrets.map((s, i) => {
    const key = Buffer.from(s.startsWith('whsec_') ? s.slice(6) : s, 'base64');
    if (key.length < MIN_KEY_BYTES) throw new HelpdeskOptionError(secrets.length > 1 ? `${option}[${i}]` : option, `must be whsec_ followed by the base64 of at least ${MIN_KEY_BYTES} bytes (the site's webhook.secret)`);
    return key;
  });
}

/** Why a delivery is refused before its body is read as an event. */
export type SignatureProblem = 'signature_missing' | 'signature_invalid' | 'timestamp_out_of_window';

/** The problem with one delivery's headers and body, or undefined when it is the relay's and recent. */
export function signatureProblem(
  keys: readonly Buffer[],
  h: { id?: string; timestamp?: string; signature?: string },
  body: string,
  toleranceSeconds: number,
  nowMs = Date.now(),
): SignatureProblem | undefined {
  if (!h.id || !h.timestamp || !h.signature) return 'signature_missing';
  if (!/^\d{1,12}$/.test(h.timestamp)) return 'signature_invalid';
  const offered = h.signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  const signed = `${h.id}.${h.timestamp}.${body}`;
  const ok = keys.some((key) => {
    const want = createHmac('sha256', key).update(signed).digest();
    return offered.some((o) => o.length === want.length && timingSafeEqual(o, want));
  });
  if (!ok) return 'signature_invalid';
  // Checked once the signature holds, so the answer tells the relay's own late retry apart from a forgery.
  if (Math.abs(nowMs / 1000 - Number(h.timestamp)) > toleranceSeconds) return 'timestamp_out_of_window';
  return undefined;
}
