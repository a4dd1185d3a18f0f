/**
 * Nested runs: the config a function step receives, passed on to `invoke`/`stream` of another
 * step, makes that call a child of the function's run (LangChain's `config` habit).
 * @module
 */
import { Observable } from 'rxjs';
import { deriveContext, guard, mergeOptions } from './run-context';
import type { RunContext, RunOptions } from './run-options';
import type { LambdaConfig } from './runnable-like';

const PARENT = Symbol.for('rx-runnables.parent-run');

/**
 * The config a function step receives: the run's signal, tags, metadata and `configurable`, and
 * (under a symbol that survives `{ ...config }`) the run itself, so that
 * `step.invoke(x, config)` inside the function runs as its child.
 */
class Config implements LambdaConfig {
  readonly [PARENT]: RunContext;
  readonly tags: string[] | undefined;
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
  readonly configurable: Readonly<Record<string, unknown>> | undefined;

  constructor(readonly context: RunContext) {
    this[PARENT] = context;
    this.tags = context.options.tags;
    this.metadata = context.options.metadata;
    this.configurable = context.options.configurable;
  }

  /** The run's signal (created when first read). */
  get signal(): AbortSignal {
    return this.context.signal;
  }
}

/** The config handed to a function step running in `ctx`. @internal */
export function lambdaConfig(ctx: RunContext): LambdaConfig {
  return new Config(ctx);
}

/** The run a call's options name as its parent (a function step's config), if any. @internal */
export function parentRunOf(options: RunOptions): RunContext | undefined {
  return (options as { [PARENT]?: RunContext })[PARENT];
}

/**
 * Runs `run(ctx)` as a child of `parent`: its events nest under the parent step, and the run's
 * signal, deadline, tags, metadata and `configurable` reach it; options given with the config
 * (`{ ...config, tags: ['x'] }`) add to them. `whole` is the child call's own (`invoke` or not).
 * @internal
 */
export function runNested<T>(
  parent: RunContext,
  options: RunOptions,
  run: (ctx: RunContext) => Observable<T>,
  whole = false,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const { signal, timeoutMs, ...rest } = options as RunOptions & { context?: unknown };
    delete (rest as { context?: unknown }).context;
    const ctx = deriveContext(parent, { options: mergeOptions(parent.options, rest), whole });
    const ownSignal = signal !== undefined && signal !== parent.signal ? signal : undefined;
    return guard(run(ctx), subscriber, ownSignal, timeoutMs);
  });
}
