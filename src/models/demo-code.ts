/**
 * The demo model's reading of code blocks: the statements that call something, each on one line.
 * @internal
 * @module
 */

/** The longest statement the demo model says; longer ones have their biggest brackets elided. */
export const MAX_STATEMENT_CHARS = 110;

/** The least share of a statement's characters that eliding may keep for it to be said. */
const MIN_KEPT = 0.4;
const FENCED = /^[ \t]*```([^\n]*)\n([\s\S]*?)^[ \t]*```/gm;
/** Languages whose blocks are not code to call (wire frames, shell sessions, plain text). */
const NOT_CODE = /^(?:text|sh|bash|shell|console|http|json|jsonl|sse|diff|md|markdown)\b/i;
const CALL = /[\p{L}\p{N}_$\])]\s*\(/u;
const SKIP =
  /^(?:[.?:&|+=<>*/})\]-]|(?:import|export|function|async function|class|interface|type|else|return)\b)/;
const OPENERS = '([{';
const CLOSERS = ')]}';

/**
 * The indexes of the brackets of `text` outside its string literals; with `comments`, only those
 * before a `//` line comment.
 */
function* bracketsOf(text: string, comments: boolean): Generator<number> {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (comments && c === '/' && text[i + 1] === '/') return;
    else if (OPENERS.includes(c) || CLOSERS.includes(c)) yield i;
  }
}

/** How deep the brackets of `text` go at its end, strings and line comments skipped. */
function depthAfter(text: string, start: number): number {
  let depth = start;
  for (const i of bracketsOf(text, true)) depth += OPENERS.includes(text.charAt(i)) ? 1 : -1;
  return depth;
}

/** Code with its string literals emptied (`f('a b')` → `f('')`): what is left are its names. */
export const withoutStrings = (code: string): string =>
  code.replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, '$1$1');

/** One line of code without its trailing `// comment` (a `//` after a space, so URLs stay). */
const withoutComment = (line: string): string => line.replace(/\s+\/\/\s.*$/, '');

/**
 * `text` with the contents of bracket pairs replaced by `…` until it fits in `max` characters:
 * innermost pairs first (those holding no other pair), the longest of them first, so
 * `f({ a: 1, b: { c: 2 } })` keeps its outline and loses its details.
 */
export function elide(text: string, max: number = MAX_STATEMENT_CHARS): string {
  let out = text;
  while (out.length > max) {
    const stack: Array<{ from: number; nested: boolean }> = [];
    let best: { from: number; to: number } | undefined;
    for (const i of bracketsOf(out, false)) {
      if (OPENERS.includes(out.charAt(i))) {
        stack.push({ from: i, nested: false });
        continue;
      }
      const open = stack.pop();
      if (open === undefined) continue;
      // An elided or empty pair does not count: its parent may be elided in turn.
      if (/^\s*…?\s*$/.test(out.slice(open.from + 1, i))) continue;
      const parent = stack.at(-1);
      if (parent) parent.nested = true;
      if (open.nested) continue;
      if (!best || i - open.from > best.to - best.from) best = { from: open.from, to: i };
    }
    if (!best) break;
    const dots = out[best.from] === '{' ? ' … ' : '…';
    out = `${out.slice(0, best.from + 1)}${dots}${out.slice(best.to)}`;
  }
  return out;
}

/**
 * The statements of the fenced code blocks in `text` that call something, each joined onto one
 * line (whitespace collapsed, trailing commas and `;` dropped) and elided to
 * {@link MAX_STATEMENT_CHARS}: every line that starts a statement gives one, the lines up to where
 * its brackets close, so a call nested in a callback is a statement of its own. Declarations,
 * imports and blocks of wire text or shell are left out.
 */
export function codeStatementsOf(text: string): string[] {
  const statements: string[] = [];
  for (const block of text.matchAll(FENCED)) {
    if (NOT_CODE.test((block[1] ?? '').trim())) continue;
    const lines = (block[2] ?? '').split('\n').map(withoutComment);
    for (let start = 0; start < lines.length; start++) {
      const first = (lines[start] ?? '').trim();
      if (first === '' || SKIP.test(first)) continue;
      const parts: string[] = [];
      let depth = 0;
      for (let i = start; i < lines.length; i++) {
        parts.push((lines[i] ?? '').trim());
        depth = depthAfter(lines[i] ?? '', depth);
        if (depth <= 0) break;
      }
      if (depth !== 0) continue;
      const statement = parts
        .join(' ')
        .replace(/\s+/g, ' ')
        .replace(/([([])\s+/g, '$1')
        .replace(/,?\s+([)\]])/g, '$1')
        .replace(/,\s*\}/g, ' }')
        .replace(/;\s*$/, '')
        .trim();
      if (!CALL.test(statement)) continue;
      const short = elide(statement);
      // A statement that is mostly elided (a server's whole callback) says nothing: its inner
      // statements are candidates of their own.
      if (short.length >= MIN_KEPT * statement.length) statements.push(short);
    }
  }
  return statements;
}
