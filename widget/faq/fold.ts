/** Folds text for matching: NFC and NFD alike, lowercase, Vietnamese diacritics stripped, đ to d. */
export const fold = (s: string): string =>
  // NFD splits "ế" into "e" plus combining marks, which the range then drops; đ has no decomposition.
  s.normalize('NFD').toLowerCase().replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');

// Plural "s" only: enough for "refunds"/"passwords" to meet their singular; Vietnamese syllables never end in s.
const stem = (t: string): string => (t.length > 3 && t.endsWith('s') && !t.endsWith('ss') ? t.slice(0, -1) : t);

/** Splits text into folded, lightly stemmed word tokens. */
export const tokenize = (s: string): string[] => (fold(s).match(/[\p{L}\p{N}]+/gu) ?? []).map(stem);
