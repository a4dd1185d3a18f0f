/**
 * RunnableLambda: a function as a step.
 * @module
 */
import { catchError, defer, from, mergeMap, of, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { collectThen } from './collect';
import { toRxRunnablesError } from './errors';
import { fromAsyncIterable, fromSyncIterator } from './from-async-iterable';
import type { RunContext } from './run-options';
import { isRunnable } from './brand';
import { Runnable } from './runnable';
import type { LambdaConfig, RunnableFunc } from './runnable-like';

type FuncKind = 'plain' | 'generator' | 'async-generator';

function kindOf(fn: (...args: never[]) => unknown): FuncKind {
  const tag = Object.getPrototypeOf(fn)?.[Symbol.toStringTag] as unknown;
  if (tag === 'GeneratorFunction') return 'generator';
  if (tag === 'AsyncGeneratorFunction') return 'async-generator';
  return 'plain';
}

/** What the function receives: the run signal (created only when read) and the context. */
class Config implements LambdaConfig {
  constructor(readonly context: RunContext) {}
  get signal(): AbortSignal {
    return this.context.signal;
  }
}

/**
 * A function as a step. Plain and async functions run once on the whole input and emit their
 * result; sync and async generator functions run once on the whole input and stream what they
 * yield; a function that returns a Runnable runs that Runnable on the same input.
 *
 * @example
 * ```ts
 * const words = RunnableLambda.from(function* (text: string) {
 *   for (const word of text.split(' ')) yield word + ' ';
 * });
 * ```
 */
export class RunnableLambda<I, O> extends Runnable<I, O> {
  private readonly kind: FuncKind;

  constructor(private readonly fn: RunnableFunc<I, O>) {
    super();
    this.kind = kindOf(fn);
    if (fn.name) this.name = fn.name;
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
    return collectThen(input$, (input) =>
      defer(() => this.call(input, ctx)).pipe(
        catchError((error: unknown) =>
          throwError(() => toRxRunnablesError(error, 'UNKNOWN', { step: this.name })),
        ),
      ),
    );
  }

  private call(input: I, ctx: RunContext): Observable<O> {
    const result = this.fn(input, new Config(ctx));
    if (this.kind === 'generator') return fromSyncIterator(result as Iterator<O>, ctx);
    if (this.kind === 'async-generator') return fromAsyncIterable(result as AsyncIterable<O>, ctx);
    const resolve = (value: unknown): Observable<O> =>
      isRunnable(value) ? (value as Runnable<I, O>).runTransform(of(input), ctx) : of(value as O);
    if (result instanceof Promise) return from(result).pipe(mergeMap(resolve));
    return resolve(result);
  }
}
