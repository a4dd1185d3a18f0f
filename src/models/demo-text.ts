/**
 * The demo model's reading of text: sentences of Markdown prose, and content words to match.
 * @internal
 * @module
 */
import { stemEnglish } from './english-stem';

const STOPWORDS = new Set(
  (
    'a an the and or but of to in on at by for with from as is are was were be been being do does ' +
    'did what which who whom whose when where why how this that these those it its i you he she we ' +
    'they me my your our their about into than then there here can could would should will shall ' +
    'may might must not no yes so if tell please give explain describe'
  ).split(' '),
);

/** Case changes inside an identifier: `withRetry` → with|Retry, `JSONParser` → JSON|Parser. */
const CASE_BOUNDARY = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

/** Splits text into sentences and list items, without bullets or `[1]` markers. */
export function sentencesOf(text: string): string[] {
  // Lines wrapped inside a paragraph belong to one sentence; list items and table rows do not.
  // Code blocks are not sentences (a chunk may also begin or end inside one).
  const prose = text.replace(/```[^\n]*\n[\s\S]*?```/g, '\n');
  const unwrapped = prose.replace(/([^\n])\n(?![ \t]*(?:[-*•|#>]|\d+[.)]|\n))/gu, '$1 ');
  return unwrapped
    .split(/\n+|(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(*`])/u)
    .map((s) =>
      s
        .replace(/^\s*(?:(?:[-*•](?=\s)|\[\d+\]|\d+[.)](?=\s))\s*)+/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/**
 * Content words of a text, lowercased and stemmed (`stemEnglish`: `cancellation` → `cancel`); in inline code (or everywhere with
 * `splitAll`, for a question typed without backticks), an identifier in camelCase or PascalCase
 * also gives its parts of three letters or more (`withRetry` → `withretry`, `retry`).
 */
export function termsOf(text: string, options: { splitAll?: boolean } = {}): Set<string> {
  const terms = new Set<string>();
  const add = (word: string): void => {
    const lower = word.toLowerCase();
    if (!STOPWORDS.has(lower)) terms.add(/^[a-z]+$/.test(lower) ? stemEnglish(lower) : lower);
  };
  // Odd pieces are inline code (between backticks), where identifiers are split into words too.
  text.split(/`([^`\n]+)`/).forEach((piece, index) => {
    for (const word of piece.match(/[\p{L}\p{N}]+/gu) ?? []) {
      add(word);
      const parts = options.splitAll || index % 2 === 1 ? word.split(CASE_BOUNDARY) : [];
      if (parts.length > 1) for (const part of parts) if (part.length >= 3) add(part);
    }
  });
  return terms;
}

const CODE_TOKENS = /=>|[;{}]|\w\(|\)\.\w|^\s*(?:import|export|const|let|await|for|return)\b|```/g;

/** True for a table row (`| a | b |`). */
export function isTableRow(sentence: string): boolean {
  return /^\s*\||\|\s*$/.test(sentence);
}

/**
 * True for a line of code (or a table row) rather than a sentence. Inline code in backticks is
 * part of a sentence: only the text outside it is looked at.
 */
export function looksLikeCode(sentence: string): boolean {
  if (isTableRow(sentence)) return true;
  const outside = sentence.replace(/`[^`\n]+`/g, 'x');
  return (outside.match(CODE_TOKENS)?.length ?? 0) >= 2;
}

/**
 * True for a sentence of prose: a few words ending like a sentence, not a line of code or a
 * table row. A sentence ending with a colon announces what follows it (a list, a table, code)
 * and is not complete alone. Prose is preferred; fragments and code are used only when nothing
 * else matches.
 */
export function isProse(sentence: string): boolean {
  const words = sentence.split(/\s+/).filter(Boolean).length;
  return words >= 4 && /[.!?)"'\u00bb]$/u.test(sentence.trim()) && !looksLikeCode(sentence);
}

/**
 * True when a sentence names an API in inline code: a call (`withRetry(…)`, `run.cancel()`), a
 * member (`options.signal`) or an identifier in camelCase or PascalCase (`JsonOutputParser`).
 */
export function namesApi(sentence: string): boolean {
  for (const [, code = ''] of sentence.matchAll(/`([^`\n]+)`/g)) {
    if (/[\p{L}\p{N}_$]\(|[\p{L}_$]\.[\p{L}_$]|\p{Ll}\p{Lu}|^\p{Lu}\p{Ll}+\p{Lu}/u.test(code))
      return true;
  }
  return false;
}

/** The cells of a table row, split at `|` outside inline code (`a | b` in backticks stays whole). */
function cellsOf(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let code = false;
  for (const c of row.trim().replace(/^\||\|$/g, '')) {
    if (c === '`') code = !code;
    if (c === '|' && !code) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * A row of a two-column API table said as a sentence: when its first cell names an API in inline
 * code (`| \`toSSEResponse(source)\` | a web \`Response\` |`), the two cells joined with ` — ` (a
 * Markdown `\|` read as `|`) and a final period (`` `toSSEResponse(source)` — a web `Response`. ``); otherwise undefined (a header, a
 * separator, a row of values).
 */
export function tableRowSentence(row: string): string | undefined {
  if (!isTableRow(row)) return undefined;
  const cells = cellsOf(row);
  const [first = '', second = ''] = cells;
  if (cells.length !== 2 || second === '' || !/^`[^`]+`/.test(first) || !namesApi(first))
    return undefined;
  const text = `${first} — ${second}`.replace(/\\\|/g, '|');
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
