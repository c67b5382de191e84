// Content negotiation for the widget files: which of the encodings the relay holds a request accepts
// best, by its Accept-Encoding q-values (RFC 9110 §12.5.3).

/** The encodings the widget files are stored in, best first. */
export type Encoding = 'br' | 'gzip' | 'identity';

/** Preference among equal q-values: brotli is smallest, identity the last resort. */
const ORDER: readonly Encoding[] = ['br', 'gzip', 'identity'];
const QVALUE = /^q\s*=\s*([0-9.]+)$/i;

/** The q-value of each coding the header names (`*` included), lowercased; malformed entries are ignored. */
function qValues(header: string): Map<string, number> {
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.split(';');
    const name = rawName!.trim().toLowerCase();
    if (!name) continue;
    let value = 1;
    for (const p of params) {
      if (!/^\s*q\s*=/i.test(p)) continue;
      const m = QVALUE.exec(p.trim());
      value = m ? Number(m[1]) : NaN;
    }
    if (value >= 0 && value <= 1 && !q.has(name)) q.set(name, value);
  }
  return q;
}

/**
 * The best of `available` (identity is always available) for an Accept-Encoding header: highest
 * q-value, ties broken br > gzip > identity. Identity is acceptable unless refused by name or by `*;q=0`,
 * but never preferred over a coding the client names; when nothing is acceptable identity is sent anyway.
 */
export function chooseEncoding(header: string | undefined, available: ReadonlySet<Encoding>): Encoding {
  if (!header) return 'identity';
  const q = qValues(header);
  const star = q.get('*');
  let best: Encoding = 'identity';
  let bestQ = 0;
  for (const enc of ORDER) {
    if (enc !== 'identity' && !available.has(enc)) continue;
    // An unnamed identity stays acceptable, just below anything the client asked for.
    const value = q.get(enc) ?? star ?? (enc === 'identity' ? 0.0001 : 0);
    if (value > bestQ) {
      best = enc;
      bestQ = value;
    }
  }
  return best;
}
