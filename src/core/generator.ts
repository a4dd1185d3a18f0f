/**
 * RunnableGenerator: a step written as an async generator over its input chunks.
 * @module
 */
import { catchError, defer, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { toRxRunnablesError } from './errors';
import { fromAsyncIterable } from './from-async-iterable';
import { lambdaConfig } from './parent-run';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import type { LambdaConfig } from './runnable-like';
import { toAsyncIterator } from './to-async-iterator';
import { keepClassName } from './class-name';

/** The function of a {@link RunnableGenerator}: input chunks in, output chunks out. */
export type GeneratorFunc<I, O> = (
  chunks: AsyncIterable<I>,
  config: LambdaConfig,
) => AsyncIterable<O>;

/**
 * A streaming step without subclassing: `fn` receives the input **chunks** as an async iterable
 * as they arrive and yields output chunks (Python LangChain's `RunnableGenerator`). Unlike a
 * generator function given to `RunnableLambda` — which runs once on the whole input — it
 * transforms chunk by chunk, so a pipe keeps streaming through it. Cancelling the run returns the
 * generator; its errors are typed with the step's name.
 *
 * @example
 * ```ts
 * import { RunnableGenerator, RunnableLambda } from 'rx-runnables';
 * const words = RunnableLambda.from(function* (_: string) {
 *   yield 'hello ';
 *   yield 'world';
 * });
 * const shout = RunnableGenerator.from(async function* (chunks: AsyncIterable<string>) {
 *   for await (const chunk of chunks) yield chunk.toUpperCase();
 * });
 * for await (const chunk of words.pipe(shout).stream('x')) console.log(chunk); // 'HELLO ', 'WORLD'
 * ```
 */
export class RunnableGenerator<I, O> extends Runnable<I, O> {
  constructor(private readonly fn: GeneratorFunc<I, O>) {
    super();
    if (fn.name) this.name = fn.name;
  }

  /**
   * Wraps an async generator function over the input chunks as a step.
   *
   * @example
   * ```ts
   * import { RunnableGenerator } from 'rx-runnables';
   * const lengths = RunnableGenerator.from(async function* (chunks: AsyncIterable<string>) {
   *   for await (const chunk of chunks) yield chunk.length;
   * });
   * ```
   */
  static from<I, O>(fn: GeneratorFunc<I, O>): RunnableGenerator<I, O> {
    return new RunnableGenerator(fn);
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    return defer(() =>
      fromAsyncIterable(this.fn(toAsyncIterator(input$), lambdaConfig(ctx)), ctx),
    ).pipe(
      catchError((error: unknown) =>
        throwError(() => toRxRunnablesError(error, 'UNKNOWN', { step: this.name })),
      ),
    );
  }
}

keepClassName(RunnableGenerator, 'RunnableGenerator');
