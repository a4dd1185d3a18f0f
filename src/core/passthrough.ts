/**
 * RunnablePassthrough: the input, unchanged, chunk by chunk.
 * @module
 */
import { Observable } from 'rxjs';
import { addChunkInMode, chunkModeOf } from './chunk-mode';
import { toRxRunnablesError } from './errors';
import { lambdaConfig } from './parent-run';
import type { LambdaConfig } from './runnable-like';
import { RunnableAssign } from './assign';
import type { ChunkMode } from './chunk-mode';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import type { RunnableMapLike } from './runnable-like';

/**
 * Passes its input through unchanged (streaming). `RunnablePassthrough.assign({...})` passes the
 * input object through and adds keys computed from it.
 *
 * @example
 * ```ts
 * const withLength = RunnablePassthrough.assign({ length: (x: { text: string }) => x.text.length });
 * await withLength.invoke({ text: 'abc' }); // { text: 'abc', length: 3 }
 * ```
 */
export class RunnablePassthrough<T> extends Runnable<T, T> {
  /** Streams its input: its start event reports no input below the root, as in LangChain. @internal */
  override readonly eventStartInput = 'none' as const;
  private readonly func: ((input: T, config: LambdaConfig) => unknown) | undefined;

  /**
   * With `{ func }`, as in LangChain, `func` is called with the whole input (a side effect: its
   * result is ignored, a promise is awaited) once the input is complete, before it completes.
   */
  constructor(options: { func?: (input: T, config: LambdaConfig) => unknown } = {}) {
    super();
    this.func = options.func;
  }

  /** Its chunks are its input's, so they add up the same way. */
  override outputMode(inputMode: ChunkMode): ChunkMode {
    return inputMode;
  }

  protected transform(input$: Observable<T>, ctx: RunContext): Observable<T> {
    const func = this.func;
    if (func === undefined) return input$;
    const mode = chunkModeOf(input$);
    return new Observable<T>((subscriber) => {
      let total: T | undefined;
      let seen = false;
      const fail = (error: unknown): void =>
        subscriber.error(toRxRunnablesError(error, 'UNKNOWN', { step: this.name }));
      return input$.subscribe({
        next(chunk) {
          total = addChunkInMode(mode, total, chunk);
          seen = true;
          subscriber.next(chunk);
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          if (!seen) {
            subscriber.complete();
            return;
          }
          try {
            Promise.resolve(func(total as T, lambdaConfig(ctx))).then(
              () => subscriber.complete(),
              fail,
            );
          } catch (error) {
            fail(error);
          }
        },
      });
    });
  }

  /**
   * The input object with extra keys, each computed by a step from the whole input.
   *
   * @example
   * ```ts
   * RunnablePassthrough.assign({ context: retriever });
   * ```
   */
  static assign<I extends Record<string, unknown>, A extends Record<string, unknown>>(
    mapping: RunnableMapLike<I, A>,
  ): RunnableAssign<I, A> {
    return new RunnableAssign(mapping);
  }
}
