/**
 * RunnableSequence: steps in a row, each one's chunks flowing into the next.
 * @module
 */
import type { Observable, OperatorFunction } from 'rxjs';
import type { ChunkMode } from './chunk-mode';
import { RxRunnablesError } from './errors';
import { deriveContext } from './run-context';
import type { ForeignRunnableLike } from './foreign-runnable';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import { registry, required } from './runnable-internals';
import type { AnyRunnableLike, RunnableFunc, RunnableLike, RunnableMapLike } from './runnable-like';
import { keepClassName } from './class-name';

/**
 * Steps in a row. Each step subscribes to the previous one's output, so a chunk travels through
 * every step that can transform chunk by chunk before the first step has finished.
 *
 * @example
 * ```ts
 * const chain = RunnableSequence.from([prompt, model, new StringOutputParser()]);
 * ```
 */
export class RunnableSequence<I, O> extends Runnable<I, O> {
  readonly steps: readonly Runnable<unknown, unknown>[];
  /** Derived through the steps: a sequence ending in a snapshot parser outputs snapshots. */
  override readonly chunkMode: ChunkMode;

  constructor(steps: readonly Runnable<unknown, unknown>[]) {
    super();
    if (steps.length === 0) {
      throw new RxRunnablesError('INVALID_CONFIG', 'A RunnableSequence needs at least one step');
    }
    this.steps = steps;
    this.chunkMode = this.outputMode('concat');
  }

  /**
   * Builds a sequence from Runnables, functions, objects of them and LangChain runnables (any
   * object that implements LangChain's `RunnableInterface`).
   *
   * @example
   * ```ts
   * const seq = RunnableSequence.from<string, number>([(s: string) => s.length, (n: number) => n * 2]);
   * ```
   */
  static from<I = unknown, O = unknown>(
    steps: readonly [
      AnyRunnableLike | ForeignRunnableLike,
      ...(AnyRunnableLike | ForeignRunnableLike)[],
    ],
  ): RunnableSequence<I, O> {
    const coerce = required('coerce');
    return new RunnableSequence(
      steps.map((step) => coerce(step as RunnableLike<unknown, unknown>)),
    );
  }

  /** Each step's output mode, given the one before it. */
  override outputMode(inputMode: ChunkMode): ChunkMode {
    let mode = inputMode;
    for (const step of this.steps) mode = step.outputMode(mode);
    return mode;
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    let output$ = input$ as Observable<unknown>;
    if (ctx.events === undefined) {
      for (const step of this.steps) output$ = step.runTransform(output$, ctx);
    } else {
      // As in LangChain, each step's own events are tagged with its place.
      this.steps.forEach((step, i) => {
        output$ = step.runTransform(
          output$,
          deriveContext(ctx, { stepTags: [`seq:step:${i + 1}`] }),
        );
      });
    }
    return output$ as Observable<O>;
  }

  override pipe<N>(next: Runnable<O, N>): Runnable<I, N>;
  override pipe<N>(next: RunnableFunc<O, N>): Runnable<I, N>;
  override pipe<N>(next: OperatorFunction<O, N>): Runnable<I, N>;
  override pipe<N extends Record<string, unknown>>(next: RunnableMapLike<O, N>): Runnable<I, N>;
  override pipe(next: ForeignRunnableLike): Runnable<I, unknown>;
  override pipe<N>(next: RunnableLike<O, N>): Runnable<I, N>;
  override pipe<N>(
    next: RunnableLike<O, N> | ForeignRunnableLike | OperatorFunction<O, N>,
  ): Runnable<I, N> {
    const step = required('coerce')(next as RunnableLike<O, N>) as Runnable<unknown, unknown>;
    const more = step instanceof RunnableSequence ? step.steps : [step];
    return new RunnableSequence<I, N>([...this.steps, ...more]);
  }
}

registry.sequence = <I, M, O>(first: Runnable<I, M>, next: Runnable<M, O>): Runnable<I, O> => {
  const head = first as Runnable<unknown, unknown>;
  const tail = next as Runnable<unknown, unknown>;
  return new RunnableSequence<I, O>([
    ...(head instanceof RunnableSequence ? head.steps : [head]),
    ...(tail instanceof RunnableSequence ? tail.steps : [tail]),
  ]);
};

keepClassName(RunnableSequence, 'RunnableSequence');
