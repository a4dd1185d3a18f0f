/**
 * Turning a RunnableLike (function, object of steps, Runnable) into a Runnable.
 * @module
 */
import { isRunnable } from './brand';
import { RxRunnablesError } from './errors';
import { adaptForeignRunnable } from './foreign-runnable';
import { RunnableLambda } from './lambda';
import { RunnableOperator, isRxOperator } from './operator';
import { RunnableParallel } from './parallel';
import type { OperatorFunction } from 'rxjs';
import type { Runnable } from './runnable';
import { registry } from './runnable-internals';
import type { RunnableFunc, RunnableLike, RunnableMapLike } from './runnable-like';

/**
 * A Runnable for anything accepted where a Runnable is: a Runnable as is (also one of another
 * copy of rx-runnables loaded in the same process, see {@link isRunnable}), a function as a
 * {@link RunnableLambda} (an RxJS operator as a {@link RunnableOperator}), a plain object of
 * steps as a {@link RunnableParallel}.
 *
 * @example
 * ```ts
 * const step = coerceRunnable((s: string) => s.trim());
 * ```
 */
export function coerceRunnable<I, O>(like: RunnableLike<I, O>): Runnable<I, O> {
  if (isRunnable(like)) return like as Runnable<I, O>;
  if (typeof like === 'function') {
    const fn = like as (...args: never[]) => unknown;
    if (isRxOperator(fn)) return new RunnableOperator(like as unknown as OperatorFunction<I, O>);
    return new RunnableLambda(like as RunnableFunc<I, O>);
  }
  if (typeof like === 'object' && like !== null) {
    const adapted = adaptForeignRunnable(like);
    if (adapted) return adapted as Runnable<I, O>;
    return new RunnableParallel(
      like as RunnableMapLike<I, O & Record<string, unknown>>,
    ) as Runnable<I, O>;
  }
  throw new RxRunnablesError('INVALID_INPUT', `Cannot use ${String(like)} as a Runnable`);
}

registry.coerce = coerceRunnable;
