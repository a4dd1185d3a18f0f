/**
 * applyJsonPatch: RFC 6902 JSON Patch, for clients that rebuild a value from streamed patches.
 * @module
 */
import { applyPatch, clone, jsonEqual } from '../core/patch-ops';
import type { JsonPatchOperation, JsonValue } from './json-types';

export { clone, jsonEqual };

/**
 * Applies RFC 6902 operations in order and returns the resulting document. Containers are
 * changed in place (an operation on the root returns a new root); values taken from the
 * operations are copied, so the patch stays usable. A failing operation throws `INVALID_INPUT`
 * with `details.index`; operations before it have been applied. `document` is `undefined` for
 * an empty document (the first patch of a stream adds the root).
 *
 * @example
 * ```ts
 * let value: JsonValue | undefined;
 * for (const ops of patchStream) value = applyJsonPatch(value, ops);
 * ```
 */
export function applyJsonPatch(
  document: JsonValue | undefined,
  operations: readonly JsonPatchOperation[],
): JsonValue {
  return applyPatch(document, operations) as JsonValue;
}
