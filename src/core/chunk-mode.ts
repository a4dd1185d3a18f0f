/**
 * Chunk modes: how the chunks of a stream add up, and how that travels with the stream.
 * @module
 */
import { Observable } from 'rxjs';
import { concatChunks, setOwn } from './concat';

/**
 * How the chunks of a stream add up to its value.
 * - `'concat'`: each chunk adds to the ones before (the concat protocol).
 * - `'snapshot'`: each chunk is the whole value so far; the value is the last chunk.
 * - `{ keys, rest }`: object chunks whose keys add up each in its own mode (`rest` for keys not
 *   listed, default `'concat'`): what `RunnableParallel` and `RunnablePassthrough.assign` emit when
 *   a branch emits snapshots.
 */
export type ChunkMode = 'concat' | 'snapshot' | KeyedChunkMode;

/** The chunk mode of object chunks whose keys add up each in its own mode. */
export interface KeyedChunkMode {
  readonly keys: Readonly<Record<string, ChunkMode>>;
  readonly rest?: ChunkMode;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Adds `chunk` to `total` in `mode`. `total` undefined (nothing yet) yields `chunk`.
 *
 * @example
 * ```ts
 * import { addChunkInMode } from 'rx-runnables';
 * addChunkInMode('concat', 'Hel', 'lo'); // 'Hello'
 * addChunkInMode('snapshot', { a: 'he' }, { a: 'hello' }); // { a: 'hello' }
 * ```
 */
export function addChunkInMode<T>(mode: ChunkMode, total: T | undefined, chunk: T): T {
  if (total === undefined) return chunk;
  if (mode === 'concat') return concatChunks(total, chunk);
  if (mode === 'snapshot') return chunk;
  if (!isPlainObject(total) || !isPlainObject(chunk)) return concatChunks(total, chunk);
  const out: Record<string, unknown> = { ...total };
  for (const key of Object.keys(chunk)) {
    const value = chunk[key];
    setOwn(
      out,
      key,
      Object.hasOwn(out, key) ? addChunkInMode(modeOfKey(mode, key), out[key], value) : value,
    );
  }
  return out as T;
}

/**
 * The mode in which the values under `key` of object chunks in `mode` add up.
 *
 * @example
 * ```ts
 * import { modeOfKey } from 'rx-runnables';
 * modeOfKey({ keys: { json: 'snapshot' } }, 'json'); // 'snapshot'
 * ```
 */
export function modeOfKey(mode: ChunkMode, key: string): ChunkMode {
  if (typeof mode === 'string') return mode;
  return (Object.hasOwn(mode.keys, key) ? mode.keys[key] : mode.rest) ?? 'concat';
}

/**
 * A keyed mode, or plain `'concat'` when every key concatenates (the fast, common case).
 *
 * @example
 * ```ts
 * import { keyedMode } from 'rx-runnables';
 * keyedMode({ a: 'concat' }); // 'concat'
 * keyedMode({ a: 'snapshot' }); // { keys: { a: 'snapshot' }, rest: 'concat' }
 * ```
 */
export function keyedMode(keys: Record<string, ChunkMode>, rest: ChunkMode = 'concat'): ChunkMode {
  const all = Object.keys(keys);
  if (all.every((key) => keys[key] === rest) && typeof rest === 'string') return rest;
  const copy: Record<string, ChunkMode> = Object.create(null) as Record<string, ChunkMode>;
  for (const key of all) copy[key] = keys[key] as ChunkMode;
  return { keys: copy, rest };
}

/**
 * The one mode of several streams that may each be the output (a branch's routes): theirs when
 * they agree, else `'concat'`. @internal
 */
export function agreedMode(modes: readonly ChunkMode[]): ChunkMode {
  const first = modes[0] ?? 'concat';
  return modes.every((mode) => mode === first) ? first : 'concat';
}

const MODE = Symbol.for('rx-runnables.chunk-mode');

type Tagged = { [MODE]?: ChunkMode };

/**
 * The chunk mode a stream carries (`'concat'` when it carries none).
 *
 * @example
 * ```ts
 * import { chunkModeOf } from 'rx-runnables';
 * import { JsonOutputParser } from 'rx-runnables/json';
 *
 * const parser = new JsonOutputParser();
 * chunkModeOf(parser.stream('{"a": 1}')); // 'snapshot'
 * ```
 */
export function chunkModeOf(source: Observable<unknown>): ChunkMode {
  return (source as Tagged)[MODE] ?? 'concat';
}

/**
 * `source` marked as carrying chunks in `mode`, so that whatever adds its chunks up downstream
 * (the next step, `invoke`, events, `accumulate()`) adds them up that way. Returns `source` itself
 * when it already carries that mode; never changes `source`.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { chunkModeOf, withChunkMode } from 'rx-runnables';
 * chunkModeOf(withChunkMode(of({ a: 1 }, { a: 2 }), 'snapshot')); // 'snapshot'
 * ```
 */
export function withChunkMode<T>(source: Observable<T>, mode: ChunkMode): Observable<T> {
  if (chunkModeOf(source) === mode) return source;
  const tagged = new Observable<T>((subscriber) => source.subscribe(subscriber));
  Object.defineProperty(tagged, MODE, { value: mode });
  return tagged;
}

/** Marks `target` (an Observable this module's caller just created) with `mode`. @internal */
export function tagChunkMode<T extends Observable<unknown>>(target: T, mode: ChunkMode): T {
  if (mode !== 'concat') Object.defineProperty(target, MODE, { value: mode });
  return target;
}
