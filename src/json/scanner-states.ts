/**
 * The states of the JSON scanner and the small tables it reads.
 * @module
 */

// Between tokens (whitespace is skipped in all of them: they come first, up to S_END).
/** A value must follow: the start, after `:`, or after an array's `,`. */
export const S_VALUE = 0;
/** Between the values of a sequence (`multiple`). */
export const S_TOP = 1;
export const S_ARRAY_FIRST = 2;
export const S_ARRAY_NEXT = 3;
export const S_OBJECT_FIRST = 4;
export const S_OBJECT_KEY = 5;
export const S_COLON = 6;
export const S_OBJECT_NEXT = 7;
/** After the top-level value. */
export const S_END = 8;
// Inside tokens.
export const S_STRING = 9;
export const S_ESCAPE = 10;
export const S_UNICODE = 11;
export const S_NUM_MINUS = 12;
export const S_NUM_ZERO = 13;
export const S_NUM_INT = 14;
export const S_NUM_DOT = 15;
export const S_NUM_FRAC = 16;
export const S_NUM_EXP = 17;
export const S_NUM_EXP_SIGN = 18;
export const S_NUM_EXP_DIGITS = 19;
export const S_LITERAL = 20;
/** Collecting the text after the top-level value (`trailing: 'collect'`). */
export const S_TRAILING = 21;
export const S_FAILED = 22;

/** What each state accepts, in words, for error messages (indexed by state). */
export const EXPECTED: readonly string[] = [
  'a value',
  'a value',
  "a value or ']'",
  "',' or ']'",
  "a string key or '}'",
  'a string key',
  "':'",
  "',' or '}'",
  'the end of the input',
  "more string content or '\"'",
  'an escape character (one of "\\/bfnrtu)',
  'a hexadecimal digit',
  'a digit',
  "'.', 'e', or the end of the number",
  "a digit, '.', 'e', or the end of the number",
  'a digit',
  "a digit, 'e', or the end of the number",
  "a digit, '+' or '-'",
  'a digit',
  'a digit or the end of the number',
  'the rest of the literal',
  'anything',
  'nothing (the parser has failed)',
];

/** The characters after a backslash, by code, decoded (`u` is handled apart). */
export const ESCAPES: readonly (string | undefined)[] = (() => {
  const table: (string | undefined)[] = [];
  table[0x22] = '"';
  table[0x5c] = '\\';
  table[0x2f] = '/';
  table[0x62] = '\b';
  table[0x66] = '\f';
  table[0x6e] = '\n';
  table[0x72] = '\r';
  table[0x74] = '\t';
  return table;
})();

/** The value of a hexadecimal digit, or -1. */
export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * One unsigned compare that always runs (a `&&` chain whose second half rarely runs leaves V8
 * without type feedback and can send optimized code into a deoptimization loop).
 */
export function isNumberState(state: number): boolean {
  return (state - S_NUM_MINUS) >>> 0 <= S_NUM_EXP_DIGITS - S_NUM_MINUS;
}

/** A number may end in this state (it is a number so far). */
export function isNumberComplete(state: number): boolean {
  return (
    state === S_NUM_ZERO ||
    state === S_NUM_INT ||
    state === S_NUM_FRAC ||
    state === S_NUM_EXP_DIGITS
  );
}
