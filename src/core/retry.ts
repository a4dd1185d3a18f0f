/**
 * RunnableRetry: a step tried again when it fails (`withRetry`).
 * @module
 */
import type { Observable } from 'rxjs';
import { backoffDelay, runAttempts } from './attempts';
import type { RetryOptions } from './attempts';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import { registry } from './runnable-internals';

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
  override readonly chunkMode: 'concat' | 'snapshot';
  constructor(
    readonly bound: Runnable<I, O>,
    readonly options: RetryOptions = {},
  ) {
    super();
    this.chunkMode = bound.chunkMode;
    this.name = bound.name;
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    const { attempts = 3, backoff, retryIf, onMidStream = 'error' } = this.options;
    return runAttempts(input$, {
      count: attempts,
      run: (_index, shared$) => this.bound.runTransform(shared$, ctx),
      shouldContinue: (error, index) => retryIf?.(error, index + 1) ?? true,
      delayMs: (index, error) => backoffDelay(backoff, index, error),
      onMidStream,
    });
  }
}

registry.retry = <I, O>(bound: Runnable<I, O>, options: RetryOptions): Runnable<I, O> =>
  new RunnableRetry(bound, options);
