/**
 * RunnableBranch: the first step whose condition holds.
 * @module
 */
import { defer, of } from 'rxjs';
import type { Observable } from 'rxjs';
import { agreedMode } from './chunk-mode';
import type { ChunkMode } from './chunk-mode';
import { coerceRunnable } from './coerce';
import { collectThen } from './collect';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import type { RunnableLike } from './runnable-like';
import { keepClassName } from './class-name';

/** A condition and the step it selects. */
export type BranchCase<I, O> = readonly [RunnableLike<I, boolean>, RunnableLike<I, O>];

/**
 * Evaluates the conditions in order on the whole input and runs the step of the first that holds,
 * or the default step when none does. The chosen step streams.
 *
 * @example
 * ```ts
 * const route = RunnableBranch.from<string, string>([
 *   [(q) => q.includes('code'), codeChain],
 *   [(q) => q.includes('math'), mathChain],
 *   generalChain,
 * ]);
 * ```
 */
export class RunnableBranch<I, O> extends Runnable<I, O> {
  private readonly cases: readonly (readonly [Runnable<I, boolean>, Runnable<I, O>])[];
  private readonly fallback: Runnable<I, O>;

  constructor(cases: readonly BranchCase<I, O>[], fallback: RunnableLike<I, O>) {
    super();
    this.cases = cases.map(([test, step]) => [coerceRunnable(test), coerceRunnable(step)] as const);
    this.fallback = coerceRunnable(fallback);
  }

  /**
   * Builds a branch from `[condition, step]` pairs followed by the default step.
   *
   * @example
   * ```ts
   * RunnableBranch.from([[(n: number) => n > 0, () => 'positive'], () => 'not positive']);
   * ```
   */
  static from<I, O>(
    branches: readonly [...BranchCase<I, O>[], RunnableLike<I, O>],
  ): RunnableBranch<I, O> {
    const fallback = branches[branches.length - 1] as RunnableLike<I, O>;
    const cases = branches.slice(0, -1) as BranchCase<I, O>[];
    return new RunnableBranch(cases, fallback);
  }

  override outputMode(inputMode: ChunkMode): ChunkMode {
    void inputMode;
    const steps = [...this.cases.map(([, step]) => step), this.fallback];
    return agreedMode(steps.map((step) => step.outputMode('concat')));
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    return collectThen(input$, (input) => this.choose(input, 0, ctx));
  }

  private choose(input: I, index: number, ctx: RunContext): Observable<O> {
    const entry = this.cases[index];
    if (!entry) return defer(() => this.fallback.runTransform(of(input), ctx));
    const [test, step] = entry;
    return collectThen(test.runTransform(of(input), ctx), (holds) =>
      holds ? step.runTransform(of(input), ctx) : this.choose(input, index + 1, ctx),
    );
  }
}

keepClassName(RunnableBranch, 'RunnableBranch');
