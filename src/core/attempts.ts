/**
 * Shared machinery of `withRetry` and `withFallbacks`: trying attempts one after another.
 * @module
 */
import { Observable, Subscription, defer, timer } from 'rxjs';
import { addChunkInMode } from './chunk-mode';
import type { ChunkMode } from './chunk-mode';
import type { RxRunnablesError } from './errors';
import { toRxRunnablesError } from './errors';
import { replayInput } from './replay-input';
import { checkNumberOption, checkTimerMs } from './validate';
import { checkOptionNames } from './option-names';

const RETRY_OPTION_NAMES: ReadonlySet<string> = new Set([
  'attempts',
  'backoff',
  'retryIf',
  'onMidStream',
  'stopAfterAttempt',
  'onFailedAttempt',
]);

const FALLBACK_OPTION_NAMES: ReadonlySet<string> = new Set([
  'fallbackIf',
  'onMidStream',
  'exceptionsToHandle',
]);

/**
 * Throws `INVALID_CONFIG` for an unknown option name of `withFallbacks`.
 * @internal
 */
export function checkFallbackOptions(options: FallbackOptions): void {
  checkOptionNames(options, FALLBACK_OPTION_NAMES, 'withFallbacks');
}

/** True when `error` (or what it wraps) is an instance of one of `classes`. @internal */
export function isOneOf(
  error: RxRunnablesError,
  classes: readonly (abstract new (...args: never[]) => unknown)[],
): boolean {
  return classes.some((c) => error instanceof c || error.details.cause instanceof c);
}

/** What to do when an attempt fails after it has emitted chunks. */
export type MidStreamPolicy = 'error' | 'restart';

/** Exponential backoff between retries. */
export interface BackoffOptions {
  /** Delay before the second attempt (default 100 ms). */
  initialMs?: number;
  /** Each next delay is multiplied by this (default 2). */
  factor?: number;
  /** No delay is longer than this (default 10,000 ms). */
  maxMs?: number;
  /** Randomise each delay between 0 and its value ("full jitter"; default false). */
  jitter?: boolean;
}

/** Options of `withRetry`. */
export interface RetryOptions {
  /** How many attempts in all, the first included (default 3). */
  attempts?: number;
  /** Delay between attempts: backoff options, or a function of the attempt number (1-based) and the error. */
  backoff?: BackoffOptions | ((attempt: number, error: RxRunnablesError) => number);
  /** Retry only when this returns true (default: any error but `ABORTED`). */
  retryIf?: (error: RxRunnablesError, attempt: number) => boolean;
  /** LangChain's name for {@link RetryOptions.attempts}. */
  stopAfterAttempt?: number;
  /**
   * Called with each failure and the step's input (LangChain's hook). If it throws, retrying stops
   * and the run fails with what it threw.
   */
  onFailedAttempt?: (error: RxRunnablesError, input: unknown) => void;
  /**
   * After an attempt has emitted chunks: `'error'` (default) passes the error on; `'restart'`
   * starts a new attempt. With `'restart'` the step emits snapshots (its `chunkMode` is
   * `'snapshot'`): each chunk is the current attempt's output so far, so a restart shows as a
   * chunk that starts over, and `invoke` holds only the attempt that succeeded.
   */
  onMidStream?: MidStreamPolicy;
}

/** Options of `withFallbacks`. */
export interface FallbackOptions {
  /** Fall back only when this returns true (default: any error but `ABORTED`). */
  fallbackIf?: (error: RxRunnablesError) => boolean;
  /**
   * LangChain's filter: fall back only for errors that are instances of one of these classes
   * (the error itself, or the value it wraps as `cause`).
   */
  exceptionsToHandle?: readonly (abstract new (...args: never[]) => unknown)[];
  /** As in {@link RetryOptions.onMidStream}. */
  onMidStream?: MidStreamPolicy;
}

/** How a run of attempts behaves. @internal */
export interface AttemptPlan<I, O> {
  count: number;
  run(index: number, input$: Observable<I>): Observable<O>;
  shouldContinue(error: RxRunnablesError, index: number): boolean;
  delayMs(index: number, error: RxRunnablesError): number;
  onMidStream: MidStreamPolicy;
  /** Called on every failure; a throw ends the run with what it threw. */
  onFailure?: (error: RxRunnablesError, index: number) => void;
  /** How an attempt's chunks add up (for `'restart'`, which emits each attempt's totals). */
  attemptMode: ChunkMode;
}

/**
 * Runs attempt 0, and on failure the next attempt after its delay, while the plan allows it.
 * The input is read once and replayed to each attempt. `ABORTED` is never retried.
 * @internal
 */
export function runAttempts<I, O>(input$: Observable<I>, plan: AttemptPlan<I, O>): Observable<O> {
  return defer(() => {
    const shared$ = replayInput(input$);
    return new Observable<O>((subscriber) => {
      const subscriptions = new Subscription();
      const restarts = plan.onMidStream === 'restart';
      const start = (index: number): void => {
        let emitted = false;
        let total: O | undefined;
        subscriptions.add(
          plan.run(index, shared$).subscribe({
            next(chunk) {
              emitted = true;
              if (!restarts) {
                subscriber.next(chunk);
                return;
              }
              total = addChunkInMode(plan.attemptMode, total, chunk);
              subscriber.next(total);
            },
            error(raw: unknown) {
              const error = toRxRunnablesError(raw);
              let delay: number;
              try {
                // A throwing hook or predicate ends the run with what it threw.
                plan.onFailure?.(error, index);
                const last = index + 1 >= plan.count;
                const midStreamStop = emitted && plan.onMidStream !== 'restart';
                if (
                  last ||
                  midStreamStop ||
                  error.code === 'ABORTED' ||
                  !plan.shouldContinue(error, index)
                ) {
                  subscriber.error(raw);
                  return;
                }
                delay = plan.delayMs(index, error);
              } catch (thrown) {
                subscriber.error(thrown);
                return;
              }
              if (delay <= 0) start(index + 1);
              else subscriptions.add(timer(delay).subscribe(() => start(index + 1)));
            },
            complete: () => subscriber.complete(),
          }),
        );
      };
      start(0);
      return subscriptions;
    });
  });
}

/**
 * The delay after attempt `index` (0-based) under `backoff`; at least the `retryAfterMs` the
 * error asks for (a server's `Retry-After`), bounded by `maxMs`.
 * @internal
 */
export function backoffDelay(
  backoff: RetryOptions['backoff'],
  index: number,
  error: RxRunnablesError,
): number {
  const maxMs = typeof backoff === 'object' ? (backoff.maxMs ?? 10_000) : 10_000;
  const asked = error.details.retryAfterMs;
  const floor = typeof asked === 'number' && asked > 0 ? Math.min(asked, maxMs) : 0;
  if (typeof backoff === 'function') return Math.max(floor, backoff(index + 1, error));
  const { initialMs = 100, factor = 2, jitter = false } = backoff ?? {};
  const delay = Math.min(maxMs, initialMs * factor ** index);
  return Math.max(floor, jitter ? Math.random() * delay : delay);
}

/**
 * Throws `INVALID_CONFIG` naming the first option of `withRetry` that is out of range.
 * @internal
 */
export function checkRetryOptions(options: RetryOptions): void {
  checkOptionNames(options, RETRY_OPTION_NAMES, 'withRetry');
  checkNumberOption('attempts', options.attempts, { min: 1, integer: true });
  checkNumberOption('stopAfterAttempt', options.stopAfterAttempt, { min: 1, integer: true });
  const { backoff } = options;
  if (backoff !== undefined && typeof backoff !== 'function') {
    checkTimerMs('backoff.initialMs', backoff.initialMs);
    checkNumberOption('backoff.factor', backoff.factor);
    checkTimerMs('backoff.maxMs', backoff.maxMs);
  }
}
