/**
 * The `accumulate()` operator: a chunk stream in, running totals out.
 * @module
 */
import type { OperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import { addChunkInMode, chunkModeOf } from '../core';
import type { ChunkMode } from '../core';

/** Options of {@link accumulate}. */
export interface AccumulateOptions {
  /** How the chunks add up (default: the mode the source carries, `'concat'` when none). */
  mode?: ChunkMode;
}

/**
 * Turns a stream of additive chunks into a stream of running totals: the n-th value out is the
 * first n chunks in added up in their chunk mode — concatenated, or for a stream of snapshots
 * (a JSON parser's, a restarting retry's) the latest one. An empty string after the first chunk
 * changes no total and emits nothing. The mode is the one the source carries
 * (`step.stream()` carries the step's) unless `options.mode` says otherwise. Errors and
 * completion pass through; unsubscribing unsubscribes the source.
 *
 * @example
 * ```ts
 * from(['Hel', 'lo', '!']).pipe(accumulate()).subscribe(console.log);
 * // 'Hel', 'Hello', 'Hello!'
 * model.stream('Hi').pipe(accumulate()); // AIMessageChunk totals, ready to render
 * ```
 */
export function accumulate<T>(options: AccumulateOptions = {}): OperatorFunction<T, T> {
  return (source) => {
    const mode = options.mode ?? chunkModeOf(source);
    return new Observable<T>((subscriber) => {
      let total: T | undefined;
      let started = false;
      return source.subscribe({
        next(chunk) {
          // An empty text chunk (a model's trailing '' after a parser) adds nothing: the total
          // stays as it is and is not emitted again.
          if (started && (chunk as unknown) === '' && mode !== 'snapshot') return;
          let next: T;
          try {
            next = started ? addChunkInMode(mode, total, chunk) : chunk;
          } catch (error) {
            subscriber.error(error);
            return;
          }
          started = true;
          total = next;
          subscriber.next(next);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
  };
}
