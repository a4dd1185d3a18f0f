/**
 * The `accumulate()` operator: a chunk stream in, running totals out.
 * @module
 */
import type { OperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import { concatChunks } from '../core';

/**
 * Turns a stream of additive chunks into a stream of running totals: the n-th value out is the
 * concatenation (with the concat protocol) of the first n chunks in. Errors and completion pass
 * through; unsubscribing unsubscribes the source.
 *
 * @example
 * ```ts
 * from(['Hel', 'lo', '!']).pipe(accumulate()).subscribe(console.log);
 * // 'Hel', 'Hello', 'Hello!'
 * model.stream('Hi').pipe(accumulate()); // AIMessageChunk totals, ready to render
 * ```
 */
export function accumulate<T>(): OperatorFunction<T, T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let total: T | undefined;
      let started = false;
      return source.subscribe({
        next(chunk) {
          let next: T;
          try {
            next = started ? concatChunks(total as T, chunk) : chunk;
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
}
