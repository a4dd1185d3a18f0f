/**
 * What is accepted wherever a Runnable is: a Runnable, a function, or an object of them.
 * @module
 */
import type { Runnable } from './runnable';
import type { RunContext } from './run-options';

/** What a lambda function receives besides its input. */
export interface LambdaConfig {
  readonly signal: AbortSignal;
  readonly context: RunContext;
}

/** A function step: sync, async, or a (sync or async) generator that streams its output. */
export type RunnableFunc<I, O> = (
  input: I,
  config: LambdaConfig,
) => O | Promise<O> | Generator<O, unknown, undefined> | AsyncGenerator<O, unknown, undefined>;

/** An object whose values run in parallel on the same input: `{ a: stepA, b: stepB }`. */
export type RunnableMapLike<I, O> = { [K in keyof O]: RunnableLike<I, O[K]> };

/** Anything that can stand where a Runnable is expected. */
export type RunnableLike<I, O> =
  | Runnable<I, O>
  | RunnableFunc<I, O>
  | (O extends Record<string, unknown> ? RunnableMapLike<I, O> : never);
