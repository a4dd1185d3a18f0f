/**
 * RunnableAssign: the input object plus keys computed from it.
 * @module
 */
import { defer, merge } from 'rxjs';
import type { Observable } from 'rxjs';
import { RunnableParallel } from './parallel';
import { replayInput } from './replay-input';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import type { RunnableMapLike } from './runnable-like';

/**
 * Streams the input object's chunks through, and alongside them the chunks of the steps in
 * `mapping` as `{ [key]: chunk }`; the concatenated output is the input with the new keys.
 *
 * @example
 * ```ts
 * const step = new RunnableAssign({ upper: (x: { q: string }) => x.q.toUpperCase() });
 * await step.invoke({ q: 'hi' }); // { q: 'hi', upper: 'HI' }
 * ```
 */
export class RunnableAssign<
  I extends Record<string, unknown>,
  A extends Record<string, unknown>,
> extends Runnable<I, I & A> {
  readonly mapper: RunnableParallel<I, A>;

  constructor(mapping: RunnableMapLike<I, A>) {
    super();
    this.mapper = new RunnableParallel(mapping);
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<I & A> {
    return defer(() => {
      const shared$ = replayInput(input$);
      return merge(
        shared$ as Observable<I & A>,
        this.mapper.runTransform(shared$, ctx) as Observable<I & A>,
      );
    });
  }
}
