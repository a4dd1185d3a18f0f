/**
 * Observable → AsyncIterableIterator: pulls as the consumer reads, cancels on `break`.
 * @module
 */
import type { Observable, Subscription } from 'rxjs';
import { OPEN_WITH_FLOW } from './flow-control';
import type { FlowControl } from './flow-control';

/** Options of {@link toAsyncIterator}. */
export interface AsyncIteratorOptions {
  /**
   * How many chunks may wait, produced but not yet read, before the run's async sources pause
   * (default 4). Applies to run streams (`stream()`, `streamEvents()`); other Observables push.
   */
  highWaterMark?: number;
}

interface Pending<T> {
  resolve(result: IteratorResult<T>): void;
  reject(error: unknown): void;
}

type Openable<T> = Observable<T> & {
  [OPEN_WITH_FLOW]?: (flow: FlowControl) => Observable<T>;
};

const DONE: IteratorResult<never> = Object.freeze({ value: undefined, done: true }) as never;

/**
 * Consumes an Observable as an async iterator that behaves like a native async generator:
 * calls to `next()` settle in order, `return()`/`throw()` settle the calls still pending, and
 * `break` unsubscribes (cancelling the run). A run stream (what `stream()` and `streamEvents()`
 * return) is pulled: its async sources produce only while fewer than `highWaterMark` chunks
 * wait unread, so backpressure reaches them (an HTTP body, a generator).
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { toAsyncIterator } from 'rx-runnables';
 * for await (const chunk of toAsyncIterator(of(1, 2, 3))) console.log(chunk);
 * ```
 */
export function toAsyncIterator<T>(
  source: Observable<T>,
  options: AsyncIteratorOptions = {},
): AsyncIterableIterator<T> {
  const highWaterMark = Math.max(1, options.highWaterMark ?? 4);
  let buffer: T[] = [];
  let head = 0;
  const pending: Pending<T>[] = [];
  let state = 'idle' as 'idle' | 'running' | 'done';
  let failed = false;
  let failure: unknown;
  let subscription: Subscription | undefined;
  let resumers: (() => void)[] = [];
  // The run's signal (see FlowControl.watchSignal) and whether the end was read.
  let watched: { signal: AbortSignal; error: () => unknown } | undefined;
  let ended = false;

  const buffered = (): number => buffer.length - head;
  const flow: FlowControl = {
    get ready() {
      return state === 'running' && buffered() < highWaterMark;
    },
    whenReady(resume) {
      resumers.push(resume);
      return () => {
        resumers = resumers.filter((r) => r !== resume);
      };
    },
    watchSignal(signal, error) {
      watched = { signal, error };
    },
  };
  const release = (): void => {
    while (resumers.length > 0 && flow.ready) {
      const resume = resumers.shift() as () => void;
      resume();
    }
  };

  const settleAll = (): void => {
    while (pending.length > 0) {
      const waiter = pending.shift() as Pending<T>;
      ended = true;
      if (failed) {
        failed = false;
        waiter.reject(failure);
      } else {
        waiter.resolve(DONE);
      }
    }
  };

  const start = (): void => {
    state = 'running';
    const open = (source as Openable<T>)[OPEN_WITH_FLOW];
    const observable = typeof open === 'function' ? open.call(source, flow) : source;
    const sub = observable.subscribe({
      next(value) {
        const waiter = pending.shift();
        if (waiter) waiter.resolve({ value, done: false });
        else buffer.push(value);
      },
      error(error: unknown) {
        state = 'done';
        failed = true;
        failure = error;
        resumers = [];
        settleAll();
      },
      complete() {
        state = 'done';
        resumers = [];
        settleAll();
      },
    });
    // A source that ended synchronously has nothing left to release.
    if ((state as string) === 'done') sub.unsubscribe();
    else subscription = sub;
  };

  const finish = (): void => {
    state = 'done';
    ended = true;
    failed = false;
    buffer = [];
    head = 0;
    resumers = [];
    const sub = subscription;
    subscription = undefined;
    settleAll();
    sub?.unsubscribe();
  };

  const take = (): T => {
    const value = buffer[head++] as T;
    if (head === buffer.length) {
      buffer = [];
      head = 0;
    } else if (head > 1024 && head * 2 > buffer.length) {
      buffer = buffer.slice(head);
      head = 0;
    }
    return value;
  };

  const iterator: AsyncIterableIterator<T> = {
    next(): Promise<IteratorResult<T>> {
      if (state === 'idle') start();
      // Aborted before the end was read: the read fails, with the run's own failure if it has
      // one (the abort it saw), chunks still unread or not.
      if (watched?.signal.aborted && !ended) {
        const error = state === 'done' && failed ? failure : watched.error();
        finish();
        return Promise.reject(error);
      }
      if (buffered() > 0) {
        const result = Promise.resolve({ value: take(), done: false });
        release();
        return result;
      }
      if (state === 'done') {
        ended = true;
        if (failed) {
          failed = false;
          return Promise.reject(failure);
        }
        return Promise.resolve(DONE);
      }
      const promise = new Promise<IteratorResult<T>>((resolve, reject) => {
        pending.push({ resolve, reject });
      });
      release();
      return promise;
    },
    return(value?: unknown): Promise<IteratorResult<T>> {
      finish();
      return Promise.resolve({ value: value as T, done: true });
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
