/**
 * RFC 6902 JSON Patch applied to a document: the one applier of the library, used by run logs
 * here and by `applyJsonPatch` in `rx-runnables/json` (core imports no other module).
 * @module
 */
import { setOwn } from './concat';
import { RxRunnablesError } from './errors';
import { parseJsonPointer } from './json-pointer';

/**
 * One JSON Patch operation, as LangChain's `RunLogPatch.ops` holds them.
 *
 * @example
 * ```ts
 * const op: PatchOperation = { op: 'add', path: '/streamed_output/-', value: 'Hello' };
 * ```
 */
export type PatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; path: string; from: string };

/** An object or an array, read by member name. */
type Container = Record<string, unknown>;

const hasOwn = (target: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(target, key);

const isContainer = (value: unknown): value is Container =>
  typeof value === 'object' && value !== null;

function patchError(message: string, index: number, operation: PatchOperation): never {
  throw new RxRunnablesError('INVALID_INPUT', `JSON Patch operation ${index}: ${message}`, {
    index,
    operation,
  });
}

/** Deep equality, as the `test` operation needs it (member order ignored). @internal */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b)) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const other = b as Record<string, unknown>;
  return keys.every(
    (key) => hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], other[key]),
  );
}

/**
 * A deep copy of arrays and plain objects (own keys, `__proto__` kept as data); any other
 * object (a message in a run log) is kept as it is. @internal
 */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (!isContainer(value)) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(copy, key, clone((value as Container)[key]));
  return copy as T;
}

/** An array index token: `0` or digits without a leading zero. */
function arrayIndex(token: string, length: number, allowEnd: boolean): number {
  if (token === '-' && allowEnd) return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return -1;
  const index = Number(token);
  return index < length || (allowEnd && index === length) ? index : -1;
}

/** The container holding the target of `tokens`, and the last token. */
function parentOf(document: unknown, tokens: string[]): [unknown, string] | undefined {
  let node: unknown = document;
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i] as string;
    if (Array.isArray(node)) {
      const index = arrayIndex(token, node.length, false);
      if (index < 0) return undefined;
      node = node[index];
    } else if (isContainer(node) && hasOwn(node, token)) {
      node = node[token];
    } else return undefined;
  }
  return [node, tokens[tokens.length - 1] as string];
}

function read(document: unknown, tokens: string[]): { value: unknown } | undefined {
  if (tokens.length === 0) return { value: document };
  const found = parentOf(document, tokens);
  if (found === undefined) return undefined;
  const [parent, token] = found;
  if (Array.isArray(parent)) {
    const index = arrayIndex(token, parent.length, false);
    return index < 0 ? undefined : { value: parent[index] };
  }
  if (isContainer(parent) && hasOwn(parent, token)) return { value: parent[token] };
  return undefined;
}

type Fail = (message: string) => never;

/** Writes `value` at `tokens` (inserting into arrays for `add`); returns the new document. */
function write(
  document: unknown,
  tokens: string[],
  value: unknown,
  mode: 'add' | 'replace',
  fail: Fail,
): unknown {
  if (tokens.length === 0) return value;
  const found = parentOf(document, tokens) ?? fail('the parent of the target does not exist');
  const [parent, token] = found;
  if (Array.isArray(parent)) {
    const index = arrayIndex(token, parent.length, mode === 'add');
    if (index < 0) fail(`no index ${token} in the array`);
    if (mode === 'add') parent.splice(index, 0, value);
    else parent[index] = value;
  } else if (isContainer(parent)) {
    if (mode === 'replace' && !hasOwn(parent, token)) fail(`no member ${token} to replace`);
    setOwn(parent, token, value);
  } else fail('the parent of the target is not a container');
  return document;
}

function remove(document: unknown, tokens: string[], fail: Fail): unknown {
  if (tokens.length === 0) fail('the root cannot be removed');
  const [parent, token] = parentOf(document, tokens) ?? fail('the target does not exist');
  if (Array.isArray(parent)) {
    const index = arrayIndex(token, parent.length, false);
    if (index < 0) fail(`no index ${token} in the array`);
    parent.splice(index, 1);
  } else if (isContainer(parent) && hasOwn(parent, token)) {
    delete parent[token];
  } else fail('the target does not exist');
  return document;
}

/**
 * Applies RFC 6902 operations in order and returns the resulting document. Containers are
 * changed in place (an operation on the root returns a new root); values taken from the
 * operations are copied, so the patch stays usable. A failing operation throws `INVALID_INPUT`
 * with `details.index`; operations before it have been applied.
 * @internal
 */
export function applyPatch(document: unknown, operations: readonly PatchOperation[]): unknown {
  let doc = document;
  operations.forEach((operation, index) => {
    const fail: Fail = (message) => patchError(message, index, operation);
    const tokens = parseJsonPointer(operation.path);
    switch (operation.op) {
      case 'add':
        doc = write(doc, tokens, clone(operation.value), 'add', fail);
        break;
      case 'replace':
        if (read(doc, tokens) === undefined) fail(`nothing at ${operation.path} to replace`);
        doc = write(doc, tokens, clone(operation.value), 'replace', fail);
        break;
      case 'remove':
        doc = remove(doc, tokens, fail);
        break;
      case 'copy':
      case 'move': {
        const from = parseJsonPointer(operation.from);
        const source = read(doc, from) ?? fail(`nothing at ${operation.from}`);
        if (operation.op === 'move') {
          if (operation.path.startsWith(`${operation.from}/`)) {
            fail('a value cannot be moved into one of its own members');
          }
          doc = remove(doc, from, fail);
        }
        const value = operation.op === 'copy' ? clone(source.value) : source.value;
        doc = write(doc, tokens, value, 'add', fail);
        break;
      }
      case 'test': {
        const target = read(doc, tokens);
        if (target === undefined || !jsonEqual(target.value, operation.value)) {
          fail(`test failed at ${operation.path}`);
        }
        break;
      }
      default:
        fail(`unknown op ${(operation as { op: string }).op}`);
    }
  });
  return doc;
}
