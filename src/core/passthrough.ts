/**
 * RunnablePassthrough: the input, unchanged, chunk by chunk.
 * @module
 */
import type { Observable } from 'rxjs';
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
  /** Its chunks are its input's, so they add up the same way. */
  override outputMode(inputMode: ChunkMode): ChunkMode {
    return inputMode;
  }

  protected transform(input$: Observable<T>, _ctx: RunContext): Observable<T> {
    return input$;
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
