// Masking of live typing previews, shared by the widget (which masks before sending) and the relay
// (which masks again, because a client cannot be trusted to).
import { EMAIL_IN_TEXT } from './patterns.js';

const MASK = '•';
// 13–19 digits, optionally grouped by single spaces or dashes: the shape of a payment card number.
const CARD = /\d(?:[ -]?\d){12,18}/g;
// A run of 7+ digits still being typed at the end of a draft may become a card number: hide it early,
// so no preview ever shows more than the first 6 digits of a card (what card receipts print anyway).
const TRAILING_DIGITS = /\d(?:[ -]?\d){6,}[ -]?$/;

const blot = (s: string) => MASK.repeat(s.length);

export interface MaskOptions {
  /** Mask email addresses too (the site asks for it). */
  maskEmails?: boolean;
  /** Compiled site patterns whose matches are masked. */
  patterns?: RegExp[];
}

/** Replaces card-like digit runs (and optionally emails and site patterns) with bullets. */
// No parameter destructuring: the widget bundles this for a Safari 13 target that esbuild cannot lower it for.
export function maskDraft(text: string, options: MaskOptions = {}): string {
  let out = text.replace(CARD, blot).replace(TRAILING_DIGITS, blot);
  if (options.maskEmails) out = out.replace(EMAIL_IN_TEXT, blot);
  for (const p of options.patterns ?? []) out = out.replace(p, blot);
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
