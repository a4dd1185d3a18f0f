/**
 * A small English suffix stemmer shared by the demo model and the BM25 tokenizer: no dictionary,
 * lower-case Latin words only.
 * @internal
 * @module
 */

/** Derivational and inflectional endings, longest first; each leaves a stem of 3 letters or more. */
const SUFFIXES = [
  'ations',
  'ation',
  'ments',
  'ment',
  'ings',
  'ing',
  'ions',
  'ion',
  'ers',
  'er',
  'ed',
  'ly',
  'es',
  's',
  'e',
] as const;

const VOWEL = /[aeiouy]/;

/** Whether `stem` may stand: `min` letters or more, with a vowel. */
function usable(stem: string, min: number): boolean {
  return stem.length >= min && VOWEL.test(stem);
}

/**
 * Folds the usual forms of an English word onto one stem, so that a question in one form finds a
 * text in another: `cancel`, `cancels`, `cancelled`, `cancelling`, `cancellation` → `cancel`;
 * `resume`, `resumes`, `resuming` → `resum`; `retry`, `retries`, `retried` → `retri`;
 * `parse`, `parsing` → `pars`. One ending is removed (the longest that leaves a usable stem of 3
 * letters, 5 for `-er`, so `server` stays apart from `serve` and `user` from `use`; none after `ss`, `us` or `is`), then a doubled final consonant other than `s` is undone (leaving 4 letters or more) and
 * a final `y` becomes `i`. Words of four letters or fewer only lose a plural `s`. Not a full Porter stemmer: it only has to put
 * related forms together, not produce words.
 *
 * @example
 * ```ts
 * stemEnglish('cancellation'); // 'cancel'
 * ```
 */
export function stemEnglish(word: string): string {
  let stem = word;
  if (/(?:ss|us|is)$/.test(word)) stem = word;
  else if (word.length > 3 && /ie[sd]$/.test(word)) stem = `${word.slice(0, -3)}i`;
  else if (word.length <= 4)
    stem = word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;
  else {
    const suffix = SUFFIXES.find(
      (end) =>
        word.endsWith(end) && usable(word.slice(0, -end.length), end.startsWith('er') ? 5 : 3),
    );
    if (suffix) stem = word.slice(0, -suffix.length);
  }
  // cancelled → cancell → cancel, stopped → stopp → stop; never below 4 letters (call, running).
  if (stem.length > 4 && /([b-df-hj-np-rtv-z])\1$/.test(stem)) stem = stem.slice(0, -1);
  if (stem.length > 3 && stem.endsWith('y')) stem = `${stem.slice(0, -1)}i`;
  return stem;
}
