/**
 * Shared helpers of the JSON tests: strict comparison, splitting, and a random serializer.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { PartialJsonParser } from '../../src/json';
import type { JsonValue, PartialJsonParserOptions } from '../../src/json';

/**
 * Asserts that `actual` is the same JSON value as `expected`, stricter than `toEqual`: numbers by
 * `Object.is` (so -0 counts), own keys in the same order, plain prototypes.
 */
export function expectSameJson(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected !== 'object' || expected === null) {
    if (!Object.is(actual, expected)) {
      expect.fail(`${path}: ${String(actual)} is not ${String(expected)}`);
    }
    return;
  }
  expect(typeof actual, path).toBe('object');
  expect(actual, path).not.toBeNull();
  expect(Array.isArray(actual), path).toBe(Array.isArray(expected));
  expect(Object.getPrototypeOf(actual), path).toBe(Object.getPrototypeOf(expected));
  const keys = Object.keys(expected);
  expect(Object.keys(actual as object), path).toEqual(keys);
  for (const key of keys) {
    expectSameJson(
      (actual as Record<string, unknown>)[key],
      (expected as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
  }
}

/** Cuts `text` at the given offsets (sorted, deduplicated, clamped). */
export function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.min(text.length, Math.max(0, c))))].sort(
    (a, b) => a - b,
  );
  const chunks: string[] = [];
  let start = 0;
  for (const point of points) {
    if (point > start) chunks.push(text.slice(start, point));
    start = Math.max(start, point);
  }
  chunks.push(text.slice(start));
  return chunks;
}

/** Every character (UTF-16 code unit) on its own. */
export function units(text: string): string[] {
  return Array.from({ length: text.length }, (_, i) => text.charAt(i));
}

/** Pushes every chunk, then ends; returns what push returned each time and the final value. */
export function parseChunks<M extends 'snapshots' | 'patches' | 'completed' = 'snapshots'>(
  chunks: readonly string[],
  options: PartialJsonParserOptions<M> = {},
): { outputs: unknown[]; final: JsonValue } {
  const parser = new PartialJsonParser<M>(options);
  const outputs = chunks.map((chunk) => parser.push(chunk) as unknown);
  return { outputs, final: parser.end() };
}

/** Throws what the parser throws, or returns the final value. */
export function tryParse(
  chunks: readonly string[],
  options: PartialJsonParserOptions = {},
): unknown {
  const parser = new PartialJsonParser(options);
  for (const chunk of chunks) parser.push(chunk);
  return parser.end();
}

// ---- A JSON syntax tree and a serializer that varies whitespace, escapes and number forms ----

export type Node =
  | { readonly t: 'string'; readonly value: string }
  | { readonly t: 'number'; readonly text: string }
  | { readonly t: 'literal'; readonly text: 'true' | 'false' | 'null' }
  | { readonly t: 'array'; readonly items: readonly Node[] }
  | { readonly t: 'object'; readonly members: readonly (readonly [string, Node])[] };

const codeUnit = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
  { weight: 1, arbitrary: fc.constantFrom(0x22, 0x5c, 0x2f, 0x0a, 0x00, 0x1f, 0x7f) },
  { weight: 1, arbitrary: fc.constantFrom(0xd83d, 0xde00, 0xd800, 0xdbff, 0xdc00, 0xdfff) },
);

/** Any UTF-16 string: lone surrogates, control characters, quotes and backslashes included. */
export const anyString = fc
  .array(codeUnit, { maxLength: 10 })
  .map((codes) => String.fromCharCode(...codes));

const key = fc.oneof(
  { weight: 5, arbitrary: anyString },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '0', '7', '') },
);

const digits = (min: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},6}$`));

/** Number texts the grammar allows, including huge, tiny and negative zero. */
export const numberText = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('0', '-0', '1e400', '-1e400', '1e-400', '4.9e-324') },
  { weight: 1, arbitrary: fc.constantFrom('123456789012345678901234567890', '0.1e+1', '1E2') },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.boolean(),
        fc.oneof(fc.constant('0'), fc.tuple(fc.integer({ min: 1, max: 9 }), digits(0))),
        fc.option(digits(1)),
        fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1))),
      )
      .map(([negative, int, frac, exp]) => {
        const whole = typeof int === 'string' ? int : `${int[0]}${int[1]}`;
        const fraction = frac === null ? '' : `.${frac}`;
        const exponent = exp === null ? '' : exp.join('');
        return `${negative ? '-' : ''}${whole}${fraction}${exponent}`;
      }),
  },
);

/** A syntax tree; objects may repeat keys unless `uniqueKeys`. */
export function jsonTree(options: { uniqueKeys?: boolean; maxDepth?: number } = {}) {
  const { tree } = fc.letrec<{ tree: Node }>((tie) => ({
    tree: fc.oneof(
      { maxDepth: options.maxDepth ?? 4, depthSize: 'small' },
      { weight: 2, arbitrary: anyString.map((value): Node => ({ t: 'string', value })) },
      { weight: 2, arbitrary: numberText.map((text): Node => ({ t: 'number', text })) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('true', 'false', 'null')
          .map((text): Node => ({ t: 'literal', text })),
      },
      {
        weight: 2,
        arbitrary: fc
          .array(tie('tree'), { maxLength: 5 })
          .map((items): Node => ({ t: 'array', items })),
      },
      {
        weight: 3,
        arbitrary: fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map((members): Node => ({
          t: 'object',
          members: options.uniqueKeys
            ? members.filter(([k], i) => members.findIndex(([other]) => other === k) === i)
            : members,
        })),
      },
    ),
  }));
  return tree;
}

const SHORT: Record<number, string> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x2f: '\\/',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
};

/** A deterministic stream of choices from a seed. */
function chooser(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

/** Serializes a tree, choosing whitespace, escapes and hex-digit case from `seed`. */
export function serialize(node: Node, seed: number): string {
  const pick = chooser(seed);
  const ws = (): string => {
    let out = '';
    for (let n = pick(4) === 0 ? pick(3) + 1 : 0; n > 0; n--) out += ' \t\n\r'.charAt(pick(4));
    return out;
  };
  const str = (value: string): string => {
    let out = '"';
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      const mustEscape = code < 0x20 || code === 0x22 || code === 0x5c;
      if (!mustEscape && pick(6) !== 0) out += value.charAt(i);
      else if (SHORT[code] !== undefined && pick(2) === 0) out += SHORT[code];
      else {
        const hex = code.toString(16).padStart(4, '0');
        out += `\\u${pick(2) === 0 ? hex : hex.toUpperCase()}`;
      }
    }
    return `${out}"`;
  };
  const walk = (n: Node): string => {
    switch (n.t) {
      case 'string':
        return str(n.value);
      case 'number':
        return n.text;
      case 'literal':
        return n.text;
      case 'array':
        return `[${ws()}${n.items.map((item) => walk(item) + ws()).join(`,${ws()}`)}]`;
      case 'object':
        return `{${ws()}${n.members
          .map(([k, v]) => `${str(k)}${ws()}:${ws()}${walk(v)}${ws()}`)
          .join(`,${ws()}`)}}`;
    }
  };
  return `${ws()}${walk(node)}${ws()}`;
}

/** A serialized document, its seed, and cut points to split it. */
export const document = (options: { uniqueKeys?: boolean } = {}) =>
  fc
    .tuple(jsonTree(options), fc.nat(), fc.array(fc.nat({ max: 2000 }), { maxLength: 40 }))
    .map(([tree, seed, cuts]) => {
      const text = serialize(tree, seed);
      return { text, cuts: cuts.map((c) => c % (text.length + 1)) };
    });
