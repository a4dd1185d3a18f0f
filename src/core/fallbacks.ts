/**
 * RunnableWithFallbacks: other steps to try when one fails (`withFallbacks`).
 * @module
 */
import type { Observable } from 'rxjs';
import { checkFallbackOptions, isOneOf, runAttempts } from './attempts';
import type { FallbackOptions } from './attempts';
import { coerceRunnable } from './coerce';
import { chunkModeOf } from './chunk-mode';
import type { ChunkMode } from './chunk-mode';
import { RxRunnablesError } from './errors';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import { registry } from './runnable-internals';
import type { RunnableLike } from './runnable-like';

/**
 * The steps to fall back to: a list, or LangChain's `{ fallbacks }` object (which may also hold
 * the {@link FallbackOptions}).
 */
export type FallbackSteps<I, O> =
  RunnableLike<I, O>[] | ({ readonly fallbacks: RunnableLike<I, O>[] } & FallbackOptions);

/**
 * Runs the first step; when it fails before its first chunk, the next one, and so on. Works for
 * `stream` and `astream` as well as `invoke`. The last failure is the one reported.
 *
 * @example
 * ```ts
 * const safe = new RunnableWithFallbacks(primaryModel, [backupModel]);
 * ```
 */
export class RunnableWithFallbacks<I, O> extends Runnable<I, O> {
  readonly runnables: readonly Runnable<I, O>[];
  override readonly chunkMode: ChunkMode;

  constructor(
    primary: Runnable<I, O>,
    fallbacks: RunnableLike<I, O>[],
    readonly options: FallbackOptions = {},
  ) {
    super();
    checkFallbackOptions(options);
    this.runnables = [primary, ...fallbacks.map((step) => coerceRunnable(step))];
    this.name = `${primary.name}WithFallbacks`;
    this.chunkMode = this.outputMode('concat');
  }

  /** The primary step's; snapshots of each attempt with `onMidStream: 'restart'`. */
  override outputMode(inputMode: ChunkMode): ChunkMode {
    if (this.options.onMidStream === 'restart') return 'snapshot';
    return (this.runnables[0] as Runnable<I, O>).outputMode(inputMode);
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    const { fallbackIf, onMidStream = 'error', exceptionsToHandle } = this.options;
    const attemptMode = (this.runnables[0] as Runnable<I, O>).outputMode(chunkModeOf(input$));
    return runAttempts(input$, {
      attemptMode,
      count: this.runnables.length,
      run: (index, shared$) => (this.runnables[index] as Runnable<I, O>).runTransform(shared$, ctx),
      shouldContinue: (error) =>
        (exceptionsToHandle === undefined || isOneOf(error, exceptionsToHandle)) &&
        (fallbackIf?.(error) ?? true),
      delayMs: () => 0,
      onMidStream,
    });
  }
}

registry.fallbacks = <I, O>(
  bound: Runnable<I, O>,
  steps: FallbackSteps<I, O>,
  options: FallbackOptions,
): Runnable<I, O> => {
  if (Array.isArray(steps)) return new RunnableWithFallbacks(bound, steps, options);
  const { fallbacks, ...inline } = (steps ?? {}) as { fallbacks?: unknown } & FallbackOptions;
  if (!Array.isArray(fallbacks)) {
    throw new RxRunnablesError(
      'INVALID_CONFIG',
      'withFallbacks takes a list of steps or { fallbacks: [...] }',
      { step: bound.name, option: 'fallbacks' },
    );
  }
  return new RunnableWithFallbacks(bound, fallbacks as RunnableLike<I, O>[], {
    ...inline,
    ...options,
  });
};
