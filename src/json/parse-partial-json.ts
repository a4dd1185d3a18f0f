/**
 * parsePartialJson: the partial value of a JSON text cut off anywhere.
 * @module
 */
import type { JsonValue } from './json-types';
import { PartialJsonParser } from './partial-json-parser';

/**
 * Options of {@link parsePartialJson}.
 *
 * @example
 * ```ts
 * parsePartialJson('{"a": 1}\n{"b', { multiple: true } satisfies ParsePartialJsonOptions);
 * ```
 */
export interface ParsePartialJsonOptions {
  /** The text is a sequence of values; the result is the array of them. */
  multiple?: boolean;
  /** The deepest nesting accepted. Default 1000. */
  maxDepth?: number;
}

/**
 * The value of a JSON text that may be cut off anywhere, with the same partial semantics as
 * {@link PartialJsonParser} (an open string shows what it has, a key appears once its value has
 * begun, `tru` is withheld…). `undefined` when nothing can be shown yet. Invalid text throws
 * `JSON_PARSE` — a truncated text is fine, a wrong one is not.
 *
 * @example
 * ```ts
 * parsePartialJson('{"name": "Ada", "langs": ["en", "fr'); // { name: 'Ada', langs: ['en', 'fr'] }
 * parsePartialJson('[1, tr'); // [1]
 * ```
 */
export function parsePartialJson(
  text: string,
  options: ParsePartialJsonOptions = {},
): JsonValue | undefined {
  const parser = new PartialJsonParser(options);
  return parser.push(text);
}
