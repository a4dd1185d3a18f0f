import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core/errors';
import { PartialJsonParser, applyJsonPatch, parsePartialJson } from '../../src/json';
import type { CompletedValue, JsonParseErrorDetails, JsonValue } from '../../src/json';
import { document, expectSameJson, splitAt, tryParse } from './json-test-helpers';

/** `snapshot` could still grow into `final`: open strings are prefixes, complete parts equal. */
function expectPrefix(snapshot: unknown, final: unknown): void {
  if (snapshot === undefined) return;
  if (typeof final === 'string') {
    expect(typeof snapshot).toBe('string');
    expect(final.startsWith(snapshot as string)).toBe(true);
  } else if (typeof final === 'number') {
    expect(typeof snapshot).toBe('number');
  } else if (typeof final !== 'object' || final === null) {
    expect(snapshot).toBe(final);
  } else if (Array.isArray(final)) {
    expect(Array.isArray(snapshot)).toBe(true);
    const items = snapshot as unknown[];
    expect(items.length).toBeLessThanOrEqual(final.length);
    items.forEach((item, i) => {
      if (i < items.length - 1) expectSameJson(item, final[i]);
      else expectPrefix(item, final[i]);
    });
  } else {
    const members = snapshot as Record<string, unknown>;
    const whole = final as Record<string, unknown>;
    let open = 0;
    for (const key of Object.keys(members)) {
      expect(Object.prototype.hasOwnProperty.call(whole, key)).toBe(true);
      try {
        expectSameJson(members[key], whole[key]);
      } catch {
        open++; // at most one member, the last one begun, may still be growing
        expectPrefix(members[key], whole[key]);
      }
    }
    expect(open).toBeLessThanOrEqual(1);
  }
}

/** The value at `path` inside `root`. */
function at(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
}

/** Number of values in a JSON value, itself included. */
function countValues(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 1;
  return 1 + Object.values(value).reduce<number>((sum, child) => sum + countValues(child), 0);
}

describe('properties (fast-check)', () => {
  it('the final value deep-equals JSON.parse, however the text is split', () => {
    fc.assert(
      fc.property(document(), ({ text, cuts }) => {
        const expected: unknown = JSON.parse(text);
        expectSameJson(tryParse(splitAt(text, cuts)), expected);
      }),
      { numRuns: 400 },
    );
  });

  it('every snapshot is a prefix of the final value, and none changes afterwards', () => {
    fc.assert(
      fc.property(document({ uniqueKeys: true }), ({ text, cuts }) => {
        const parser = new PartialJsonParser();
        const handed: { value: unknown; copy: unknown }[] = [];
        for (const chunk of splitAt(text, cuts)) {
          const value = parser.push(chunk);
          handed.push({ value, copy: structuredClone(value) });
        }
        const final = parser.end();
        for (const { value, copy } of handed) {
          expectPrefix(value, final);
          expectSameJson(value, copy);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the snapshot depends only on the text received, not on how it was split', () => {
    fc.assert(
      fc.property(document(), ({ text, cuts }) => {
        const parser = new PartialJsonParser();
        let received = '';
        for (const chunk of splitAt(text, cuts)) {
          received += chunk;
          expectSameJson(parser.push(chunk), parsePartialJson(received));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a sequence of documents parses to the array of their values', () => {
    fc.assert(
      fc.property(fc.array(document(), { maxLength: 4 }), fc.array(fc.nat()), (docs, cuts) => {
        // A separator keeps two numbers (or a number and a literal) from merging.
        const text = docs.map((d) => d.text).join('\n');
        const value = tryParse(
          splitAt(
            text,
            cuts.map((c) => c % (text.length + 1)),
          ),
          { multiple: true },
        );
        expectSameJson(
          value,
          docs.map((d) => JSON.parse(d.text) as unknown),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('applying the patches in order reproduces every snapshot', () => {
    fc.assert(
      fc.property(document(), ({ text, cuts }) => {
        const patches = new PartialJsonParser({ output: 'patches' });
        const snapshots = new PartialJsonParser();
        let doc: JsonValue | undefined;
        for (const chunk of splitAt(text, cuts)) {
          doc = applyJsonPatch(doc, patches.push(chunk));
          const snapshot = snapshots.push(chunk);
          if (snapshot !== undefined) expectSameJson(doc, snapshot);
        }
        expectSameJson(doc, JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reports every value exactly once when it completes, with its path', () => {
    fc.assert(
      fc.property(document({ uniqueKeys: true }), ({ text, cuts }) => {
        const parser = new PartialJsonParser({ output: 'completed' });
        const completed: CompletedValue[] = [];
        for (const chunk of splitAt(text, cuts)) completed.push(...parser.push(chunk));
        const final = parser.end();
        // A top-level number with nothing after it completes in end(), which returns it.
        if (typeof final === 'number' && completed.length === 0) {
          completed.push({ path: [], value: final });
        }
        expect(completed).toHaveLength(countValues(final));
        for (const { path, value } of completed) expectSameJson(value, at(final, path));
      }),
      { numRuns: 300 },
    );
  });

  it('random mutations: accepted exactly when JSON.parse accepts, rejected at the first bad character', () => {
    const mutation = fc.tuple(
      fc.constantFrom('insert', 'delete', 'replace'),
      fc.nat(),
      fc.constantFrom(...'{}[]:,"\\ -+.eE019tfnul\u0000\u001f\t\nx\ud800'.split('')),
    );
    fc.assert(
      fc.property(
        document(),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        ({ text }, mutations, cuts) => {
          let mutated = text;
          for (const [kind, position, char] of mutations) {
            const p = position % (mutated.length + 1);
            const tail = mutated.slice(kind === 'insert' ? p : p + 1);
            mutated = mutated.slice(0, p) + (kind === 'delete' ? '' : char) + tail;
          }
          let expected: unknown;
          let valid = true;
          try {
            expected = JSON.parse(mutated);
          } catch {
            valid = false;
          }
          const chunks = splitAt(
            mutated,
            cuts.map((c) => c % (mutated.length + 1)),
          );
          if (valid) {
            expectSameJson(tryParse(chunks), expected);
            return;
          }
          let error: unknown;
          try {
            tryParse(chunks);
          } catch (e) {
            error = e;
          }
          expect(RxRunnablesError.isInstance(error)).toBe(true);
          expect((error as RxRunnablesError).code).toBe('JSON_PARSE');
          const { offset } = (error as RxRunnablesError)
            .details as unknown as JsonParseErrorDetails;
          // Everything before the offending character was still a possible start of JSON…
          new PartialJsonParser().push(mutated.slice(0, offset));
          // …and that character (or the end of the input) is what made it impossible.
          expect(() => tryParse([mutated.slice(0, offset + 1)])).toThrow();
        },
      ),
      { numRuns: 500 },
    );
  });
});
