/**
 * Late-bound constructors of the composition classes, so that `Runnable` (which every class
 * extends) does not import its own subclasses. Each composition module fills in its entry when
 * it loads; the core entry file loads them all, so every module that extends `Runnable` imports
 * it from the core entry (`'../core'`), never from `core/runnable` alone: a subpath loaded on its
 * own (`rx-runnables/json`) then finds `pipe` and the rest (test/dist/tree-shaking.test.ts).
 * Foreign runnables are not registered here: `coerceRunnable` calls `adaptForeignRunnable`.
 * @internal
 * @module
 */
import type { Runnable } from './runnable';
import type { RunnableLike } from './runnable-like';
import type { RunOptions } from './run-options';
import type { FallbackOptions, RetryOptions } from './attempts';
import type { FallbackSteps } from './fallbacks';

/** @internal */
export interface CompositionRegistry {
  coerce?: <I, O>(like: RunnableLike<I, O>) => Runnable<I, O>;
  sequence?: <I, M, O>(first: Runnable<I, M>, next: Runnable<M, O>) => Runnable<I, O>;
  bind?: <I, O>(bound: Runnable<I, O>, options: RunOptions) => Runnable<I, O>;
  retry?: <I, O>(bound: Runnable<I, O>, options: RetryOptions) => Runnable<I, O>;
  fallbacks?: <I, O>(
    bound: Runnable<I, O>,
    fallbacks: FallbackSteps<I, O>,
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
