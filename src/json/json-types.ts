/**
 * The value and output types of the JSON module.
 * @module
 */
import type { JsonPathSegment } from '../core/json-pointer';

export type { JsonPathSegment };

/**
 * A JSON primitive.
 *
 * @example
 * ```ts
 * const values: JsonPrimitive[] = ['a', 1, true, null];
 * ```
 */
export type JsonPrimitive = string | number | boolean | null;

/**
 * Any JSON value, as `JSON.parse` returns it.
 *
 * @example
 * ```ts
 * const value: JsonValue = { list: [1, 'two', null] };
 * ```
 */
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

/**
 * A JSON object.
 *
 * @example
 * ```ts
 * const object: JsonObject = { a: 1 };
 * ```
 */
export type JsonObject = { [key: string]: JsonValue };

/**
 * An RFC 6902 JSON Patch operation. The parser emits only `add` and `replace`; the other four
 * kinds are accepted by {@link applyJsonPatch}.
 *
 * @example
 * ```ts
 * const op: JsonPatchOperation = { op: 'add', path: '/items/0', value: {} };
 * ```
 */
export type JsonPatchOperation =
  | { op: 'add'; path: string; value: JsonValue }
  | { op: 'replace'; path: string; value: JsonValue }
  | { op: 'remove'; path: string }
  | { op: 'move'; from: string; path: string }
  | { op: 'copy'; from: string; path: string }
  | { op: 'test'; path: string; value: JsonValue };

/**
 * A value that has just been completely received, with where it sits in the document.
 *
 * @example
 * ```ts
 * const done: CompletedValue = { path: ['items', 0], value: { title: 'Rx' } };
 * ```
 */
export interface CompletedValue {
  /** Member names and array indices from the root to the value; `[]` for the root itself. */
  readonly path: readonly JsonPathSegment[];
  /** The complete value. It never changes afterwards. */
  readonly value: JsonValue;
}

/**
 * `T` with every object member optional, at every depth: the type of a partial value.
 *
 * @example
 * ```ts
 * type Partial = DeepPartial<{ user: { name: string; tags: string[] } }>;
 * // { user?: { name?: string; tags?: string[] } }
 * ```
 */
export type DeepPartial<T> = T extends readonly (infer E)[]
  ? DeepPartial<E>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
