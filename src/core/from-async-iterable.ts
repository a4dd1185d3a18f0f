/**
 * Async iterable → Observable, for steps whose work is an async generator or a foreign stream.
 * @module
 */
import { Observable } from 'rxjs';

/**
 * Pulls an async iterable one value at a time. Unsubscribing calls the iterator's `return()` at
 * once (closing an async generator or cancelling a ReadableStream reader), without waiting for a
 * pending `next()`.
 *
 * @example
 * ```ts
 * fromAsyncIterable(model.astream(prompt)).subscribe(console.log);
 * ```
 */
export function fromAsyncIterable<T>(iterable: AsyncIterable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const iterator = iterable[Symbol.asyncIterator]();
    let closed = false;
    const pull = (): void => {
      iterator.next().then(
        (result) => {
          if (closed) return;
          if (result.done) {
            closed = true;
            subscriber.complete();
            return;
          }
          subscriber.next(result.value);
          if (!closed) pull();
        },
        (error: unknown) => {
          if (closed) return;
          closed = true;
          subscriber.error(error);
        },
      );
    };
    pull();
    return () => {
      if (closed) return;
      closed = true;
      // A generator that is suspended in an await resolves return() when it gets there.
      iterator.return?.().then(
        () => undefined,
        () => undefined,
      );
    };
  });
}
