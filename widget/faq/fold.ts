/** Folds text for matching: NFC and NFD alike, lowercase, Vietnamese diacritics stripped, đ to d. */
export const fold = (s: string): string =>
  // NFD splits "ế" into "e" plus combining marks, which the range then drops; đ has no decomposition.
  s.normalize('NFD').toLowerCase().replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');

/** Folds one word and strips a plural "s", so "refunds"/"passwords" meet their singular. */
// Vietnamese syllables never end in s, so the stemming only touches English (and loanwords).
export const term = (w: string): string => {
  const t = fold(w);
  return t.length > 3 && t.endsWith('s') && !t.endsWith('ss') ? t.slice(0, -1) : t;
};

/** Splits raw text into words at spaces and punctuation (ASCII, Latin-1, dashes, curly quotes). */
// Combining marks are not separators, so NFD words stay whole until folded.
// The only empty strings split can give are at the very ends.
export const words = (s: string): string[] => {
  const w = s.split(/[\s!-\/:-@[-`{-~\u00a0-\u00bf\u2000-\u206f]+/);
  if (w[w.length - 1] === '') w.pop();
  if (w[0] === '') w.shift();
  return w;
};

/** Splits text into folded, lightly stemmed word tokens. */
export const tokenize = (s: string): string[] => words(s).map(term);
