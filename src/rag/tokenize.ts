/**
 * The lexical analyser behind BM25: Unicode-aware, no model, no dictionary.
 * @module
 */
import { stemEnglish } from '../models/english-stem';

/** Arabic prefixes removed by the light stemmer (conjunction/preposition + definite article). */
const ARABIC_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
const ARABIC_LETTER = /[\u0600-\u06ff]/;
const LATIN_WORD = /^[a-z]+$/;

function stemLatin(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

function stemArabic(word: string): string {
  for (const prefix of ARABIC_PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 2)
      return word.slice(prefix.length);
  }
  return word;
}

/**
 * Folds text for matching: compatibility-decomposes it (NFKD), drops combining marks (accents,
 * Arabic harakat, the hamza carried on alef), removes the tatweel, unifies alef maqsura with yeh,
 * teh marbuta with heh and Arabic-Indic digits with ASCII, and lower-cases.
 *
 * @example
 * ```ts
 * foldText('Café'); // 'cafe'
 * foldText('أَهْلاً'); // 'اهلا'
 * ```
 */
export function foldText(text: string): string {
  return foldMarks(text).toLowerCase();
}

/** {@link foldText} without the lower-casing (identifier splitting needs the case). */
function foldMarks(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/\u0640/g, '')
    .replace(/[\u0649\u06cc]/g, '\u064a')
    .replace(/\u0629/g, '\u0647')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/** Case changes inside an identifier: `withRetry` → with|Retry, `JSONParser` → JSON|Parser. */
const CASE_BOUNDARY = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;
/** Inline code: text between backticks on one line (the capture keeps it in `split`). */
const INLINE_CODE = /`([^`\n]+)`/;
/** A fenced code block, fences included (the capture keeps it in `split`). */
const FENCED_CODE = /(^[ \t]*(?:```|~~~)[^\n]*\n[\s\S]*?^[ \t]*(?:```|~~~)[ \t]*$)/m;
/** Parts of an identifier shorter than this (`Ms`, `JS`, `AI`) are not indexed on their own. */
const MIN_PART_LENGTH = 3;

/**
 * Function words of English and Arabic that say nothing about a document's topic ("how", "does",
 * "the", "في", "ماهي"…). Questions are full of them; left in, they rank documents by phrasing.
 */
export const DEFAULT_STOP_WORDS: readonly string[] = Object.freeze([
  ...(
    'a about above after again all also am an and any are as at be because been before being ' +
    'below between both but by can could did do does doing down during each few for from further ' +
    'had has have having he her here hers him his how i if in into is it its itself just me more ' +
    'most my no nor not now of off on once only or other our ours out over own same she should so ' +
    'some such than that the their theirs them then there these they this those through to too ' +
    'under until up very was we were what when where which while who whom why will with would you ' +
    'your yours tell explain describe please'
  ).split(' '),
  ...(
    'في من على إلى الى عن مع هذا هذه ذلك تلك الذي التي الذين ما ماذا ماهي ماهو هل هو هي هم أن ان ' +
    'إن كان كانت قد لا لم لن كيف متى أين اين لماذا أي او أو ثم بل كل بعض عند'
  ).split(' '),
]);

/** Options of {@link createTokenizer}. */
export interface TokenizerOptions {
  /** Words dropped before stemming, compared after {@link foldText} (default {@link DEFAULT_STOP_WORDS}; `[]` keeps all). */
  stopWords?: Iterable<string>;
  /**
   * How Latin words are stemmed: `'plural'` (default) folds plurals only (`queries` → `query`);
   * `'english'` gives each word a second term, its English stem, when that differs, so a
   * question's words find the docs' other forms (`cancel` finds `cancellation` and `cancelled`,
   * `resume` finds `resuming` and `resumed`) while a word in the same form as the question's
   * still matches twice and ranks first. `npm start` indexes docs/ with `'english'`.
   */
  stemmer?: 'plural' | 'english';
  /**
   * Split the identifiers of fenced code blocks into their parts too, as in inline code (default
   * false): `new PartialJsonParser()` in an example then also gives `partial`, `json`, `parser`,
   * so the chunk holding the example is found by a question in words. `npm start` sets it.
   */
  splitFencedCode?: boolean;
}

/** A function from text to index terms; {@link tokenize} is the default. */
export type Tokenizer = (text: string) => string[];

/**
 * Builds a tokenizer: {@link foldText}, then runs of letters and digits in any script, minus stop
 * words, then a light stemmer (English plural `s`/`ies`, plus an English stem with
 * `stemmer: 'english'`; the Arabic definite article and the
 * prefixes `و ب ك ف ل` before it). Single Latin letters (the `s` of `user's`) are dropped. In
 * inline code (between backticks), an identifier in camelCase or PascalCase also gives its parts
 * of three letters or more (`` `withRetry` `` → `withretry`, `retry`; `` `timeoutMs` `` →
 * `timeoutm`, `timeout`), so a question in plain words finds the API documented under that name;
 * names in prose (LangChain) stay whole.
 *
 * @example
 * ```ts
 * const keepAll = createTokenizer({ stopWords: [] });
 * keepAll('How does it work?'); // ['how', 'doe', 'it', 'work']
 * createTokenizer({ stemmer: 'english' })('cancelled'); // ['cancelled', 'cancel']
 * ```
 */
export function createTokenizer(options: TokenizerOptions = {}): Tokenizer {
  const stop = new Set<string>();
  for (const word of options.stopWords ?? DEFAULT_STOP_WORDS) stop.add(foldText(word));
  const english = options.stemmer === 'english';
  const splitFenced = options.splitFencedCode ?? false;
  const push = (terms: string[], word: string): void => {
    if (stop.has(word)) return;
    if (LATIN_WORD.test(word)) {
      // Single Latin letters are the debris of contractions and possessives ("it's", "user's").
      if (word.length < 2) return;
      const plural = stemLatin(word);
      terms.push(plural);
      // With English stems the word as written counts too, so the same form matches best.
      const stem = english ? stemEnglish(word) : plural;
      if (stem !== plural) terms.push(stem);
    } else if (ARABIC_LETTER.test(word)) {
      terms.push(stemArabic(word));
    } else {
      terms.push(word);
    }
  };
  return (text) => {
    const terms: string[] = [];
    const words = (piece: string, split: boolean): void => {
      for (const word of piece.match(/[\p{L}\p{N}]+/gu) ?? []) {
        push(terms, word.toLowerCase());
        const parts = split ? word.split(CASE_BOUNDARY) : [];
        if (parts.length < 2) continue;
        for (const part of parts) {
          if (part.length >= MIN_PART_LENGTH) push(terms, part.toLowerCase());
        }
      }
    };
    const folded = foldMarks(text);
    // Odd pieces are fenced code blocks when they are split too, else there is one piece.
    (splitFenced ? folded.split(FENCED_CODE) : [folded]).forEach((block, blockIndex) => {
      if (blockIndex % 2 === 1) return words(block, true);
      // Odd pieces are inline code (between backticks), where identifiers are split into words too.
      block.split(INLINE_CODE).forEach((piece, index) => words(piece, index % 2 === 1));
    });
    return terms;
  };
}

/**
 * The default tokenizer: {@link createTokenizer} with {@link DEFAULT_STOP_WORDS}.
 *
 * @example
 * ```ts
 * tokenize('How does cancellation work?'); // ['cancellation', 'work']
 * tokenize('ماهي طرق الدفع؟'); // ['طرق', 'دفع']
 * tokenize('Use `withRetry`'); // ['use', 'withretry', 'retry']
 * ```
 */
export const tokenize: Tokenizer = createTokenizer();
