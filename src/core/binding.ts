/**
 * RunnableBinding: a step with options bound (`withConfig`).
 * @module
 */
import { Observable } from 'rxjs';
import { deriveContext, guard, mergeOptions } from './run-context';
import type { ChunkMode } from './chunk-mode';
import type { EventKind } from './run-events';
import type { RunContext, RunOptions } from './run-options';
import { Runnable } from './runnable';
import { registry, required } from './runnable-internals';
import { isRunnable } from './brand';
import { RxRunnablesError } from './errors';
import type { ForeignRunnableLike } from './foreign-runnable';
import type { RunnableLike } from './runnable-like';
import { keepClassName } from './class-name';
import { withCallbacks } from './callbacks';

/**
 * The fields object LangChain's `new RunnableBinding({ bound, config })` takes; `bound` may be
 * any step (a LangChain runnable too).
 *
 * @example
 * ```ts
 * const fields: RunnableBindingFields<string, string> = { bound: parser, config: { tags: ['p'] } };
 * ```
 */
export interface RunnableBindingFields<I, O> {
  bound: Runnable<I, O> | ForeignRunnableLike;
  /** The options bound (LangChain's `config`). */
  config?: RunOptions;
  /** LangChain's bound call arguments: not supported (`INVALID_CONFIG` when not empty). */
  kwargs?: Record<string, unknown>;
}

/**
 * The bound step with options merged under each call's: tags add up (bound first), metadata and
 * `configurable` merge with the call's values winning (LangChain's precedence), `runName` renames
 * the step in events, and a bound `signal` or `timeoutMs` limits this step alone.
 * Transparent in events: the bound step reports them itself. Input chunks stream through the
 * bound step's transform. `new RunnableBinding({ bound, config })`, as LangChain writes it, works too.
 *
 * @example
 * ```ts
 * const quick = new RunnableBinding(model, { timeoutMs: 10_000, tags: ['fast'] });
 * ```
 */
export class RunnableBinding<I, O> extends Runnable<I, O> {
  override readonly chunkMode: ChunkMode;
  override readonly eventKind: EventKind;
  readonly bound: Runnable<I, O>;
  readonly options: RunOptions;

  /**
   * @param bound - the step, or LangChain's fields object `{ bound, config }`.
   * @param options - the options bound (with a step as first argument).
   */
  constructor(bound: Runnable<I, O> | RunnableBindingFields<I, O>, options: RunOptions = {}) {
    super();
    if (isRunnable(bound)) {
      this.bound = bound as Runnable<I, O>;
      this.options = options;
    } else {
      const { bound: step, config = {}, kwargs } = bound as RunnableBindingFields<I, O>;
      if (kwargs !== undefined && Object.keys(kwargs).length > 0) {
        throw new RxRunnablesError(
          'INVALID_CONFIG',
          'RunnableBinding takes no kwargs: bind call options with withConfig or config',
          { option: 'kwargs' },
        );
      }
      this.bound = required('coerce')(step as RunnableLike<I, O>);
      this.options = config;
    }
    this.chunkMode = this.bound.chunkMode;
    this.eventKind = this.bound.eventKind;
    this.name = this.options.runName ?? this.bound.name;
  }

  override outputMode(inputMode: ChunkMode): ChunkMode {
    return this.bound.outputMode(inputMode);
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    return this.runTransform(input$, ctx);
  }

  override runTransform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    const { signal: _signal, timeoutMs: _timeoutMs, callbacks, ...rest } = this.options;
    // As in LangChain, the call's options win over the bound ones; bound tags come first.
    const options = mergeOptions(rest, ctx.options);
    if (callbacks === undefined) return this.runBound(input$, deriveContext(ctx, { options }));
    // Bound handlers see this step and its children, besides the run's own.
    const run = withCallbacks({ callbacks }, ctx.events, ctx.whole === true);
    return run.guard(this.runBound(input$, deriveContext(ctx, { options, events: run.events })));
  }

  private runBound(input$: Observable<I>, child: RunContext): Observable<O> {
    const { signal, timeoutMs } = this.options;
    if (signal === undefined && timeoutMs === undefined)
      return this.bound.runTransform(input$, child);
    return new Observable<O>((subscriber) =>
      guard(this.bound.runTransform(input$, child), subscriber, signal, timeoutMs, this.name),
    );
  }

  override withConfig(options: RunOptions): Runnable<I, O> {
    return new RunnableBinding(this.bound, mergeOptions(this.options, options));
  }
}

registry.bind = <I, O>(bound: Runnable<I, O>, options: RunOptions): Runnable<I, O> =>
  new RunnableBinding(bound, options);

keepClassName(RunnableBinding, 'RunnableBinding');
