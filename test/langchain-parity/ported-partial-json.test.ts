// Cases ported from @langchain/core src/utils/tests/json.test.ts (strictParsePartialJson), on our
// parsePartialJson with LangChain's assertions. Text cut inside a literal (`[t`), after a lone
// `-` or inside an escape is a documented difference (differences.test.ts), left out here.
import { describe, expect, it } from 'vitest';
import { parsePartialJson } from '../../src/json';

const prefixes = (text: string) =>
  Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1));

describe('ported from @langchain/core src/utils/tests/json.test.ts', () => {
  it.each([
    ['{', {}],
    ['{}', {}],
    ['[]', []],
    ['[1', [1]],
    ['[', []],
    ['[null', [null]],
    ['[null,', [null]],
    ['[null,{', [null, {}]],
    ['[null,{"', [null, {}]],
    ['[null,{"a', [null, { a: undefined }]],
    ['[null,{"a"', [null, { a: undefined }]],
    ['[null,{"a":', [null, { a: undefined }]],
    ['[null,{"a":1', [null, { a: 1 }]],
  ])('objects and arrays: %s', (text, expected) => {
    expect(parsePartialJson(text)).toEqual(expected);
  });

  it.each([
    ['"', ''],
    ['"hello', 'hello'],
    ['"hello"', 'hello'],
    [String.raw`"15\n\t\r`, '15\n\t\r'],
    [String.raw`"15\u00f8`, '15\u00f8'],
    [String.raw`"15\u00f8C"`, '15\u00f8C'],
    [String.raw`"hello\\`, 'hello\\'],
    [String.raw`"hello\\"`, 'hello\\'],
    [String.raw`"hello\"`, 'hello"'],
    [String.raw`"hello\""`, 'hello"'],
    [String.raw`"\t\n\r\b\f\/`, '\t\n\r\b\f/'],
    [String.raw`"\t\n\r\b\f\/"`, '\t\n\r\b\f/'],
    [String.raw`"foo\bar"`, 'foo\bar'],
  ])('strings: %s', (text, expected) => {
    expect(parsePartialJson(text)).toBe(expected);
  });

  it.each([
    ['1', 1],
    ['123', 123],
    ['-1', -1],
    ['-12.', -12],
    ['-12.1', -12.1],
    ['-1e', -1],
    ['-1e10', -1e10],
    ['-1e+', -1],
    ['-1e+10', -1e10],
    ['-1e-', -1],
    ['-1e-10', -1e-10],
  ])('numbers: %s', (text, expected) => {
    expect(parsePartialJson(text)).toBe(expected);
  });

  it('null and boolean values, whole', () => {
    expect(parsePartialJson('null')).toBe(null);
    expect(parsePartialJson('true')).toBe(true);
    expect(parsePartialJson('false')).toBe(false);
  });

  it('whitespace', () => {
    expect(parsePartialJson(' \n\t\r123')).toBe(123);
    expect(parsePartialJson('123\n\t\r')).toBe(123);
  });

  it.each([
    ['mismatched brackets in array', ['[n,', '[null,}', '[}', '[1}', '[1,2}']],
    ['mismatched brackets in object', ['{]', '{"key": 1]', '{"key": 1, "key2": 2]']],
    ['invalid number formats', ['+1', '+123', '.5', '.123', '[+1]', '{"num": +1}', '{"num": .5}']],
    ['invalid object key', ['{a: 1}', '{1: 1}', '{true: 1}', '{"key": 1, a: 2}']],
    ['unexpected closing bracket', ['}', ']', '}1', ']1']],
    [
      'invalid characters after valid tokens',
      ['nullx', 'truex', 'falsex', 'null1', 'true1', 'false1', '[nullx]', '{"key": nullx}'],
    ],
    [
      'invalid number formats (decimal points, exponents, letters, leading zeros)',
      ['1.2.3', '12.34.56', '-1.2.3', '1e2e3', '1E2E3', '1e2E3', '1a2', '1.2a', '1e2a', '1e+a'],
    ],
    ['invalid numbers (letters, leading zeros)', ['1e-a', '12abc', '-12abc', '00', '012', '-01']],
    ['nested bracket mismatches', ['[[}]', '{{]}}', '[{]]', '{"a": [}]', '{"a": {]}}']],
    ['missing colons in objects', ['{"key" 1}', '{"key"1}', '{"key"}', '{"a": 1, "b" 2}']],
    [
      'invalid characters after comma',
      ['[1,]', '[1,2,]', '{"a": 1,}', '{"a": 1, "b": 2,}', '[1,}', '{"a": 1,]'],
    ],
    [
      'trailing content after valid JSON',
      ['{"a": 1}extra', '[1]extra', '"hello"extra', '123extra', 'trueextra', 'nullextra'],
    ],
    ['multiple root values', ['1 2', '{"a": 1} {"b": 2}', '[1] [2]', 'true false', 'null true']],
    [
      'invalid partial keywords',
      ['nulx', 'trux', 'falsx', 'nul1', 'tru1', 'fals1', '[nulx]', '{"key": trux}'],
    ],
    [
      'invalid object structure',
      [
        '{"key":}',
        '{:"value"}',
        '{"key"::"value"}',
        '{"key": "value": "extra"}',
        '{"key" "value"}',
      ],
    ],
    ['invalid array structure', ['[,]', '[,1]', '[1,,2]', '[1 2]', '[1:2]']],
    [
      'invalid string escapes',
      ['"hello\\m"', '"hello\\x"', '"\\x"', '"\\z"', '"\\u123"', '"\\u123x"', '"\\u12G3"'],
    ],
    [
      'comments (not valid in JSON)',
      ['// comment', '/* comment */', '{"a": 1 // comment\n}', '{"a": 1 /* comment */}'],
    ],
    ['invalid whitespace handling', ['\x00', '\x01', '{"a": \x00}']],
  ])('malformed JSON - %s', (_name, texts) => {
    for (const text of texts) expect(() => parsePartialJson(text), JSON.stringify(text)).toThrow();
  });

  it('kitchen sink of partial json parsing: every prefix is a prefix of the whole value', () => {
    // LangChain compares each prefix with a recorded file; we check what it records: every
    // prefix parses, and each value is what JSON.parse gives once its text is complete.
    const raw = `{"array": ["hello", null, false, true, 12345678910], "object": {"string": "string", "null": null, "false": false, "true": true, "number": 12345678910}, "long": "very long string"}`;
    for (const prefix of prefixes(raw)) expect(() => parsePartialJson(prefix)).not.toThrow();
    expect(parsePartialJson(raw)).toEqual(JSON.parse(raw));
    expect(parsePartialJson(raw.slice(0, raw.indexOf('null, false') + 4))).toEqual({
      array: ['hello', null],
    });
  });
});
