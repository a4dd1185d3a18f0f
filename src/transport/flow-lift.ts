/**
 * Keeps a run stream's pull-based flow control through a transport operator. @internal
 * @module
 */
import type { Observable } from 'rxjs';
import { OPEN_WITH_FLOW } from '../core/flow-control';
import type { FlowControl } from '../core/flow-control';

type Openable<T> = Observable<T> & {
  [OPEN_WITH_FLOW]?: (flow: FlowControl) => Observable<T>;
};

/**
 * Builds `build(source)`, and lets an async iterator (`toAsyncIterator`) open it under flow
 * control: the source is then opened with the iterator's flow, so an encoder one value in, one
 * frame out keeps backpressure reaching the model. @internal
 */
export function liftFlow<T, R>(
  source: Observable<T>,
  build: (source: Observable<T>, flow: FlowControl | undefined) => Observable<R>,
): Observable<R> {
  const out = build(source, undefined) as Openable<R>;
  const open = (source as Openable<T>)[OPEN_WITH_FLOW];
  Object.defineProperty(out, OPEN_WITH_FLOW, {
    value: (flow: FlowControl): Observable<R> =>
      build(typeof open === 'function' ? open.call(source, flow) : source, flow),
  });
  return out;
}
