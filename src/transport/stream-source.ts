/**
 * What the serving helpers accept as a source: an Observable (a run stream) or an async iterable.
 * @internal
 * @module
 */
import { isObservable } from 'rxjs';
import type { Observable } from 'rxjs';
import { fromAsyncIterable } from '../core';
import { pullable } from './text-source';

/** A stream of values to serve: an Observable (what `stream()` returns) or an async iterable. */
export type StreamSource<T> = Observable<T> | AsyncIterable<T>;

/** The source as an Observable that an async iterator pulls (a generator is read on demand). @internal */
export function toSourceObservable<T>(source: StreamSource<T>): Observable<T> {
  if (isObservable(source)) return source as Observable<T>;
  return pullable((flow) => fromAsyncIterable(source, { flow }));
}
