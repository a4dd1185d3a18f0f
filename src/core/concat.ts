/**
 * The concat protocol: how chunks add up.
 * @module
 */

/** A chunk that knows how to add the next chunk to itself. */
export interface Concatenable<T> {
  concat(other: T): T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function hasConcat(value: unknown): value is Concatenable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { concat?: unknown }).concat === 'function'
  );
}

/**
 * Sets an own data property, also for the key `__proto__` (which plain assignment would treat as
 * the prototype). @internal
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/**
 * Adds chunk `b` to chunk `a`: strings append, arrays concatenate, objects with `concat()` use it,
 * plain objects merge key by key (values under the same key are concatenated in turn). Anything
 * else (numbers, booleans, `null`, class instances without `concat`) is replaced by `b`.
 * `undefined` on either side yields the other.
 *
 * @example
 * ```ts
 * concatChunks('Hel', 'lo'); // 'Hello'
 * concatChunks({ a: 'x' }, { a: 'y', b: 1 }); // { a: 'xy', b: 1 }
 * ```
 */
export function concatChunks<T>(a: T, b: T): T {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (typeof a === 'string' && typeof b === 'string') return (a + b) as T;
  if (Array.isArray(a) && Array.isArray(b)) return a.concat(b) as T;
  if (hasConcat(a) && !Array.isArray(a) && typeof a !== 'string') return a.concat(b) as T;
  if (isPlainObject(a) && isPlainObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const key of Object.keys(b)) {
      setOwn(out, key, Object.hasOwn(out, key) ? concatChunks(out[key], b[key]) : b[key]);
    }
    return out as T;
  }
  return b;
}
