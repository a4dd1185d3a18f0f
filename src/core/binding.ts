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
import { registry } from './runnable-internals';
import { keepClassName } from './class-name';

/**
 * The bound step with options merged under each call's: tags add up (bound first), metadata and
 * `configurable` merge with the call's values winning (LangChain's precedence), `runName` renames
 * the step in events, and a bound `signal` or `timeoutMs` limits this step alone.
 * Transparent in events: the bound step reports them itself.
 *
 * @example
 * ```ts
 * const quick = new RunnableBinding(model, { timeoutMs: 10_000, tags: ['fast'] });
 * ```
 */
export class RunnableBinding<I, O> extends Runnable<I, O> {
  override readonly chunkMode: ChunkMode;
  override readonly eventKind: EventKind;
  constructor(
    readonly bound: Runnable<I, O>,
    readonly options: RunOptions,
  ) {
    super();
    this.chunkMode = bound.chunkMode;
    this.eventKind = bound.eventKind;
    this.name = options.runName ?? bound.name;
  }

  override outputMode(inputMode: ChunkMode): ChunkMode {
    return this.bound.outputMode(inputMode);
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    return this.runTransform(input$, ctx);
  }

  override runTransform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    const { signal, timeoutMs, ...rest } = this.options;
    // As in LangChain, the call's options win over the bound ones; bound tags come first.
    const child = deriveContext(ctx, { options: mergeOptions(rest, ctx.options) });
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
