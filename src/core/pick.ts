/**
 * RunnablePick: some keys of an object stream.
 * @module
 */
import { Observable } from 'rxjs';
import { keyedMode, modeOfKey } from './chunk-mode';
import type { ChunkMode } from './chunk-mode';
import { setOwn } from './concat';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';

/**
 * Keeps the named keys of each object chunk (chunks with none of them are dropped). With a
 * single key as a string, emits that key's value instead of an object.
 *
 * @example
 * ```ts
 * await new RunnablePick<{ a: number; b: number }, 'a'>('a').invoke({ a: 1, b: 2 }); // 1
 * await new RunnablePick(['a']).invoke({ a: 1, b: 2 }); // { a: 1 }
 * ```
 */
export class RunnablePick<I extends Record<string, unknown>, O = unknown> extends Runnable<I, O> {
  /** Streams its input: its start event reports no input below the root, as in LangChain. @internal */
  override readonly eventStartInput = 'none' as const;
  constructor(readonly keys: string | readonly string[]) {
    super();
  }

  /** The picked keys add up as they did in the input. */
  override outputMode(inputMode: ChunkMode): ChunkMode {
    if (typeof this.keys === 'string') return modeOfKey(inputMode, this.keys);
    if (typeof inputMode === 'string') return inputMode;
    const modes: Record<string, ChunkMode> = {};
    for (const key of this.keys) setOwn(modes, key, modeOfKey(inputMode, key));
    return keyedMode(modes, inputMode.rest);
  }

  protected transform(input$: Observable<I>, _ctx: RunContext): Observable<O> {
    const keys = this.keys;
    return new Observable<O>((subscriber) =>
      input$.subscribe({
        next(chunk) {
          if (typeof keys === 'string') {
            if (Object.hasOwn(chunk, keys)) subscriber.next(chunk[keys] as O);
            return;
          }
          let picked: Record<string, unknown> | undefined;
          for (const key of keys) {
            if (Object.hasOwn(chunk, key)) setOwn((picked ??= {}), key, chunk[key]);
          }
          if (picked) subscriber.next(picked as O);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
  }
}

/**
 * A {@link RunnablePick} for `keys`.
 *
 * @example
 * ```ts
 * const answerOnly = chain.pipe(pick('answer'));
 * ```
 */
export function pick<I extends Record<string, unknown>, O = unknown>(
  keys: string | readonly string[],
): RunnablePick<I, O> {
  return new RunnablePick<I, O>(keys);
}
