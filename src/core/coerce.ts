/**
 * Turning a RunnableLike (function, object of steps, Runnable) into a Runnable.
 * @module
 */
import { RxRunnablesError } from './errors';
import './foreign-runnable';
import { RunnableLambda } from './lambda';
import { RunnableParallel } from './parallel';
import { Runnable } from './runnable';
import { registry } from './runnable-internals';
import type { RunnableFunc, RunnableLike, RunnableMapLike } from './runnable-like';

/**
 * A Runnable for anything accepted where a Runnable is: a Runnable as is, a function as a
 * {@link RunnableLambda}, a plain object of steps as a {@link RunnableParallel}.
 *
 * @example
 * ```ts
 * const step = coerceRunnable((s: string) => s.trim());
 * ```
 */
export function coerceRunnable<I, O>(like: RunnableLike<I, O>): Runnable<I, O> {
  if (like instanceof Runnable) return like;
  if (typeof like === 'function') return new RunnableLambda(like as RunnableFunc<I, O>);
  if (typeof like === 'object' && like !== null) {
    const adapted = registry.adapt?.(like);
    if (adapted) return adapted as Runnable<I, O>;
    return new RunnableParallel(
      like as RunnableMapLike<I, O & Record<string, unknown>>,
    ) as Runnable<I, O>;
  }
  throw new RxRunnablesError('INVALID_INPUT', `Cannot use ${String(like)} as a Runnable`);
}

registry.coerce = coerceRunnable;
