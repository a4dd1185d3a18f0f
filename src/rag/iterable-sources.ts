/**
 * Observables over what an LLM's `stream`/`astream` may return: async iterables, sync iterables,
 * promises, observables. Internal to StreamingRAG.
 * @module
 */
import { Observable, from, isObservable } from 'rxjs';
import { fromAsyncIterable } from '../core';
import type { Subscription } from 'rxjs';

/** Schedules `fn` on a macrotask, so timers and I/O run before it. Returns a cancel function. */
function later(fn: () => void): () => void {
  if (typeof setImmediate === 'function') {
    const handle = setImmediate(fn);
    return () => clearImmediate(handle);
  }
  const handle = setTimeout(fn, 0);
  return () => clearTimeout(handle);
}

/**
 * Bridges a sync iterable without blocking the event loop between values: each `next()` runs in
 * its own macrotask (`setImmediate`, or `setTimeout(0)` outside Node), so timers, I/O and other
 * streams run between two tokens. Unsubscribing stops the pulls and calls `return()`. A single
 * `next()` that computes for long still runs on the main thread.
 *
 * @example
 * ```ts
 * fromSyncIterable(['a', 'b']).subscribe(console.log); // 'a', then 'b' a macrotask later
 * ```
 */
export function fromSyncIterable<T>(iterable: Iterable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let iterator: Iterator<T> | undefined;
    let closed = false;
    let cancel: () => void = () => undefined;
    const step = (): void => {
      try {
        iterator ??= iterable[Symbol.iterator]();
        const result = iterator.next();
        if (result.done) {
          closed = true;
          subscriber.complete();
          return;
        }
        subscriber.next(result.value);
      } catch (error) {
        closed = true;
        subscriber.error(error);
        return;
      }
      if (!closed) cancel = later(step);
    };
    cancel = later(step);
    return () => {
      cancel();
      if (closed) return;
      closed = true;
      try {
        iterator?.return?.();
      } catch {
        // The stream is ending anyway; an error while closing has nobody to go to.
      }
    };
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Closes a stream nobody will read (it arrived after the subscriber left). */
function discard(value: unknown): void {
  try {
    if (isAsyncIterable(value)) {
      value[Symbol.asyncIterator]()
        .return?.()
        .then(
          () => undefined,
          () => undefined,
        );
    } else if (isIterable(value)) {
      value[Symbol.iterator]().return?.();
    }
  } catch {
    // Closing is best effort: the caller has already gone.
  }
}

/** A promise of a stream (LangChain's `stream()` returns one); a late stream is closed unread. */
function fromPromisedStream(
  promise: PromiseLike<unknown>,
  onKind?: (kind: StreamResultKind) => void,
): Observable<unknown> {
  return new Observable<unknown>((subscriber) => {
    let closed = false;
    let inner: Subscription | undefined;
    promise.then(
      (value) => {
        if (closed) discard(value);
        else inner = streamResult$(value, onKind).subscribe(subscriber);
      },
      (error: unknown) => {
        if (!closed) subscriber.error(error);
      },
    );
    return () => {
      closed = true;
      inner?.unsubscribe();
    };
  });
}

/** How a stream result was consumed: natively asynchronous, or a bridged sync iterable. */
export type StreamResultKind = 'async' | 'sync';

/**
 * An Observable of the values in whatever a `stream`/`astream` call returned: an Observable, an
 * async iterable, a sync iterable (bridged by {@link fromSyncIterable}), a string (one value), or a
 * promise of one of these. `onKind` reports which it was. Anything else errors.
 *
 * @example
 * ```ts
 * streamResult$(llm.stream(prompt)).subscribe(console.log);
 * ```
 */
export function streamResult$(
  result: unknown,
  onKind?: (kind: StreamResultKind) => void,
): Observable<unknown> {
  if (isObservable(result)) {
    onKind?.('async');
    return result;
  }
  if (isAsyncIterable(result)) {
    onKind?.('async');
    return fromAsyncIterable(result);
  }
  if (typeof result === 'string') {
    onKind?.('async');
    return from([result]);
  }
  if (isPromiseLike(result)) return fromPromisedStream(result, onKind);
  if (isIterable(result)) {
    onKind?.('sync');
    return fromSyncIterable(result);
  }
  return new Observable<unknown>((subscriber) =>
    subscriber.error(
      new TypeError(
        `The LLM's stream returned ${result === null ? 'null' : typeof result}, not an Observable, an async iterable or an iterable`,
      ),
    ),
  );
}
