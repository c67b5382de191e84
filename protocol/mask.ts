// Masking of live typing previews, shared by the widget (which masks before sending) and the relay
// (which masks again, because a client cannot be trusted to). Every step is one pass over the text:
// a draft is attacker-controlled, so nothing here may backtrack (no regex over unbounded repeats).

const MASK = '•';
// Zero-width and other format characters someone could slip between digits to dodge the mask.
const FORMAT = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
/** Longest gap of separators (spaces, dots, dashes, slashes) still inside one number. */
const MAX_GAP = 2;
const isDigit = (c: string) => c >= '0' && c <= '9';
const isSeparator = (c: string) => c === ' ' || c === '.' || c === '-' || c === '/' || c === '\t';
const blot = (n: number) => MASK.repeat(n);

export interface MaskOptions {
  /** Mask email addresses too (the site asks for it). */
  maskEmails?: boolean;
  /** Compiled site patterns whose matches are masked. */
  patterns?: RegExp[];
}

/** Whether a string of digits passes the Luhn check every payment card number passes. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1 && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Card numbers: digit runs with short separators between the digits, 13–19 digits passing Luhn (an
 * order number of that length does not) or longer than any card. A run of 7+ digits still being typed
 * at the end of the draft is hidden early, so no preview shows more than a card's first 6 digits.
 */
function maskCards(text: string): string {
  // Where the draft's trailing separators and spaces begin: a run reaching it is still being typed.
  let tail = text.length;
  while (tail > 0 && (isSeparator(text[tail - 1]!) || text[tail - 1] === '\n')) tail--;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text[i]!)) {
      out += text[i++];
      continue;
    }
    // One run: digits, allowing gaps of up to MAX_GAP separators between them.
    const start = i;
    let end = i;
    let digits = '';
    let j = i;
    while (j < text.length) {
      if (isDigit(text[j]!)) {
        digits += text[j];
        end = ++j;
        continue;
      }
      let k = j;
      while (k < text.length && k - j < MAX_GAP && isSeparator(text[k]!)) k++;
      if (k > j && k < text.length && isDigit(text[k]!)) j = k;
      else break;
    }
    const atEnd = end >= tail;
    const n = digits.length;
    const card = n > 19 || (n >= 13 && luhn(digits)) || (atEnd && n >= 7);
    out += card ? blot(end - start) : text.slice(start, end);
    i = end;
  }
  return out;
}

/**
 * Emails: `local@domain.tld` inside a word (no spaces). Word by word, split on `@`: a part followed by
 * a part with an inner dot is an address; the same result as the usual pattern, in one pass.
 */
function maskEmails(text: string): string {
  return text.replace(/[^\s]+/g, (word) => {
    if (word.indexOf('@') < 0) return word;
    const parts = word.split('@');
    let out = '';
    let i = 0;
    while (i < parts.length) {
      const local = parts[i]!;
      const domain = parts[i + 1];
      const dot = domain === undefined ? -1 : domain.indexOf('.', 1);
      if (local && domain !== undefined && dot > 0 && dot < domain.length - 1) {
        out += (i ? '@' : '') + blot(local.length + 1 + domain.length);
        i += 2;
      } else {
        out += (i ? '@' : '') + local;
        i += 1;
      }
    }
    return out;
  });
}

/** The text as masking reads it: compatibility forms folded (full-width digits, no-break spaces), format characters gone. */
export function normalizeDraft(text: string): string {
  return text.normalize('NFKC').replace(FORMAT, '');
}

/** Replaces card-like digit runs (and optionally emails and site patterns) with bullets. */
// No parameter destructuring: the widget bundles this for a Safari 13 target that esbuild cannot lower it for.
export function maskDraft(text: string, options: MaskOptions = {}): string {
  let out = maskCards(normalizeDraft(text));
  if (options.maskEmails) out = maskEmails(out);
  for (const p of options.patterns ?? []) out = out.replace(p, (m) => blot(m.length));
  return out;
}

/** Compiles a site's `sensitivePatterns`; a pattern that is not a valid regex is reported and skipped. */
export function compilePatterns(sources: unknown, onError?: (message: string) => void): RegExp[] {
  if (!Array.isArray(sources)) return [];
  const out: RegExp[] = [];
  for (const src of sources) {
    try {
      if (typeof src !== 'string' || !src) throw new Error('not a non-empty string');
      out.push(new RegExp(src, 'giu'));
    } catch (e) {
      onError?.(`typingPreview.sensitivePatterns: ${JSON.stringify(src)} is not a valid pattern (${(e as Error).message})`);
    }
  }
  return out;
}
