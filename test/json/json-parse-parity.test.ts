import { describe, expect, it } from 'vitest';
import { PartialJsonParser } from '../../src/json';
import { expectSameJson, parseChunks, splitAt, units } from './json-test-helpers';

/** Texts where parsers commonly differ from JSON.parse. */
const TRICKY: readonly string[] = [
  '"\\ud800"',
  '"\\udc00\\ud800x"',
  '"a\ud800b"',
  '"\\ud83d\\ude00 and \ud83d\ude00"',
  '["\\uD834\\uDD1E", "\\u00e9\\u00E9"]',
  '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": 1}, "toString": 2}',
  '{"a": 1, "b": 2, "a": 3}',
  '{"a": {"x": 1}, "a": [2]}',
  '{"b": 1, "2": 2, "1": 3, "-1": 4, "01": 5}',
  '[1e400, -1e400, 1e-400, -0, -0.0e-0, 0.1, 1E+2, 1e-2]',
  '[123456789012345678901234567890, 4.9e-324, 2.2250738585072014e-308, 1.7976931348623157e308]',
  '[9007199254740993, 0.30000000000000004, 5e-324, 1.7976931348623159e308]',
  ' \t\r\n[ \t\r\n1 \t\r\n, \t\r\n{ "a" \t: \r\n"b" \n} ] \t\r\n',
  '[[], {}, [[]], {"": {}}, "", 0]',
  '"\\"\\\\\\/\\b\\f\\n\\r\\t"',
  '"\u007f\u0080\u2028\u2029\ufeff\uffff"',
  'true',
  'null',
  '-12.5e-3',
  '0',
];

/** Every way to cut `text` in two, plus whole and one character at a time. */
function splits(text: string): string[][] {
  const all = [[text], units(text)];
  for (let i = 1; i < text.length; i++) all.push(splitAt(text, [i]));
  return all;
}

describe('parity with JSON.parse', () => {
  it.each(TRICKY)('%j gives what JSON.parse gives, however it is split', (text) => {
    const expected: unknown = JSON.parse(text);
    for (const chunks of splits(text)) expectSameJson(parseChunks(chunks).final, expected);
  });

  it.each(TRICKY)('%j gives the same value in every output mode', (text) => {
    const expected: unknown = JSON.parse(text);
    for (const output of ['patches', 'completed'] as const) {
      expectSameJson(parseChunks(units(text), { output }).final, expected);
    }
  });

  it('every split of every three-way cut agrees on a document with all the hard parts', () => {
    const text = '{"é":["\\ud83d\\ude00",-1.5e+2,null],"__proto__":"\\u0041"}';
    const expected: unknown = JSON.parse(text);
    for (let i = 1; i < text.length; i++) {
      for (let j = i + 1; j < text.length; j++) {
        expectSameJson(parseChunks(splitAt(text, [i, j])).final, expected);
      }
    }
  });

  it('takes the last of duplicate keys at the position of the first, like JSON.parse', () => {
    const value = parseChunks(['{"a": 1, "b": 2, "a": 3}']).final;
    expect(Object.entries(value as object)).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('accepts a long document pushed at once and in pieces of every size up to 64', () => {
    const value = {
      text: 'x'.repeat(5000),
      list: Array.from({ length: 300 }, (_, i) => ({ i, f: i / 7, s: `\u00e9${i}\n` })),
    };
    const text = JSON.stringify(value, null, 1);
    for (let size = 1; size <= 64; size += 7) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expectSameJson(parseChunks(chunks).final, value);
    }
  });

  it('produces a value deep-equal to JSON.parse of a document with a lone surrogate key', () => {
    const text = '{"\\udc00": "\\ud800", "\ud800": 1}';
    const parser = new PartialJsonParser();
    parser.push(text);
    expectSameJson(parser.end(), JSON.parse(text));
  });
});
