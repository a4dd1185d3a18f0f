import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core/errors';
import { PartialJsonParser } from '../../src/json';
import type { JsonErrorReason, JsonParseErrorDetails } from '../../src/json';
import { units } from './json-test-helpers';

/** The error thrown while pushing `text` (whole, then one character at a time) and ending. */
function errorOf(text: string): RxRunnablesError {
  const errors: RxRunnablesError[] = [];
  for (const chunks of [[text], units(text)]) {
    const parser = new PartialJsonParser();
    try {
      for (const chunk of chunks) parser.push(chunk);
      parser.end();
    } catch (error) {
      expect(RxRunnablesError.isInstance(error)).toBe(true);
      errors.push(error as RxRunnablesError);
    }
  }
  expect(errors).toHaveLength(2);
  // The same error however the text is split (only the quoted context can be shorter).
  const { context: _whole, ...first } = errors[0]?.details as unknown as JsonParseErrorDetails;
  const { context: _units, ...second } = errors[1]?.details as unknown as JsonParseErrorDetails;
  expect(second).toEqual(first);
  expect(errors[1]?.code).toBe(errors[0]?.code);
  return errors[0] as RxRunnablesError;
}

const CASES: readonly (readonly [JsonErrorReason, string, number])[] = [
  ['unexpected-character', '[1,]', 3],
  ['unexpected-character', '{,}', 1],
  ['unexpected-character', '{"a" 1}', 5],
  ['unexpected-character', '{"a": 1 "b": 2}', 8],
  ['unexpected-character', '[1 2]', 3],
  ['unexpected-character', "{'a': 1}", 1],
  ['unexpected-character', '{"a": 1,}', 8],
  ['unexpected-character', '[NaN]', 1],
  ['unexpected-character', '+1', 0],
  ['unexpected-character', '[.5]', 1],
  ['unexpected-character', '\u00a0[]', 0],
  ['unexpected-end', '', 0],
  ['unexpected-end', '   ', 3],
  ['unexpected-end', '[1, 2', 5],
  ['unexpected-end', '{"a": "b', 8],
  ['unexpected-end', '{"a"', 4],
  ['unexpected-end', '"\\u12', 5],
  ['unexpected-end', '-', 1],
  ['unexpected-end', '1.', 2],
  ['unexpected-end', '1e+', 3],
  ['unexpected-end', 'tru', 3],
  ['invalid-escape', '"\\x"', 2],
  ['invalid-escape', '"\\u12g4"', 5],
  ['invalid-escape', '"\\U0041"', 2],
  ['control-character', '"a\nb"', 2],
  ['control-character', '"\t"', 1],
  ['control-character', '["\u0000"]', 2],
  ['invalid-number', '01', 1],
  ['invalid-number', '-01', 2],
  ['invalid-number', '[-a]', 2],
  ['invalid-number', '[1.]', 3],
  ['invalid-number', '[1.e5]', 3],
  ['invalid-number', '[1e]', 3],
  ['invalid-number', '[1e+-2]', 4],
  ['invalid-literal', 'tRue', 1],
  ['invalid-literal', '[nul]', 4],
  ['invalid-literal', 'falsy', 4],
  ['trailing-text', '{} x', 3],
  ['trailing-text', '[1]]', 3],
  ['trailing-text', '1 2', 2],
  ['trailing-text', '"a""b"', 3],
];

describe('JSON_PARSE errors', () => {
  it.each(CASES)('%s: %j fails at offset %i', (reason, text, offset) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    const error = errorOf(text);
    expect(error.code).toBe('JSON_PARSE');
    const details = error.details as unknown as JsonParseErrorDetails;
    expect(details.reason).toBe(reason);
    expect(details.offset).toBe(offset);
    expect(error.message).toContain(`offset ${offset}`);
  });

  it('is raised by the offending character itself, even when it arrives alone', () => {
    const parser = new PartialJsonParser();
    parser.push('{"list": [1, 2');
    parser.push(',');
    expect(() => parser.push('}')).toThrow(/Unexpected character '}'/);
  });

  it('gives line, column and the text around the error across chunks', () => {
    const parser = new PartialJsonParser();
    parser.push('{\n  "name": "Ada",\n');
    parser.push('  "age": 36,\n  "langs": ["en"');
    let error: RxRunnablesError | undefined;
    try {
      parser.push(' "fr"]\n}');
    } catch (e) {
      error = e as RxRunnablesError;
    }
    const details = error?.details as unknown as JsonParseErrorDetails;
    expect(details).toMatchObject({ line: 4, column: 18, offset: 49, expected: "',' or ']'" });
    expect(details.context).toBe('": 36,\n  "langs": ["en" "fr"]\n}');
    expect(error?.message).toBe(
      `Unexpected character '"' at line 4, column 18 (offset 49): expected ',' or ']', near ${JSON.stringify(details.context)}`,
    );
  });

  it('names control characters in messages', () => {
    expect(errorOf('"\u0001"').message).toContain('Unescaped control character at line 1');
    expect(errorOf('[1,\u0007]').message).toContain('Unexpected character U+0007');
  });

  it('keeps failing with the same error, and keeps what was delivered', () => {
    const parser = new PartialJsonParser();
    const delivered = parser.push('{"ok": [1, 2]');
    const snapshot = structuredClone(delivered);
    let first: unknown;
    try {
      parser.push(', oops');
    } catch (e) {
      first = e;
    }
    expect(first).toBeInstanceOf(RxRunnablesError);
    expect(() => parser.push('}')).toThrow(first as Error);
    expect(() => parser.end()).toThrow(first as Error);
    expect(delivered).toEqual(snapshot);
  });

  it('fails with JSON_DEPTH, not JSON_PARSE, past maxDepth', () => {
    const parser = new PartialJsonParser({ maxDepth: 3 });
    expect(() => parser.push('{"a": [{"b": [1]}]}')).toThrow(
      expect.objectContaining({
        code: 'JSON_DEPTH',
        message: expect.stringContaining('maxDepth (3)') as string,
      }),
    );
  });
});
