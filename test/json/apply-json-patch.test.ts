import { applyPatch as langChainApplyPatch } from '@langchain/core/utils/json_patch';
import type { Operation } from '@langchain/core/utils/json_patch';
import { describe, expect, it } from 'vitest';
import {
  PartialJsonParser,
  applyJsonPatch,
  formatJsonPointer,
  parseJsonPointer,
} from '../../src/json';
import type { JsonPatchOperation, JsonValue } from '../../src/json';
import { units } from './json-test-helpers';

const apply = (doc: JsonValue | undefined, ops: JsonPatchOperation[]) =>
  applyJsonPatch(structuredClone(doc), ops);

describe('JSON Pointer', () => {
  it('escapes ~ and / and round-trips', () => {
    const path = ['a/b', 'm~n', 0, '', '__proto__'];
    expect(formatJsonPointer(path)).toBe('/a~1b/m~0n/0//__proto__');
    expect(parseJsonPointer('/a~1b/m~0n/0//__proto__')).toEqual([
      'a/b',
      'm~n',
      '0',
      '',
      '__proto__',
    ]);
    expect(parseJsonPointer('/~01')).toEqual(['~1']);
    expect(formatJsonPointer([])).toBe('');
    expect(parseJsonPointer('')).toEqual([]);
  });

  it('rejects a pointer that does not start with /', () => {
    expect(() => parseJsonPointer('a/b')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  it('adds members, inserts elements, appends with -, and replaces the root', () => {
    expect(apply({ a: 1 }, [{ op: 'add', path: '/b', value: [1, 3] }])).toEqual({
      a: 1,
      b: [1, 3],
    });
    expect(apply([1, 3], [{ op: 'add', path: '/1', value: 2 }])).toEqual([1, 2, 3]);
    expect(apply([1], [{ op: 'add', path: '/-', value: 2 }])).toEqual([1, 2]);
    expect(apply([1], [{ op: 'add', path: '/1', value: 2 }])).toEqual([1, 2]);
    expect(apply({ a: 1 }, [{ op: 'add', path: '/a', value: 2 }])).toEqual({ a: 2 });
    expect(apply({ a: 1 }, [{ op: 'add', path: '', value: 'root' }])).toBe('root');
    expect(apply(undefined, [{ op: 'add', path: '', value: { x: [] } }])).toEqual({ x: [] });
  });

  it('removes and replaces', () => {
    expect(apply({ a: 1, b: 2 }, [{ op: 'remove', path: '/a' }])).toEqual({ b: 2 });
    expect(apply([1, 2, 3], [{ op: 'remove', path: '/1' }])).toEqual([1, 3]);
    expect(apply({ a: { b: 1 } }, [{ op: 'replace', path: '/a/b', value: [2] }])).toEqual({
      a: { b: [2] },
    });
    expect(apply(1, [{ op: 'replace', path: '', value: 2 }])).toBe(2);
  });

  it('moves and copies', () => {
    const doc = { a: { x: 1 }, list: [1, 2, 3] };
    expect(apply(doc, [{ op: 'move', from: '/a/x', path: '/b' }])).toEqual({
      a: {},
      list: [1, 2, 3],
      b: 1,
    });
    expect(apply(doc, [{ op: 'move', from: '/list/0', path: '/list/2' }])).toEqual({
      a: { x: 1 },
      list: [2, 3, 1],
    });
    const copied = apply(doc, [{ op: 'copy', from: '/a', path: '/c' }]) as Record<
      string,
      JsonValue
    >;
    expect(copied.c).toEqual({ x: 1 });
    expect(copied.c).not.toBe(copied.a);
  });

  it('tests values deeply and fails when they differ', () => {
    const doc = { a: { x: [1, { y: null }] } };
    expect(apply(doc, [{ op: 'test', path: '/a', value: { x: [1, { y: null }] } }])).toEqual(doc);
    expect(() => apply(doc, [{ op: 'test', path: '/a/x/0', value: '1' }])).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        details: expect.objectContaining({ index: 0 }),
      }),
    );
  });

  it('fails on targets that do not exist, and says which operation failed', () => {
    const cases: [JsonValue, JsonPatchOperation][] = [
      [{ a: 1 }, { op: 'add', path: '/x/y', value: 1 }],
      [[1], { op: 'add', path: '/2', value: 1 }],
      [[1], { op: 'add', path: '/01', value: 1 }],
      [{ a: 1 }, { op: 'replace', path: '/b', value: 1 }],
      [{ a: 1 }, { op: 'remove', path: '/b' }],
      [{ a: 1 }, { op: 'remove', path: '' }],
      [{ a: { b: 1 } }, { op: 'move', from: '/a', path: '/a/b/c' }],
      [{ a: 1 }, { op: 'copy', from: '/z', path: '/b' }],
      ['text', { op: 'add', path: '/a', value: 1 }],
    ];
    for (const [doc, op] of cases) {
      expect(() => apply(doc, [{ op: 'test', path: '', value: doc }, op])).toThrow(
        expect.objectContaining({ details: expect.objectContaining({ index: 1 }) }),
      );
    }
  });

  it('writes __proto__ as an own member, never as the prototype', () => {
    const doc = apply({}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }]);
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.keys(doc as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('copies values out of the operations, so a patch can be applied twice', () => {
    const ops: JsonPatchOperation[] = [{ op: 'add', path: '', value: { list: [] } }];
    const first = applyJsonPatch(undefined, ops) as { list: JsonValue[] };
    first.list.push(1);
    expect(applyJsonPatch(undefined, ops)).toEqual({ list: [] });
  });
});

describe('parser patches with another RFC 6902 implementation', () => {
  it("LangChain.js's applyPatch reproduces every snapshot from the parser's patches", () => {
    const text = JSON.stringify({
      title: 'Rx \u00e9 "quoted" \ud83d\ude80',
      items: [{ id: 1, tags: ['a', 'b'] }, { id: -2.5e-3, nested: { ok: true, none: null } }, []],
      'a/b~c': 'escaped pointer',
    });
    const patches = new PartialJsonParser({ output: 'patches' });
    const snapshots = new PartialJsonParser();
    let doc: unknown = {};
    for (const chunk of units(text)) {
      const ops = patches.push(chunk) as Operation[];
      if (ops.length > 0) doc = langChainApplyPatch(doc, ops).newDocument;
      const snapshot = snapshots.push(chunk);
      if (snapshot !== undefined) expect(doc).toEqual(snapshot);
    }
    expect(doc).toEqual(JSON.parse(text));
  });
});
