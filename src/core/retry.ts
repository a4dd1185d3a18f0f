/**
 * RunnableRetry: a step tried again when it fails (`withRetry`).
 * @module
 */
import { tap } from 'rxjs';
import type { Observable } from 'rxjs';
import { backoffDelay, checkRetryOptions, runAttempts } from './attempts';
import type { RetryOptions } from './attempts';
import type { RxRunnablesError } from './errors';
import { abortError, toRxRunnablesError } from './errors';
import type { ChunkMode } from './chunk-mode';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import type { BatchOptions } from './runnable';
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

  /** How many attempts in all (`attempts`, or LangChain's `stopAfterAttempt`; default 3). */
  private get attempts(): number {
    return this.options.attempts ?? this.options.stopAfterAttempt ?? 3;
  }

  /** The bound step's; snapshots of each attempt with `onMidStream: 'restart'`. */
  override outputMode(inputMode: ChunkMode): ChunkMode {
    return this.options.onMidStream === 'restart' ? 'snapshot' : this.bound.outputMode(inputMode);
  }

  /**
   * LangChain's batch retry: each pass runs the inputs still failing (only those), then
   * `onFailedAttempt` is called once with the pass's first failure (in input order) and that
   * input, and the next pass starts after the backoff delay. An input whose error is `ABORTED`
   * or refused by `retryIf` is not tried again. Without `returnExceptions` the batch rejects with
   * the first failure left; with it, failures stay in place.
   */
  override batch(inputs: I[], options?: BatchOptions & { returnExceptions?: false }): Promise<O[]>;
  override batch(
    inputs: I[],
    options: BatchOptions & { returnExceptions: true },
  ): Promise<(O | Error)[]>;
  override async batch(inputs: I[], options: BatchOptions = {}): Promise<(O | Error)[]> {
    const { backoff, retryIf, onFailedAttempt } = this.options;
    const attempts = this.attempts;
    const { returnExceptions, ...passOptions } = options;
    const results: (O | Error)[] = new Array<O | Error>(inputs.length);
    let pending = inputs.map((_, index) => index);
    for (let pass = 0; pending.length > 0; pass++) {
      const outputs = await this.bound.batch(
        pending.map((index) => inputs[index] as I),
        { ...passOptions, returnExceptions: true },
      );
      const failed: number[] = [];
      pending.forEach((index, at) => {
        results[index] = outputs[at] as O | Error;
        if (outputs[at] instanceof Error) failed.push(index);
      });
      const first = failed[0];
      if (first === undefined) break;
      const firstError = toRxRunnablesError(results[first]);
      onFailedAttempt?.(firstError, inputs[first]);
      pending =
        pass + 1 >= attempts
          ? []
          : failed.filter((index) => {
              const error = toRxRunnablesError(results[index]);
              return error.code !== 'ABORTED' && (retryIf?.(error, pass + 1) ?? true);
            });
      if (pending.length > 0) await wait(backoffDelay(backoff, pass, firstError), options.signal);
    }
    if (!returnExceptions) {
      const failure = results.find((result) => result instanceof Error);
      if (failure !== undefined) throw failure;
    }
    return results;
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    const { backoff, retryIf, onMidStream = 'error', onFailedAttempt } = this.options;
    const attempts = this.attempts;
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

/** Resolves after `ms`, or rejects with `ABORTED` (clearing its timer) when `signal` aborts. */
function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal.reason));
    const onAbort = (): void => {
      clearTimeout(timeout);
      reject(abortError(signal?.reason));
    };
    const timeout = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

registry.retry = <I, O>(bound: Runnable<I, O>, options: RetryOptions): Runnable<I, O> =>
  new RunnableRetry(bound, options);
