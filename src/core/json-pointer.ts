/**
 * RFC 6901 JSON Pointers: the paths used by JSON Patch (here in core, where run logs use them;
 * `rx-runnables/json` exports them).
 * @module
 */
import { RxRunnablesError } from './errors';

/**
 * One step of a path into a JSON value: an object member name or an array index.
 *
 * @example
 * ```ts
 * const path: JsonPathSegment[] = ['items', 0, 'title'];
 * ```
 */
export type JsonPathSegment = string | number;

/**
 * Escapes one member name or index for a JSON Pointer (`~` → `~0`, `/` → `~1`).
 *
 * @example
 * ```ts
 * formatPointerToken('a/b'); // 'a~1b'
 * ```
 */
export function formatPointerToken(segment: JsonPathSegment): string {
  if (typeof segment === 'number') return String(segment);
  if (segment.indexOf('~') === -1 && segment.indexOf('/') === -1) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The JSON Pointer of a path (`''` for the root).
 *
 * @example
 * ```ts
 * formatJsonPointer(['items', 0, 'a/b']); // '/items/0/a~1b'
 * ```
 */
export function formatJsonPointer(path: readonly JsonPathSegment[]): string {
  let pointer = '';
  for (const segment of path) pointer += `/${formatPointerToken(segment)}`;
  return pointer;
}

/**
 * The unescaped reference tokens of a JSON Pointer (all strings: whether `0` is an index depends on
 * the value it is applied to). Throws `INVALID_INPUT` for a pointer that is neither empty nor starts
 * with `/`.
 *
 * @example
 * ```ts
 * parseJsonPointer('/items/0/a~1b'); // ['items', '0', 'a/b']
 * ```
 */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (pointer.charCodeAt(0) !== 0x2f) {
    throw new RxRunnablesError('INVALID_INPUT', `A JSON Pointer starts with '/': ${pointer}`, {
      pointer,
    });
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}
