/**
 * Creating and deriving run contexts; running a root step with its signal and deadline.
 * @module
 */
import { Observable, timer } from 'rxjs';
import type { Subscriber, TeardownLogic } from 'rxjs';
import { RxRunnablesError, abortError, toRxRunnablesError } from './errors';
import type { FlowControl } from './flow-control';
import { checkNumberOption, checkTimerMs } from './validate';
import type { RunEventSink } from './run-events';
import type { RunContext, RunOptions } from './run-options';

const NO_PARENTS: readonly string[] = Object.freeze([]);

/** The context of a root run. Its AbortController is created only if a step asks for `signal`. */
class RootContext implements RunContext {
  readonly parentIds = NO_PARENTS;
  private controller: AbortController | undefined;

  constructor(
    readonly options: RunOptions,
    readonly events: RunEventSink | undefined,
    readonly flow?: FlowControl,
    readonly whole?: boolean,
  ) {}

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  /** Aborts the signal, if a step asked for it; the reason is only built then. */
  abort(reason: () => unknown): void {
    if (this.controller && !this.controller.signal.aborted) this.controller.abort(reason());
  }
}

/**
 * A fresh root context, for running a step's transform directly (in tests of your own steps, or
 * in operators that embed a Runnable). `abort` is not exposed: unsubscribe instead.
 *
 * @example
 * ```ts
 * const ctx = createRunContext({ tags: ['test'] });
 * step.runTransform(of('input'), ctx).subscribe(console.log);
 * ```
 */
export function createRunContext(options: RunOptions = {}): RunContext {
  return new RootContext(options, undefined);
}

/**
 * A context like `ctx` with some fields replaced. The signal stays the parent's unless given.
 * @internal
 */
export function deriveContext(ctx: RunContext, patch: Partial<RunContext>): RunContext {
  const signal = patch.signal;
  return {
    get signal() {
      return signal ?? ctx.signal;
    },
    options: patch.options ?? ctx.options,
    events: 'events' in patch ? patch.events : ctx.events,
    runId: 'runId' in patch ? patch.runId : ctx.runId,
    parentIds: patch.parentIds ?? ctx.parentIds,
    stepTags: 'stepTags' in patch ? patch.stepTags : ctx.stepTags,
    flow: 'flow' in patch ? patch.flow : ctx.flow,
    whole: 'whole' in patch ? patch.whole : ctx.whole,
  };
}

/**
 * Merges `override` over `base`: tags add up (`base`'s first), metadata and `configurable` merge
 * key by key, and `override`'s other fields win.
 * @internal
 */
export function mergeOptions(base: RunOptions, override: RunOptions): RunOptions {
  const merged: RunOptions = { ...base, ...override };
  if (base.tags && override.tags) merged.tags = [...new Set([...base.tags, ...override.tags])];
  if (base.metadata && override.metadata)
    merged.metadata = { ...base.metadata, ...override.metadata };
  if (base.configurable && override.configurable)
    merged.configurable = { ...base.configurable, ...override.configurable };
  return merged;
}

/**
 * Subscribes `subscriber` to `source` under `signal` and `timeoutMs`: an abort errors the
 * subscriber with `ABORTED`, the deadline with `TIMEOUT`, any other error is typed
 * (`toRxRunnablesError`), and the teardown removes the listener, clears the timer and
 * unsubscribes the source. A `timeoutMs` that no timer can wait is `INVALID_CONFIG`.
 * @internal
 */
export function guard<T>(
  source: Observable<T>,
  subscriber: Subscriber<T>,
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
  step?: string,
): TeardownLogic {
  if (signal?.aborted) {
    subscriber.error(abortError(signal.reason, { step }));
    return undefined;
  }
  try {
    checkTimerMs('timeoutMs', timeoutMs);
  } catch (error) {
    subscriber.error(error);
    return undefined;
  }
  let onAbort: (() => void) | undefined;
  if (signal) {
    onAbort = () => subscriber.error(abortError(signal.reason, { step }));
    signal.addEventListener('abort', onAbort, { once: true });
  }
  const deadline =
    timeoutMs === undefined || timeoutMs === Infinity
      ? undefined
      : timer(timeoutMs).subscribe(() =>
          subscriber.error(
            new RxRunnablesError(
              'TIMEOUT',
              `The run did not finish within its timeout (${timeoutMs} ms)`,
              {
                step,
                timeoutMs,
              },
            ),
          ),
        );
  const subscription = source.subscribe({
    next: (value) => subscriber.next(value),
    error: (error: unknown) => subscriber.error(toRxRunnablesError(error)),
    complete: () => subscriber.complete(),
  });
  return () => {
    subscription.unsubscribe();
    deadline?.unsubscribe();
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  };
}

/**
 * Runs `start(ctx)` as a root run: one context per subscription, guarded by the options' signal
 * and deadline, and the context's own signal aborted when the run ends for any reason. `whole`
 * says the caller reads only the whole output (`invoke`).
 * @internal
 */
export function runRoot<T>(
  options: RunOptions,
  events: RunEventSink | undefined,
  start: (ctx: RunContext) => Observable<T>,
  flow?: FlowControl,
  whole?: boolean,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const ctx = new RootContext(options, events, flow, whole);
    const signal = options.signal;
    if (signal) flow?.watchSignal?.(signal, () => abortError(signal.reason));
    let source$: Observable<T>;
    try {
      checkNumberOption('maxConcurrency', options.maxConcurrency, {
        min: 1,
        integer: true,
        infinity: true,
      });
      source$ = start(ctx);
    } catch (error) {
      subscriber.error(toRxRunnablesError(error));
      return undefined;
    }
    const teardown = guard(source$, subscriber, options.signal, options.timeoutMs);
    return () => {
      if (typeof teardown === 'function') teardown();
      ctx.abort(() => abortError('The run ended'));
    };
  });
}
