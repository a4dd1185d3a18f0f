/**
 * Runs a source once and replays what it produced to every reader, early and late.
 * @module
 */
import { Observable, isObservable } from 'rxjs';
import type { Subscribable, Unsubscribable } from 'rxjs';
import { abortError, fromAsyncIterable } from '../core';

/** A source read once: an Observable (or any subscribable) or an async iterable. */
export type OnceSource<T> = Observable<T> | Subscribable<T> | AsyncIterable<T>;

/** Any Observable, subscribable or async iterable as an Observable (async iterables are pulled). */
export function asObservable<T>(source: OnceSource<T>): Observable<T> {
  if (isObservable(source)) return source as Observable<T>;
  if (Symbol.asyncIterator in source) return fromAsyncIterable(source);
  return new Observable<T>((subscriber) => {
    const subscription = source.subscribe(subscriber);
    return () => subscription.unsubscribe();
  });
}

/** Where a {@link ReplayOnce} is: not started, running, ended, failed. */
export type ReplayState = 'idle' | 'running' | 'complete' | 'failed';

/**
 * Subscribes to the source when the first reader arrives and keeps every value, so each reader
 * (before, during or after the run) sees all of them in order. When every reader has left
 * before the end, the source is unsubscribed (its run cancelled) and the cache ends with an
 * `ABORTED` error: the source never runs twice.
 */
export class ReplayOnce<T> {
  readonly values: T[] = [];
  #state: ReplayState = 'idle';
  #error: unknown;
  readonly #source: Observable<T>;
  #subscription: Unsubscribable | undefined;
  readonly #readers = new Set<{
    next(value: T): void;
    error(error: unknown): void;
    complete(): void;
  }>();

  constructor(source: OnceSource<T>) {
    this.#source = asObservable(source);
  }

  get state(): ReplayState {
    return this.#state;
  }

  get error(): unknown {
    return this.#error;
  }

  /** Every value so far, then the live ones, then the end (or the error). */
  readonly observable: Observable<T> = new Observable<T>((subscriber) => {
    for (let i = 0; i < this.values.length && !subscriber.closed; i++) {
      subscriber.next(this.values[i] as T);
    }
    if (this.#state === 'complete') {
      subscriber.complete();
      return undefined;
    }
    if (this.#state === 'failed') {
      subscriber.error(this.#error);
      return undefined;
    }
    const reader = {
      next: (value: T) => subscriber.next(value),
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    };
    this.#readers.add(reader);
    if (this.#state === 'idle') this.#start();
    return () => {
      this.#readers.delete(reader);
      if (this.#readers.size === 0 && this.#state === 'running') this.#cancel();
    };
  });

  #start(): void {
    this.#state = 'running';
    const subscription = this.#source.subscribe({
      next: (value) => {
        this.values.push(value);
        for (const reader of [...this.#readers]) reader.next(value);
      },
      error: (error: unknown) => this.#end('failed', error),
      complete: () => this.#end('complete', undefined),
    });
    if (this.#state === 'running') this.#subscription = subscription;
  }

  #cancel(): void {
    const subscription = this.#subscription;
    this.#subscription = undefined;
    this.#state = 'failed';
    this.#error = abortError('The stream was cancelled before it ended (every reader left)', {
      partialOutput: [...this.values],
    });
    subscription?.unsubscribe();
  }

  #end(state: 'complete' | 'failed', error: unknown): void {
    if (this.#state !== 'running') return;
    this.#state = state;
    this.#error = error;
    this.#subscription = undefined;
    const readers = [...this.#readers];
    this.#readers.clear();
    for (const reader of readers) {
      if (state === 'complete') reader.complete();
      else reader.error(error);
    }
  }
}
