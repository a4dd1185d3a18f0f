/**
 * What is accepted wherever a Runnable is: a Runnable, a function, or an object of them.
 * @module
 */
import type { Runnable } from './runnable';
import type { RunContext } from './run-options';

/**
 * What a function step receives besides its input: the run's signal, tags, metadata and
 * `configurable`. Pass it on (`step.invoke(x, config)`, or `{ ...config, tags: [...] }`) and that
 * call runs as a child of the function's run: nested in events, cancelled with it.
 */
export interface LambdaConfig {
  readonly signal: AbortSignal;
  readonly context: RunContext;
  readonly tags?: string[];
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly configurable?: Readonly<Record<string, unknown>>;
}

/** A function step: sync, async, or a (sync or async) generator that streams its output. */
export type RunnableFunc<I, O> = (
  input: I,
  config: LambdaConfig,
) =>
  | O
  | Promise<O>
  | Runnable<I, O>
  | Promise<Runnable<I, O>>
  | Generator<O, unknown, undefined>
  | AsyncGenerator<O, unknown, undefined>;

/** An object whose values run in parallel on the same input: `{ a: stepA, b: stepB }`. */
export type RunnableMapLike<I, O> = { [K in keyof O]: RunnableLike<I, O[K]> };

/** Anything that can stand where a Runnable is expected. */
export type RunnableLike<I, O> =
  | Runnable<I, O>
  | RunnableFunc<I, O>
  | (O extends Record<string, unknown> ? RunnableMapLike<I, O> : never);

/** Any step, whatever its types (used to infer types from objects of steps). */
export type AnyRunnableLike =
  | Runnable<never, unknown>
  | ((input: never, config: LambdaConfig) => unknown)
  | { readonly [key: string]: AnyRunnableLike };

/** What a function step's return type streams: promises and Runnables unwrapped, generators' yields. */
export type UnwrapResult<R> =
  R extends Promise<infer P>
    ? UnwrapResult<P>
    : R extends Runnable<never, infer O>
      ? O
      : R extends Generator<infer Y, unknown, undefined>
        ? Y
        : R extends AsyncGenerator<infer Y, unknown, undefined>
          ? Y
          : R;

/** The output type of a step given as a RunnableLike. */
export type OutputOf<L> =
  L extends Runnable<never, infer O>
    ? O
    : L extends (input: never, config: LambdaConfig) => infer R
      ? UnwrapResult<R>
      : L extends { readonly [key: string]: AnyRunnableLike }
        ? { [K in keyof L]: OutputOf<L[K]> }
        : never;

/** The input type of a step given as a RunnableLike (`unknown` when it cannot be told). */
export type InputOf<L> =
  L extends Runnable<infer I, unknown>
    ? I
    : L extends (input: infer I, config: LambdaConfig) => unknown
      ? I
      : L extends { readonly [key: string]: AnyRunnableLike }
        ? InputOf<L[keyof L]>
        : unknown;
