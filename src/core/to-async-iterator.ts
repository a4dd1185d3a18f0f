/**
 * Observable → AsyncIterableIterator, with cancellation on `break`/`return()`.
 * @module
 */
import type { Observable, Subscription } from 'rxjs';

/**
 * Consumes an Observable as an async iterator. Subscribes on the first `next()`, buffers chunks
 * that arrive before they are asked for, and unsubscribes (cancelling the run) when the loop
 * ends early through `break`, `return()` or `throw()`.
 *
 * @example
 * ```ts
 * for await (const chunk of toAsyncIterator(of(1, 2, 3))) console.log(chunk);
 * ```
 */
export function toAsyncIterator<T>(source: Observable<T>): AsyncIterableIterator<T> {
  let buffer: T[] = [];
  let head = 0;
  let done = false;
  let failed = false;
  let failure: unknown;
  let subscription: Subscription | undefined;
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let waitingReject: ((error: unknown) => void) | undefined;

  const settle = (): void => {
    const resolve = waiting;
    const reject = waitingReject;
    waiting = waitingReject = undefined;
    if (failed) reject?.(failure);
    else resolve?.({ value: undefined, done: true });
  };

  const start = (): void => {
    subscription = source.subscribe({
      next(value) {
        if (waiting) {
          const resolve = waiting;
          waiting = waitingReject = undefined;
          resolve({ value, done: false });
        } else {
          buffer.push(value);
        }
      },
      error(error: unknown) {
        done = true;
        failed = true;
        failure = error;
        settle();
      },
      complete() {
        done = true;
        settle();
      },
    });
  };

  const finish = (): void => {
    done = true;
    buffer = [];
    head = 0;
    subscription?.unsubscribe();
    subscription = undefined;
  };

  const iterator: AsyncIterableIterator<T> = {
    next(): Promise<IteratorResult<T>> {
      if (!subscription && !done) start();
      if (head < buffer.length) {
        const value = buffer[head++] as T;
        if (head === buffer.length) {
          buffer = [];
          head = 0;
        } else if (head > 1024 && head * 2 > buffer.length) {
          buffer = buffer.slice(head);
          head = 0;
        }
        return Promise.resolve({ value, done: false });
      }
      if (done) {
        if (failed) {
          failed = false;
          return Promise.reject(failure);
        }
        return Promise.resolve({ value: undefined, done: true });
      }
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        waiting = resolve;
        waitingReject = reject;
      });
    },
    return(): Promise<IteratorResult<T>> {
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown): Promise<IteratorResult<T>> {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
