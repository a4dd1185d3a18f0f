/**
 * Late-bound constructors of the composition classes, so that `Runnable` (which every class
 * extends) does not import its own subclasses. Each composition module fills in its entry when
 * it loads; the core entry file loads them all.
 * @internal
 * @module
 */
import type { Runnable } from './runnable';
import type { RunnableLike } from './runnable-like';
import type { RunOptions } from './run-options';
import type { FallbackOptions, RetryOptions } from './attempts';

/** @internal */
export interface CompositionRegistry {
  /** Adapts a foreign runnable (LangChain's, for one) or returns undefined. */
  adapt?: (value: object) => Runnable<unknown, unknown> | undefined;
  coerce?: <I, O>(like: RunnableLike<I, O>) => Runnable<I, O>;
  sequence?: <I, M, O>(first: Runnable<I, M>, next: Runnable<M, O>) => Runnable<I, O>;
  bind?: <I, O>(bound: Runnable<I, O>, options: RunOptions) => Runnable<I, O>;
  retry?: <I, O>(bound: Runnable<I, O>, options: RetryOptions) => Runnable<I, O>;
  fallbacks?: <I, O>(
    bound: Runnable<I, O>,
    fallbacks: RunnableLike<I, O>[],
    options: FallbackOptions,
  ) => Runnable<I, O>;
}

/** @internal */
export const registry: CompositionRegistry = {};

/** @internal */
export function required<K extends keyof CompositionRegistry>(
  key: K,
): NonNullable<CompositionRegistry[K]> {
  const entry = registry[key];
  if (!entry) throw new Error(`rx-runnables: composition '${key}' is not loaded`);
  return entry;
}
