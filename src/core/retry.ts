/**
 * RunnableRetry: a step tried again when it fails (`withRetry`).
 * @module
 */
import { tap } from 'rxjs';
import type { Observable } from 'rxjs';
import { backoffDelay, checkRetryOptions, runAttempts } from './attempts';
import type { RetryOptions } from './attempts';
import type { RxRunnablesError } from './errors';
import type { ChunkMode } from './chunk-mode';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import { registry } from './runnable-internals';
import { addChunkInMode, chunkModeOf, withChunkMode } from './chunk-mode';

/**
 * Retries the bound step with backoff when it fails before its first chunk, for `invoke`,
 * `stream` and `astream` alike (LangChain.js retries only `invoke`). After a chunk it errors,
 * unless `onMidStream: 'restart'`.
 *
 * @example
 * ```ts
 * const sturdy = new RunnableRetry(model, { attempts: 4, backoff: { initialMs: 250 } });
 * ```
 */
export class RunnableRetry<I, O> extends Runnable<I, O> {
  override readonly chunkMode: ChunkMode;
  constructor(
    readonly bound: Runnable<I, O>,
    readonly options: RetryOptions = {},
  ) {
    super();
    checkRetryOptions(options);
    this.chunkMode = this.outputMode('concat');
    this.name = bound.name;
  }

  /** The bound step's; snapshots of each attempt with `onMidStream: 'restart'`. */
  override outputMode(inputMode: ChunkMode): ChunkMode {
    return this.options.onMidStream === 'restart' ? 'snapshot' : this.bound.outputMode(inputMode);
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    const { backoff, retryIf, onMidStream = 'error', onFailedAttempt } = this.options;
    const attempts = this.options.attempts ?? this.options.stopAfterAttempt ?? 3;
    // The input, added up, for `onFailedAttempt` (only read when that hook is given).
    let input: I | undefined;
    const inputMode = chunkModeOf(input$);
    const read$ = onFailedAttempt
      ? withChunkMode(
          input$.pipe(tap((chunk) => (input = addChunkInMode(inputMode, input, chunk)))),
          inputMode,
        )
      : input$;
    const attemptMode = this.bound.outputMode(chunkModeOf(input$));
    return runAttempts(read$, {
      attemptMode,
      count: attempts,
      run: (_index, shared$) => this.bound.runTransform(shared$, ctx),
      shouldContinue: (error, index) => retryIf?.(error, index + 1) ?? true,
      ...(onFailedAttempt
        ? { onFailure: (error: RxRunnablesError) => onFailedAttempt(error, input) }
        : {}),
      delayMs: (index, error) => backoffDelay(backoff, index, error),
      onMidStream,
    });
  }
}

registry.retry = <I, O>(bound: Runnable<I, O>, options: RetryOptions): Runnable<I, O> =>
  new RunnableRetry(bound, options);
