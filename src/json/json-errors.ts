/**
 * The typed errors of the JSON parser: where the text went wrong, and why.
 * @module
 */
import { RxRunnablesError } from '../core/errors';

/**
 * Why a text is not JSON. Carried as `details.reason` by `JSON_PARSE` errors.
 *
 * @example
 * ```ts
 * if (err.code === 'JSON_PARSE' && err.details.reason === 'unexpected-end') retryLater();
 * ```
 */
export type JsonErrorReason =
  | 'unexpected-character'
  | 'unexpected-end'
  | 'invalid-escape'
  | 'control-character'
  | 'invalid-number'
  | 'invalid-literal'
  | 'trailing-text';

/**
 * Where an error happened: 0-based offset, 1-based line and column (UTF-16 code units).
 *
 * @example
 * ```ts
 * const { line, column } = err.details as unknown as JsonTextPosition;
 * ```
 */
export interface JsonTextPosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/**
 * The `details` of a `JSON_PARSE` error.
 *
 * @example
 * ```ts
 * const { offset, line, column, context } = err.details as JsonParseErrorDetails;
 * ```
 */
export interface JsonParseErrorDetails extends JsonTextPosition {
  readonly reason: JsonErrorReason;
  /** What is wrong, in words (`Unexpected character ','`). */
  readonly problem: string;
  /** The text around the offending character, as far as it had been received. */
  readonly context: string;
  /** What the grammar allowed at that point, in words (`',' or '}'`). */
  readonly expected: string;
}

/** Shows one character in a message: printable as is, anything else as its code point. @internal */
export function describeChar(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${char}'`;
}

/**
 * A `JSON_PARSE` error at `position`.
 * @internal
 */
export function jsonParseError(
  reason: JsonErrorReason,
  problem: string,
  expected: string,
  position: JsonTextPosition,
  context: string,
): RxRunnablesError {
  const where = `line ${position.line}, column ${position.column} (offset ${position.offset})`;
  const message = `${problem} at ${where}: expected ${expected}, near ${JSON.stringify(context)}`;
  const details: JsonParseErrorDetails = { reason, problem, expected, context, ...position };
  return new RxRunnablesError('JSON_PARSE', message, { ...details });
}

/**
 * A `JSON_DEPTH` error: nesting deeper than `maxDepth`.
 * @internal
 */
export function jsonDepthError(
  maxDepth: number,
  position: JsonTextPosition,
  context: string,
): RxRunnablesError {
  const where = `line ${position.line}, column ${position.column} (offset ${position.offset})`;
  return new RxRunnablesError(
    'JSON_DEPTH',
    `Nesting deeper than maxDepth (${maxDepth}) at ${where}, near ${JSON.stringify(context)}`,
    { maxDepth, context, ...position },
  );
}
