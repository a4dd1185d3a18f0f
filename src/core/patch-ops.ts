/**
 * JSON Patch (RFC 6902) operations applied to a document, for run logs. The core's own small
 * applier: the core imports no other module of the library.
 * @module
 */
import { RxRunnablesError } from './errors';

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

type Container = Record<string, unknown> | unknown[];

const bad = (message: string, op: PatchOperation): RxRunnablesError =>
  new RxRunnablesError('INVALID_INPUT', message, { stage: 'json-patch', op: op.op, path: op.path });

/** The reference tokens of a JSON Pointer (`/logs/a~1b` → `['logs', 'a/b']`). */
function tokens(pointer: string, op: PatchOperation): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw bad(`Invalid JSON Pointer '${pointer}'`, op);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A pointer's token for `key` (escaping `~` and `/`). @internal */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Plain objects and arrays copied (deeply), so applying ops never changes an op's value. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copy(v);
  return out;
}

function parentOf(doc: unknown, path: string[], op: PatchOperation): Container {
  let node = doc;
  for (const token of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token))
      throw bad(`Path '${op.path}' does not exist`, op);
    node = (node as Record<string, unknown>)[token];
  }
  if (node === null || typeof node !== 'object') throw bad(`Path '${op.path}' does not exist`, op);
  return node as Container;
}

function indexIn(list: unknown[], token: string, op: PatchOperation, append: boolean): number {
  if (append && token === '-') return list.length;
  const index = /^(0|[1-9]\d*)$/.test(token) ? Number(token) : NaN;
  if (!(index <= list.length - (append ? 0 : 1))) throw bad(`Bad array index '${token}'`, op);
  return index;
}

function get(doc: unknown, pointer: string, op: PatchOperation): unknown {
  const path = tokens(pointer, op);
  if (path.length === 0) return doc;
  const parent = parentOf(doc, path.slice(0, -1), op);
  const last = path[path.length - 1] as string;
  if (!Object.hasOwn(parent, last)) throw bad(`Path '${pointer}' does not exist`, op);
  return (parent as Record<string, unknown>)[last];
}

function put(
  doc: unknown,
  pointer: string,
  value: unknown,
  op: PatchOperation,
  insert: boolean,
): unknown {
  const path = tokens(pointer, op);
  if (path.length === 0) return value;
  const parent = parentOf(doc, path.slice(0, -1), op);
  const last = path[path.length - 1] as string;
  if (Array.isArray(parent)) {
    const index = indexIn(parent, last, op, insert);
    if (insert) parent.splice(index, 0, value);
    else parent[index] = value;
  } else {
    if (!insert && !Object.hasOwn(parent, last)) throw bad(`Path '${pointer}' does not exist`, op);
    parent[last] = value;
  }
  return doc;
}

function remove(doc: unknown, pointer: string, op: PatchOperation): void {
  const path = tokens(pointer, op);
  if (path.length === 0) throw bad('Cannot remove the whole document', op);
  const parent = parentOf(doc, path.slice(0, -1), op);
  const last = path[path.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(indexIn(parent, last, op, false), 1);
  else if (Object.hasOwn(parent, last)) delete parent[last];
  else throw bad(`Path '${pointer}' does not exist`, op);
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies `ops` to `doc` in order, changing it in place (values are copied in), and returns the
 * resulting document (a new one when an op replaces the root). A bad op is `INVALID_INPUT`.
 * @internal
 */
export function applyOps(doc: unknown, ops: readonly PatchOperation[]): unknown {
  let out = doc;
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        out = put(out, op.path, copy(op.value), op, true);
        break;
      case 'replace':
        out = put(out, op.path, copy(op.value), op, false);
        break;
      case 'remove':
        remove(out, op.path, op);
        break;
      case 'copy':
        out = put(out, op.path, copy(get(out, op.from, op)), op, true);
        break;
      case 'move': {
        const value = get(out, op.from, op);
        remove(out, op.from, op);
        out = put(out, op.path, value, op, true);
        break;
      }
      case 'test':
        if (!same(get(out, op.path, op), op.value)) throw bad(`Test failed at '${op.path}'`, op);
        break;
      default:
        throw bad(`Unknown JSON Patch op '${String((op as { op: unknown }).op)}'`, op);
    }
  }
  return out;
}
