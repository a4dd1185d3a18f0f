/**
 * RunnableParallel: several steps on the same input, at the same time.
 * @module
 */
import { defer, map, merge } from 'rxjs';
import type { Observable } from 'rxjs';
import { keyedMode } from './chunk-mode';
import type { ChunkMode } from './chunk-mode';
import { setOwn } from './concat';
import { deriveContext } from './run-context';
import type { RunContext } from './run-options';
import { Runnable } from './runnable';
import { required } from './runnable-internals';
import type { AnyRunnableLike, InputOf, OutputOf, RunnableMapLike } from './runnable-like';
import { replayInput } from './replay-input';
import { TurnGate } from './turn-gate';
import { keepClassName } from './class-name';

/**
 * Runs every branch on the same input concurrently (at most `maxConcurrency` at once) and streams
 * each branch's chunks as `{ [key]: chunk }`, so the concatenated output is `{ key: output }`.
 * A plain object of steps is coerced to it wherever a Runnable is accepted.
 *
 * @example
 * ```ts
 * const both = new RunnableParallel({ upper: (s: string) => s.toUpperCase(), len: (s: string) => s.length });
 * await both.invoke('abc'); // { upper: 'ABC', len: 3 }
 * ```
 */
export class RunnableParallel<I, O extends Record<string, unknown>> extends Runnable<I, O> {
  /** Streams its input: its start event reports no input below the root, as in LangChain. @internal */
  override readonly eventStartInput = 'none' as const;
  readonly branches: { readonly [K in keyof O]: Runnable<I, O[K]> };

  constructor(branches: RunnableMapLike<I, O>) {
    super();
    // LangChain's name for it (its RunnableParallel is a RunnableMap), in events and getName().
    if (new.target === RunnableParallel) this.name = 'RunnableMap';
    const coerce = required('coerce');
    const coerced = {} as { [K in keyof O]: Runnable<I, O[K]> };
    for (const key of Object.keys(branches) as (keyof O & string)[]) {
      setOwn(coerced as Record<string, unknown>, key, coerce(branches[key]));
    }
    this.branches = coerced;
  }

  /**
   * Builds a parallel step, inferring input and output types from the branches.
   *
   * @example
   * ```ts
   * const both = RunnableParallel.from({ n: (s: string) => s.length, s: (s: string) => s });
   * ```
   */
  static from<M extends { readonly [key: string]: AnyRunnableLike }>(
    branches: M,
  ): RunnableParallel<InputOf<M>, OutputOf<M>> {
    return new RunnableParallel(branches as unknown as RunnableMapLike<InputOf<M>, OutputOf<M>>);
  }

  /** `{ key: chunk }` objects whose keys add up each in its branch's mode. */
  override outputMode(inputMode: ChunkMode): ChunkMode {
    const modes: Record<string, ChunkMode> = {};
    for (const key of Object.keys(this.branches)) {
      setOwn(modes, key, (this.branches[key] as Runnable<I, unknown>).outputMode(inputMode));
    }
    return keyedMode(modes);
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    return defer(() => {
      const shared$ = replayInput(input$);
      const keys = Object.keys(this.branches);
      // With siblings, a branch takes turns (see TurnGate): a sync generator's chunks interleave.
      const gate = keys.length > 1 ? new TurnGate(ctx.flow) : undefined;
      const outputs = keys.map((key, index) => {
        const patch: { -readonly [K in keyof RunContext]?: RunContext[K] } = {};
        if (ctx.events !== undefined) patch.stepTags = [`map:key:${key}`];
        if (gate) patch.flow = gate.flowFor(index);
        const branchCtx = gate || ctx.events !== undefined ? deriveContext(ctx, patch) : ctx;
        return (this.branches[key] as Runnable<I, unknown>).runTransform(shared$, branchCtx).pipe(
          map((chunk) => {
            gate?.produced(index);
            return { [key]: chunk } as Partial<O> as O;
          }),
        );
      });
      return merge(...outputs, ctx.options.maxConcurrency ?? Infinity);
    });
  }
}

keepClassName(RunnableParallel, 'RunnableParallel');
