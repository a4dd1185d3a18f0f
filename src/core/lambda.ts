/**
 * RunnableLambda: a function as a step.
 * @module
 */
import { catchError, from, isObservable, mergeMap, of, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { collectThen } from './collect';
import { RxRunnablesError, toRxRunnablesError } from './errors';
import { fromAsyncIterable, fromSyncIterator } from './from-async-iterable';
import { lambdaConfig } from './parent-run';
import type { RunContext } from './run-options';
import { isRunnable } from './brand';
import { Runnable } from './runnable';
import type { RunnableFunc } from './runnable-like';
import { keepClassName } from './class-name';

type FuncKind = 'plain' | 'generator' | 'async-generator';

function kindOf(fn: (...args: never[]) => unknown): FuncKind {
  const tag = Object.getPrototypeOf(fn)?.[Symbol.toStringTag] as unknown;
  if (tag === 'GeneratorFunction') return 'generator';
  if (tag === 'AsyncGeneratorFunction') return 'async-generator';
  return 'plain';
}

/** What the function receives: the run signal (created only when read) and the context. */
const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { then?: unknown }).then === 'function';

/**
 * The values of a stream a function returned — an RxJS Observable, a `ReadableStream` or any
 * async iterable — as an Observable (pulled like any source of the run); undefined for a value.
 * @internal
 */
export function streamOf(value: unknown, ctx: RunContext): Observable<unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (isObservable(value)) return value;
  if (typeof (value as ReadableStream).getReader === 'function') {
    return fromAsyncIterable(readableValues(value as ReadableStream<unknown>), ctx);
  }
  if (typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    return fromAsyncIterable(value as AsyncIterable<unknown>, ctx);
  }
  return undefined;
}

/** A ReadableStream's values through its reader (not every runtime makes streams iterable). */
async function* readableValues<T>(stream: ReadableStream<T>): AsyncGenerator<T> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * The fields object LangChain's `new RunnableLambda({ func })` takes.
 *
 * @example
 * ```ts
 * const fields: RunnableLambdaFields<number, number> = { func: (n) => n + 1, name: 'inc' };
 * ```
 */
export interface RunnableLambdaFields<I, O> {
  /** The function (see {@link RunnableLambda}). */
  func: RunnableFunc<I, O>;
  /** The name reported in events (default: the function's name, else `RunnableLambda`). */
  name?: string;
}

/**
 * A function as a step. Plain and async functions run once on the whole input and emit their
 * result; sync and async generator functions run once on the whole input and stream what they
 * yield; a function that returns a Runnable runs that Runnable on the same input.
 * `new RunnableLambda({ func })`, as LangChain writes it, is the same as `RunnableLambda.from(func)`.
 *
 * @example
 * ```ts
 * const words = RunnableLambda.from(function* (text: string) {
 *   for (const word of text.split(' ')) yield word + ' ';
 * });
 * ```
 */
export class RunnableLambda<I, O> extends Runnable<I, O> {
  /** Streams its input: its start event reports no input below the root, as in LangChain. @internal */
  override readonly eventStartInput = 'none' as const;
  private readonly kind: FuncKind;
  private readonly fn: RunnableFunc<I, O>;

  /**
   * @param fn - the function, or LangChain's fields object `{ func, name? }`.
   */
  constructor(fn: RunnableFunc<I, O> | RunnableLambdaFields<I, O>) {
    super();
    const fields = typeof fn === 'function' ? { func: fn } : fn;
    if (typeof fields?.func !== 'function') {
      throw new RxRunnablesError('INVALID_CONFIG', 'RunnableLambda needs a function', {
        option: 'func',
      });
    }
    this.fn = fields.func;
    this.kind = kindOf(this.fn);
    const name = fields.name ?? this.fn.name;
    if (name) this.name = name;
  }

  /**
   * Wraps a function as a Runnable.
   *
   * @example
   * ```ts
   * const double = RunnableLambda.from((n: number) => n * 2);
   * ```
   */
  static from<I, O>(fn: RunnableFunc<I, O>): RunnableLambda<I, O> {
    return new RunnableLambda(fn);
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    // A throw from `call` (the function's own) errors the stream through collectThen.
    return collectThen(input$, (input) => this.call(input, ctx));
  }

  /** What the function threw, as a typed error naming this step. */
  private typed(error: unknown): RxRunnablesError {
    return toRxRunnablesError(error, 'UNKNOWN', { step: this.name });
  }

  /** `source$` with its errors typed; only streams the function made need it. */
  private typedErrors<T>(source$: Observable<T>): Observable<T> {
    return source$.pipe(catchError((error: unknown) => throwError(() => this.typed(error))));
  }

  private call(input: I, ctx: RunContext): Observable<O> {
    let result: ReturnType<RunnableFunc<I, O>>;
    try {
      result = this.fn(input, lambdaConfig(ctx));
    } catch (error) {
      throw this.typed(error);
    }
    if (this.kind === 'generator') {
      return this.typedErrors(fromSyncIterator(result as Iterator<O>, ctx));
    }
    if (this.kind === 'async-generator') {
      return this.typedErrors(fromAsyncIterable(result as AsyncIterable<O>, ctx));
    }
    const resolve = (value: unknown): Observable<O> => {
      if (isRunnable(value)) return (value as Runnable<I, O>).runTransform(of(input), ctx);
      const stream$ = streamOf(value, ctx) as Observable<O> | undefined;
      return stream$ === undefined ? of(value as O) : this.typedErrors(stream$);
    };
    if (isPromiseLike(result)) {
      const settled = Promise.resolve(result).catch((error: unknown) => {
        throw this.typed(error);
      });
      return from(settled).pipe(mergeMap(resolve));
    }
    return resolve(result);
  }
}

keepClassName(RunnableLambda, 'RunnableLambda');
