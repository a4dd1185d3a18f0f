import { describe, expect, it } from 'vitest';
import { PartialJsonParser, parsePartialJson } from '../../src/json';
import { expectSameJson, units } from './json-test-helpers';

/** The rows of the partial-semantics table in docs/json.md: text received so far → value shown. */
const TABLE: readonly (readonly [string, unknown, string])[] = [
  ['', undefined, 'nothing received: no value'],
  ['  ', undefined, 'whitespace only: no value'],
  ['{', {}, 'an open object appears with what it has'],
  ['{"na', {}, 'a key appears only once its name is complete…'],
  ['{"name"', {}, '…and its value has begun'],
  ['{"name": ', {}, 'the value has not begun'],
  ['{"name": "', { name: '' }, 'a string has begun: the member appears, empty'],
  ['{"name": "Al', { name: 'Al' }, 'an open string shows the text decoded so far'],
  ['{"name": "Al\\', { name: 'Al' }, 'half an escape is withheld, never shown as text'],
  ['{"name": "Al\\u00', { name: 'Al' }, 'half a \\u escape is withheld'],
  ['{"name": "Al\\u00e9', { name: 'Alé' }, 'a complete escape is decoded'],
  ['["\\ud83d', [''], 'a high surrogate waits for its pair'],
  ['["\\ud83d\\ude00', ['😀'], 'the pair shows as one character'],
  ['["\ud83d', [''], 'a raw high surrogate waits too'],
  ['["\\ud83d"', ['\ud83d'], 'a lone surrogate in a complete string is kept, as JSON.parse does'],
  ['[-', [], 'a number appears once its prefix is a number: "-" is not'],
  ['[-1', [-1], '"-1" is'],
  ['[1.', [1], 'the longest prefix that is a number is shown: "1." shows 1'],
  ['[1.5', [1.5], ''],
  ['[1.5e', [1.5], '"1.5e" shows 1.5'],
  ['[1.5e-', [1.5], '"1.5e-" shows 1.5'],
  ['[1.5e-2', [0.015], ''],
  ['[0', [0], ''],
  ['[t', [], 'true, false and null appear when complete'],
  ['[tru', [], ''],
  ['[true', [true], ''],
  ['[true, fals', [true], ''],
  ['[true, false, n', [true, false], ''],
  ['[true, false, null', [true, false, null], ''],
  ['{"a": t', {}, 'a member whose value shows nothing yet does not appear'],
  ['{"a": [1, {"b": ', { a: [1, {}] }, 'open containers appear with what they have'],
  ['{"a": [1, {"b": [', { a: [1, { b: [] }] }, ''],
  ['{"a": 1, "a": "', { a: '' }, 'a repeated key: the later value replaces the earlier one'],
  ['"abc', 'abc', 'a top-level string'],
  ['12', 12, 'a top-level number (complete only at end())'],
  ['nul', undefined, 'a top-level literal'],
];

describe('partial semantics', () => {
  it.each(TABLE)('%j shows %j (%s)', (text, expected) => {
    expectSameJson(parsePartialJson(text), expected);
  });

  it.each(TABLE)('%j shows the same value when received one character at a time', (text) => {
    const parser = new PartialJsonParser();
    let value: unknown;
    for (const chunk of units(text)) value = parser.push(chunk);
    expectSameJson(value, parsePartialJson(text));
  });

  it('parsePartialJson accepts sequences and a depth limit', () => {
    expect(parsePartialJson('{"a": 1}\n{"b": [2', { multiple: true })).toEqual([
      { a: 1 },
      { b: [2] },
    ]);
    expect(() => parsePartialJson('[[[', { maxDepth: 2 })).toThrow(
      expect.objectContaining({ code: 'JSON_DEPTH' }),
    );
  });

  it('parsePartialJson rejects text that can no longer become JSON', () => {
    expect(() => parsePartialJson('{"a": 1,}')).toThrow(
      expect.objectContaining({ code: 'JSON_PARSE' }),
    );
  });

  it('a number keeps growing across chunks, whatever the split', () => {
    const parser = new PartialJsonParser();
    const seen = ['[1', '2', '.', '5', 'e', '+', '1', ']'].map((chunk) => parser.push(chunk));
    expect(seen).toEqual([[1], [12], [12], [12.5], [12.5], [12.5], [125], [125]]);
  });
});
