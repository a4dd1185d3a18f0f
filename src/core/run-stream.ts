/**
 * RunStream: what `stream()` and `streamEvents()` return — an Observable that is also an async
 * iterable, pulled when iterated.
 * @module
 */
import { Observable } from 'rxjs';
import { tagChunkMode } from './chunk-mode';
import type { ChunkMode } from './chunk-mode';
import { OPEN_WITH_FLOW } from './flow-control';
import type { FlowControl } from './flow-control';
import { toAsyncIterator } from './to-async-iterator';

/**
 * A cold Observable of a run's chunks (each subscription is one run) that is also async-iterable.
 * Subscribers are pushed chunks as they are produced; `for await` pulls, so the run's async
 * sources are read only as fast as the loop reads, and `break` cancels the run. It carries the
 * chunk mode of its values (`chunkMode`), which `accumulate()` honours.
 *
 * @example
 * ```ts
 * import { RunnableLambda } from 'rx-runnables';
 * const upper = RunnableLambda.from((s: string) => s.toUpperCase());
 * upper.stream('hi').subscribe(console.log); // push
 * for await (const chunk of upper.stream('hi')) console.log(chunk); // pull
 * ```
 */
export class RunStream<T> extends Observable<T> implements AsyncIterable<T> {
  constructor(
    private readonly open: (flow: FlowControl | undefined) => Observable<T>,
    readonly chunkMode: ChunkMode = 'concat',
  ) {
    super((subscriber) => open(undefined).subscribe(subscriber));
    tagChunkMode(this, chunkMode);
  }

  /** The run, with its sources paced by `flow`. @internal */
  [OPEN_WITH_FLOW](flow: FlowControl): Observable<T> {
    return this.open(flow);
  }

  /** Iterates the run, pulling (see {@link toAsyncIterator}). */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return toAsyncIterator(this);
  }
}
