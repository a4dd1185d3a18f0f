/**
 * Shared merge rules of message chunks (content, metadata records, indexed lists, usage).
 * Follows @langchain/core's `_mergeDicts` / `_mergeLists` / `mergeContent`, except where noted.
 * @module
 */
import { RxRunnablesError } from '../core/errors';
import type { ContentBlock, MessageContent, Metadata, TokenDetails, UsageMetadata } from './types';

/**
 * String keys that name something rather than carry streamed text: the latest non-empty value
 * wins instead of being appended. LangChain.js treats only `id`, `name`, `output_version` and
 * `model_provider` this way and so produces `model_name: "gptgpt"` and `finish_reason:
 * "stopstop"` (langchainjs #11054); we list the identity keys providers actually send.
 */
const IDENTITY_KEYS: ReadonlySet<string> = new Set([
  'id',
  'name',
  'output_version',
  'model_provider',
  'model',
  'model_name',
  'finish_reason',
  'stop_reason',
  'stop_sequence',
  'system_fingerprint',
  'service_tier',
  'object',
  'role',
]);

/** Keys whose first value is kept (positions and timestamps are neither summed nor appended). */
const KEEP_FIRST_KEYS: ReadonlySet<string> = new Set(['index', 'created', 'timestamp', 'type']);

type Rec = Record<string, unknown>;

function isEmptyRecord(value: object): boolean {
  for (const _key in value) return false;
  return true;
}

const kindOf = (value: unknown): string => (Array.isArray(value) ? 'array' : typeof value);

function mergeValue(key: string, left: unknown, right: unknown): unknown {
  if (left === null || left === undefined) return right;
  if (right === null || right === undefined) return left;
  if (typeof left !== typeof right || Array.isArray(left) !== Array.isArray(right)) {
    // As LangChain.js's `_mergeDicts`: two chunks disagree on what the field is.
    throw new RxRunnablesError(
      'INVALID_INPUT',
      `field[${key}] already exists in the message chunk, but with a different type.`,
      { key, left: kindOf(left), right: kindOf(right) },
    );
  }
  if (typeof left === 'string') {
    if (KEEP_FIRST_KEYS.has(key)) return left;
    if (IDENTITY_KEYS.has(key)) return right === '' ? left : right;
    return left + (right as string);
  }
  if (typeof left === 'number') {
    return KEEP_FIRST_KEYS.has(key) ? left : left + (right as number);
  }
  if (Array.isArray(left)) return mergeLists(left, right as unknown[]);
  if (typeof left === 'object') return mergeRecords(left as Rec, right as Rec);
  // Booleans and other scalars: the later value wins (LangChain.js keeps the first and warns).
  return right;
}

/**
 * Merges two metadata records key by key: strings append (identity keys take the latest
 * non-empty value), numbers add, arrays merge by `index`/`id`, nested records recurse. Values of
 * different types under one key throw `INVALID_INPUT`, as LangChain.js's `_mergeDicts` does.
 * Returns one of the inputs unchanged when the other is empty.
 */
export function mergeRecords<T extends Metadata>(left: T, right: T): T {
  if (isEmptyRecord(right)) return left;
  if (isEmptyRecord(left)) return right;
  // Copy only when a value changes: repeated identity values (a model name on every chunk)
  // then cost no allocation.
  let merged: Rec | undefined;
  for (const key in right) {
    if (!Object.prototype.hasOwnProperty.call(right, key)) continue;
    const before = (left as Rec)[key];
    const after = mergeValue(key, before, (right as Rec)[key]);
    if (after === before && (after !== undefined || key in left)) continue;
    merged ??= { ...left };
    merged[key] = after;
  }
  return (merged ?? left) as T;
}

function mergeableIndex(value: unknown): number | string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const index = (value as Rec).index;
  return typeof index === 'number' || typeof index === 'string' ? index : undefined;
}

function mergeableId(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as Rec).id;
  return id === null || id === '' ? undefined : id;
}

function typeBase(value: unknown): string | undefined {
  const type = typeof value === 'object' && value !== null ? (value as Rec).type : undefined;
  if (typeof type !== 'string') return undefined;
  return type.endsWith('_delta') ? type.slice(0, -6) : type;
}

function findMergeTarget(merged: readonly unknown[], item: unknown): number {
  const index = mergeableIndex(item);
  const id = mergeableId(item);
  if (index === undefined && id === undefined) return -1;
  for (let i = 0; i < merged.length; i++) {
    const left = merged[i];
    const leftIndex = mergeableIndex(left);
    const leftId = mergeableId(left);
    if (index !== undefined && leftIndex !== undefined) {
      if (leftIndex !== index) continue;
      const lt = typeBase(left);
      const rt = typeBase(item);
      if (lt !== undefined && rt !== undefined && lt !== rt) continue;
      if (leftId !== undefined && id !== undefined && leftId !== id) continue;
      return i;
    }
    if (index === undefined && leftIndex === undefined && id !== undefined && leftId === id) {
      return i;
    }
  }
  return -1;
}

/**
 * Merges two lists of chunk parts: an item of `right` with the same `index` (or, without
 * indexes, the same `id`) as an item already there merges into it; other items are appended,
 * except unmatched empty text pieces, which are dropped.
 */
export function mergeLists<T>(left: readonly T[], right: readonly T[]): T[] {
  const merged: T[] = left.slice();
  for (const item of right) {
    const target = findMergeTarget(merged, item);
    if (target !== -1) {
      merged[target] = mergeRecords(merged[target] as Metadata, item as Metadata) as T;
    } else if (
      typeof item === 'object' &&
      item !== null &&
      'text' in item &&
      (item as Rec).text === ''
    ) {
      continue;
    } else {
      merged.push(item);
    }
  }
  return merged;
}

function toBlocks(content: MessageContent): readonly ContentBlock[] {
  if (typeof content !== 'string') return content;
  return content === '' ? [] : [{ type: 'text', text: content }];
}

/**
 * Adds message content: strings append; block lists merge by `index`; a string meeting a block
 * list becomes a text block. LangChain.js turns text next to legacy data blocks into a `file`
 * block; we keep it a `text` block.
 */
export function mergeContent(first: MessageContent, second: MessageContent): MessageContent {
  if (typeof first === 'string') {
    if (first === '') return second;
    if (typeof second === 'string') return first + second;
    if (second.length === 0) return first;
    return [{ type: 'text', text: first }, ...second];
  }
  if (typeof second !== 'string') return mergeLists(toBlocks(first), second);
  if (second === '') return first;
  return [...first, { type: 'text', text: second }];
}

function sumDetails<T extends TokenDetails>(a: T | undefined, b: T | undefined): T | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const out: Record<string, number> = {};
  for (const key of Object.keys(a)) out[key] = (a[key] ?? 0) + (b[key] ?? 0);
  for (const key of Object.keys(b)) if (!(key in out)) out[key] = b[key] ?? 0;
  return out as T;
}

/** Sums two usage records (either may be missing). */
export function mergeUsage(
  a: UsageMetadata | undefined,
  b: UsageMetadata | undefined,
): UsageMetadata | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const inputTokenDetails = sumDetails(a.inputTokenDetails, b.inputTokenDetails);
  const outputTokenDetails = sumDetails(a.outputTokenDetails, b.outputTokenDetails);
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    ...(inputTokenDetails === undefined ? {} : { inputTokenDetails }),
    ...(outputTokenDetails === undefined ? {} : { outputTokenDetails }),
  };
}

/** Concatenates two lists, returning one of them when the other is empty. */
export function appendLists<T>(a: readonly T[], b: readonly T[]): readonly T[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...a, ...b];
}
