/**
 * The patches of one input chunk as LangChain.js's diff mode writes them.
 * @module
 */
import { applyJsonPatch, clone } from './apply-json-patch';
import type { JsonPatchOperation, JsonValue } from './json-types';

type ValueOperation = Extract<JsonPatchOperation, { value: JsonValue }>;

/**
 * Folds the parser's operations of one chunk into what comparing the value before the chunk with
 * the value after it gives (LangChain's `compare(previous, next)`): a member added in this chunk
 * is one `add` holding its value at the chunk's end, later changes of a path replace its value,
 * and the first patch of a stream is `replace` of the root with the whole value so far.
 * @internal
 */
export function foldChunkPatches(
  operations: readonly JsonPatchOperation[],
  first: boolean,
): JsonPatchOperation[] {
  const folded: JsonPatchOperation[] = [];
  // The entries of `folded` whose value is a copy of our own, which may be changed in place.
  const owned = new Set<JsonPatchOperation>();
  for (const operation of operations) {
    const target = 'value' in operation ? holder(folded, operation.path) : undefined;
    if (target === undefined) {
      // A copy, so folding later operations into it leaves the parser's operation as it was.
      folded.push({ ...operation });
      continue;
    }
    const { value } = operation as ValueOperation;
    if (target.path === operation.path) {
      target.value = value;
      owned.delete(target);
      continue;
    }
    if (!owned.has(target)) {
      target.value = clone(target.value);
      owned.add(target);
    }
    const path = operation.path.slice(target.path.length);
    target.value = applyJsonPatch(target.value, [{ ...(operation as ValueOperation), path }]);
  }
  const root = folded[0];
  if (first && root !== undefined && root.op === 'add' && root.path === '') {
    folded[0] = { op: 'replace', path: '', value: root.value };
  }
  return folded;
}

/** The latest `add`/`replace` of this chunk at `path` or at a member holding it. */
function holder(folded: JsonPatchOperation[], path: string): ValueOperation | undefined {
  for (let k = folded.length - 1; k >= 0; k--) {
    const candidate = folded[k] as JsonPatchOperation;
    if (candidate.op !== 'add' && candidate.op !== 'replace') continue;
    const at = candidate.path;
    if (at === path || (path.startsWith(at) && path.charAt(at.length) === '/')) return candidate;
  }
  return undefined;
}
