/**
 * RunnableOperator: an RxJS operator as a step.
 * @module
 */
import { catchError, throwError } from 'rxjs';
import type { Observable, OperatorFunction } from 'rxjs';
import { toRxRunnablesError } from './errors';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import { keepClassName } from './class-name';

/**
 * An RxJS `OperatorFunction` as a step: it receives the input chunk stream and its output is the
 * step's, so `map`, `filter`, `scan`, `bufferTime`, … transform a pipe chunk by chunk. `pipe()`
 * accepts an operator directly (`chain.pipe(map((s: string) => s.trim()))`): RxJS's operators are
 * recognised and wrapped in this class; a home-made `(source) => source.pipe(…)` function needs
 * `RunnableOperator.from` (a plain function is a lambda over the whole input). Errors are typed
 * with the step's name; unsubscribing cancels as usual.
 *
 * @example
 * ```ts
 * import { map } from 'rxjs';
 * import { RunnableLambda, RunnableOperator } from 'rx-runnables';
 * const words = RunnableLambda.from(function* (_: string) {
 *   yield 'a';
 *   yield 'b';
 * });
 * await words.pipe(map((s: string) => s.toUpperCase())).invoke('x'); // 'AB'
 * await words.pipe(RunnableOperator.from(map((s: string) => s + '!'))).invoke('x'); // 'a!b!'
 * ```
 */
export class RunnableOperator<I, O> extends Runnable<I, O> {
  constructor(private readonly operator: OperatorFunction<I, O>) {
    super();
  }

  /**
   * Wraps an operator (or any `(source$) => Observable` function) as a step.
   *
   * @example
   * ```ts
   * import { filter } from 'rxjs';
   * import { RunnableOperator } from 'rx-runnables';
   * const nonEmpty = RunnableOperator.from(filter((s: string) => s.length > 0));
   * ```
   */
  static from<I, O>(operator: OperatorFunction<I, O>): RunnableOperator<I, O> {
    return new RunnableOperator(operator);
  }

  protected transform(input$: Observable<I>, _ctx: RunContext): Observable<O> {
    let output$: Observable<O>;
    try {
      output$ = this.operator(input$);
    } catch (error) {
      return throwError(() => toRxRunnablesError(error, 'UNKNOWN', { step: this.name }));
    }
    return output$.pipe(
      catchError((error: unknown) =>
        throwError(() => toRxRunnablesError(error, 'UNKNOWN', { step: this.name })),
      ),
    );
  }
}

/**
 * True for a function made by an RxJS operator (`map(…)`, `filter(…)`, `pipe(…)` of them): they
 * call `source.lift` or compose operators, which no step function does.
 * @internal
 */
export function isRxOperator(fn: (...args: never[]) => unknown): boolean {
  if (fn.length !== 1) return false;
  const text = Function.prototype.toString.call(fn);
  return /\.lift\(|pipeFromArray/.test(text);
}

keepClassName(RunnableOperator, 'RunnableOperator');
