/**
 * Async iterable → Observable, for steps whose work is an async generator or a foreign stream.
 * @module
 */
import { Observable } from 'rxjs';
import { whenFlowReady } from './flow-control';
import type { RunContext } from './run-options';

/**
 * Pulls an async iterable one value at a time. Inside a run consumed by async iteration (pass the
 * step's `ctx`), it pulls the next value only while the consumer wants more, so backpressure
 * reaches the iterable (an HTTP body, a generator). Unsubscribing calls the iterator's `return()`
 * at once (closing an async generator or cancelling a ReadableStream reader), without waiting
 * for a pending `next()`.
 *
 * @example
 * ```ts
 * import { fromAsyncIterable } from 'rx-runnables';
 * async function* numbers() { yield 1; yield 2; }
 * fromAsyncIterable(numbers()).subscribe(console.log);
 * ```
 */
export function fromAsyncIterable<T>(
  iterable: AsyncIterable<T>,
  ctx?: Pick<RunContext, 'flow'>,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const flow = ctx?.flow;
    const iterator = iterable[Symbol.asyncIterator]();
    let closed = false;
    let cancelWait: () => void = () => undefined;
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
          if (!closed) cancelWait = whenFlowReady(flow, pull);
        },
        (error: unknown) => {
          if (closed) return;
          closed = true;
          subscriber.error(error);
        },
      );
    };
    cancelWait = whenFlowReady(flow, pull);
    return () => {
      cancelWait();
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

/**
 * Reads a synchronous iterator, pausing while the consumer of the run (if it pulls) wants no
 * more, so an endless generator read with `break` ends. @internal
 */
export function fromSyncIterator<T>(
  iterator: Iterator<T>,
  ctx?: Pick<RunContext, 'flow'>,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const flow = ctx?.flow;
    let finished = false;
    let cancelWait: () => void = () => undefined;
    const run = (): void => {
      for (;;) {
        if (subscriber.closed) return;
        if (flow !== undefined && !flow.ready) {
          cancelWait = flow.whenReady(run);
          return;
        }
        let step: IteratorResult<T>;
        try {
          step = iterator.next();
        } catch (error) {
          finished = true;
          subscriber.error(error);
          return;
        }
        if (step.done) {
          finished = true;
          subscriber.complete();
          return;
        }
        subscriber.next(step.value);
      }
    };
    run();
    return () => {
      cancelWait();
      if (!finished) iterator.return?.();
    };
  });
}
