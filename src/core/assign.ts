/**
 * RunnableAssign: the input object plus keys computed from it.
 * @module
 */
import { defer, filter, map, merge } from 'rxjs';
import type { Observable } from 'rxjs';
import { keyedMode, modeOfKey } from './chunk-mode';
import type { ChunkMode } from './chunk-mode';
import { setOwn } from './concat';
import { RunnableParallel } from './parallel';
import { replayInput } from './replay-input';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import type { RunnableMapLike } from './runnable-like';

/**
 * Streams the input object's chunks through, and alongside them the chunks of the steps in
 * `mapping` as `{ [key]: chunk }`; the output is the input with the new keys. A key the mapping
 * assigns replaces the input's key of that name (the input's value under it is not passed on).
 *
 * @example
 * ```ts
 * import { RunnableAssign } from 'rx-runnables';
 * const step = new RunnableAssign({ upper: (x: { q: string }) => x.q.toUpperCase() });
 * await step.invoke({ q: 'hi' }); // { q: 'hi', upper: 'HI' }
 * ```
 */
export class RunnableAssign<
  I extends Record<string, unknown>,
  A extends Record<string, unknown>,
> extends Runnable<I, I & A> {
  /** Streams its input: its start event reports no input below the root, as in LangChain. @internal */
  override readonly eventStartInput = 'none' as const;
  readonly mapper: RunnableParallel<I, A>;
  private readonly assigned: ReadonlySet<string>;

  constructor(mapping: RunnableMapLike<I, A>) {
    super();
    this.mapper = new RunnableParallel(mapping);
    this.assigned = new Set(Object.keys(this.mapper.branches));
  }

  /** The input's keys add up as they did in the input, the assigned ones in their step's mode. */
  override outputMode(inputMode: ChunkMode): ChunkMode {
    const modes: Record<string, ChunkMode> = {};
    if (typeof inputMode !== 'string') {
      for (const key of Object.keys(inputMode.keys)) setOwn(modes, key, modeOfKey(inputMode, key));
    }
    for (const key of this.assigned)
      setOwn(modes, key, modeOfKey(this.mapper.outputMode(inputMode), key));
    return keyedMode(
      modes,
      typeof inputMode === 'string' ? inputMode : (inputMode.rest ?? 'concat'),
    );
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<I & A> {
    return defer(() => {
      const shared$ = replayInput(input$);
      const passed$ = shared$.pipe(
        map((chunk) => this.withoutAssigned(chunk)),
        filter((chunk): chunk is I => chunk !== undefined),
      );
      return merge(
        passed$ as Observable<I & A>,
        this.mapper.runTransform(shared$, ctx) as Observable<I & A>,
      );
    });
  }

  /** The chunk without the keys the mapping assigns; undefined when nothing is left. */
  private withoutAssigned(chunk: I): I | undefined {
    let clash = false;
    for (const key of this.assigned) {
      if (Object.hasOwn(chunk, key)) {
        clash = true;
        break;
      }
    }
    if (!clash) return chunk;
    const rest: Record<string, unknown> = {};
    let kept = false;
    for (const key of Object.keys(chunk)) {
      if (this.assigned.has(key)) continue;
      setOwn(rest, key, chunk[key]);
      kept = true;
    }
    return kept ? (rest as I) : undefined;
  }
}
