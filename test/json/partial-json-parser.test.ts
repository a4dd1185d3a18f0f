import { describe, expect, it } from 'vitest';
import { PartialJsonParser, applyJsonPatch } from '../../src/json';
import type { JsonValue } from '../../src/json';
import { expectSameJson, units } from './json-test-helpers';

describe('PartialJsonParser — snapshots', () => {
  it('returns the value so far after each push, and the final value from end()', () => {
    const parser = new PartialJsonParser();
    expect(parser.push('{"title": "Str')).toEqual({ title: 'Str' });
    expect(parser.push('eams", "tags": [')).toEqual({ title: 'Streams', tags: [] });
    expect(parser.push('"rx"]}')).toEqual({ title: 'Streams', tags: ['rx'] });
    expect(parser.end()).toEqual({ title: 'Streams', tags: ['rx'] });
    expect(parser.value).toEqual({ title: 'Streams', tags: ['rx'] });
  });

  it('returns the same reference when nothing visible changed', () => {
    const parser = new PartialJsonParser();
    const first = parser.push('{"n": 1');
    expect(parser.push('.')).toBe(first); // "1." still shows 1
    expect(parser.push('5')).not.toBe(first);
    const second = parser.value;
    expect(parser.push('   ')).toBe(second);
    expect(parser.push(', "ok": tr')).toBe(second); // an unfinished literal shows nothing
    expect(parser.push('ue')).toEqual({ n: 1.5, ok: true });
  });

  it('never changes a snapshot it has handed out', () => {
    const parser = new PartialJsonParser();
    const handed: { value: unknown; copy: unknown }[] = [];
    for (const chunk of units('{"a": [1, {"b": "xy"}, [2]], "c": {"d": null}, "e": "end"}')) {
      const value = parser.push(chunk);
      handed.push({ value, copy: structuredClone(value) });
    }
    parser.end();
    for (const { value, copy } of handed) expect(value).toEqual(copy);
  });

  it('shares completed subtrees with the previous snapshot, by reference', () => {
    const parser = new PartialJsonParser();
    const before = parser.push('[{"id": 1, "tags": ["a"]}, {"id": 2, "name": "B') as JsonValue[];
    const after = parser.push('ob"}, {"id"') as JsonValue[];
    expect(after).not.toBe(before);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toEqual({ id: 2, name: 'Bob' });
    const later = parser.push(': 3}]') as JsonValue[];
    expect(later[0]).toBe(before[0]);
    expect(later[1]).toBe(after[1]);
  });

  it('freezes what it hands out with { freeze: true }, and only then', () => {
    const frozen = new PartialJsonParser({ freeze: true });
    const partial = frozen.push('{"a": {"b": [1, 2]}, "c": [') as Record<string, JsonValue>;
    expect(Object.isFrozen(partial)).toBe(true);
    expect(Object.isFrozen(partial.a)).toBe(true);
    expect(Object.isFrozen((partial.a as Record<string, JsonValue>).b)).toBe(true);
    expect(Object.isFrozen(partial.c)).toBe(true);
    frozen.push(']}');
    expect(Object.isFrozen(frozen.end())).toBe(true);
    const plain = new PartialJsonParser();
    plain.push('{"a": {"b": [1]}}');
    expect(Object.isFrozen(plain.end())).toBe(false);
  });

  it('keeps __proto__ as an own member, in snapshots and in the final value', () => {
    const parser = new PartialJsonParser();
    const partial = parser.push('{"__proto__": {"polluted": tr') as object;
    expect(Object.getPrototypeOf(partial)).toBe(Object.prototype);
    expect(Object.keys(partial)).toEqual(['__proto__']);
    parser.push('ue}}');
    expectSameJson(parser.end(), JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('fails on push() after end()', () => {
    const parser = new PartialJsonParser();
    parser.push('1');
    parser.end();
    expect(parser.end()).toBe(1);
    expect(() => parser.push('2')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('PartialJsonParser — patches', () => {
  it('emits add for new members and elements and replace for values that grew', () => {
    const parser = new PartialJsonParser({ output: 'patches' });
    expect(parser.push('{"a": "x')).toEqual([
      { op: 'add', path: '', value: {} },
      { op: 'add', path: '/a', value: 'x' },
    ]);
    expect(parser.push('y", "b/c~": [1')).toEqual([
      { op: 'replace', path: '/a', value: 'xy' },
      { op: 'add', path: '/b~1c~0', value: [] },
      { op: 'add', path: '/b~1c~0/0', value: 1 },
    ]);
    expect(parser.push('2')).toEqual([{ op: 'replace', path: '/b~1c~0/0', value: 12 }]);
    expect(parser.push('   ')).toEqual([]);
    expect(parser.push(', null]}')).toEqual([{ op: 'add', path: '/b~1c~0/1', value: null }]);
    expect(parser.end()).toEqual({ a: 'xy', 'b/c~': [12, null] });
  });

  it('reproduces every snapshot when the patches are applied in order', () => {
    const text = '{"list": [{"t": "a\\u00e9"}, {"t": "b", "n": -1.5e2}], "ok": false, "s": ""}';
    const patches = new PartialJsonParser({ output: 'patches' });
    const snapshots = new PartialJsonParser();
    let doc: JsonValue | undefined;
    for (const chunk of units(text)) {
      doc = applyJsonPatch(doc, patches.push(chunk));
      const snapshot = snapshots.push(chunk);
      if (snapshot !== undefined) expect(doc).toEqual(snapshot);
    }
    expect(doc).toEqual(JSON.parse(text));
  });

  it('hands out patch values that the parser does not share', () => {
    const parser = new PartialJsonParser({ output: 'patches' });
    const [root] = parser.push('{"a": [') as unknown as { value: JsonValue }[];
    (root?.value as Record<string, JsonValue>).injected = 1;
    parser.push('1]}');
    expect(parser.end()).toEqual({ a: [1] });
  });
});

describe('PartialJsonParser — completed values', () => {
  it('reports each value once, innermost first, with its path', () => {
    const parser = new PartialJsonParser({ output: 'completed' });
    expect(parser.push('{"items": [{"id": 1')).toEqual([]);
    expect(parser.push(', "tags": ["x"]}, ')).toEqual([
      { path: ['items', 0, 'id'], value: 1 },
      { path: ['items', 0, 'tags', 0], value: 'x' },
      { path: ['items', 0, 'tags'], value: ['x'] },
      { path: ['items', 0], value: { id: 1, tags: ['x'] } },
    ]);
    expect(parser.push('true]}')).toEqual([
      { path: ['items', 1], value: true },
      { path: ['items'], value: [{ id: 1, tags: ['x'] }, true] },
      { path: [], value: { items: [{ id: 1, tags: ['x'] }, true] } },
    ]);
  });

  it('reports a top-level number through end(), where it completes', () => {
    const parser = new PartialJsonParser({ output: 'completed' });
    expect(parser.push('42')).toEqual([]);
    expect(parser.end()).toBe(42);
  });

  it('hands out the same objects as the final value', () => {
    const parser = new PartialJsonParser({ output: 'completed' });
    const done = parser.push('[{"a": 1}, 2]');
    const final = parser.end() as JsonValue[];
    expect(done.map((c) => c.path)).toEqual([[0, 'a'], [0], [1], []]);
    expect(done[1]?.value).toBe(final[0]);
    expect(done[3]?.value).toBe(final);
  });

  it('still offers the partial value through `value`', () => {
    const parser = new PartialJsonParser({ output: 'completed' });
    parser.push('[{"a": 1}, {"b"');
    expect(parser.value).toEqual([{ a: 1 }, {}]);
  });
});

describe('PartialJsonParser — sequences, trailing text, depth', () => {
  it('parses NDJSON and concatenated JSON with { multiple: true } into the array of values', () => {
    const parser = new PartialJsonParser({ multiple: true });
    expect(parser.push('')).toEqual([]);
    expect(parser.push('{"a": 1}\n{"b":')).toEqual([{ a: 1 }, {}]);
    expect(parser.push(' 2}{"c": 3}[4]"five" 6 7')).toEqual([
      { a: 1 },
      { b: 2 },
      { c: 3 },
      [4],
      'five',
      6,
      7,
    ]);
    expect(parser.end()).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }, [4], 'five', 6, 7]);
    expect(new PartialJsonParser({ multiple: true }).end()).toEqual([]);
  });

  it('gives sequence patches paths under the array of values', () => {
    const parser = new PartialJsonParser({ multiple: true, output: 'patches' });
    expect(parser.push('1 {"a"')).toEqual([
      { op: 'add', path: '', value: [] },
      { op: 'add', path: '/0', value: 1 },
      { op: 'add', path: '/1', value: {} },
    ]);
  });

  it('collects the text after the value with { trailing: "collect" }', () => {
    const parser = new PartialJsonParser({ trailing: 'collect' });
    parser.push('{"a": 1}');
    expect(parser.done).toBe(true);
    parser.push('  \n``` and some');
    parser.push(' prose {"not": "parsed"}');
    expect(parser.trailingText).toBe('``` and some prose {"not": "parsed"}');
    expect(parser.end()).toEqual({ a: 1 });
  });

  it('accepts nesting up to maxDepth and fails with JSON_DEPTH beyond it', () => {
    const ok = new PartialJsonParser({ maxDepth: 2 });
    ok.push('[[1], {"a": 2}]');
    expect(ok.end()).toEqual([[1], { a: 2 }]);
    const deep = new PartialJsonParser({ maxDepth: 2 });
    expect(() => deep.push('[[\n[1]]]')).toThrow(
      expect.objectContaining({
        code: 'JSON_DEPTH',
        details: expect.objectContaining({ maxDepth: 2, offset: 3, line: 2, column: 1 }),
      }),
    );
  });

  it('parses 100,000 levels of nesting without recursion when allowed', () => {
    const depth = 100_000;
    const parser = new PartialJsonParser({ maxDepth: Infinity });
    parser.push('['.repeat(depth));
    parser.push(']'.repeat(depth));
    let value = parser.end();
    let levels = 0;
    while (Array.isArray(value)) {
      levels++;
      value = value[0] as JsonValue;
    }
    expect(levels).toBe(depth);
  });

  it('rejects a maxDepth that is not a positive integer', () => {
    for (const maxDepth of [0, -1, 1.5, Number.NaN]) {
      expect(() => new PartialJsonParser({ maxDepth })).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG' }),
      );
    }
  });
});
