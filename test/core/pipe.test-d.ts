import { describe, expectTypeOf, it } from 'vitest';
import { RunnableLambda, RunnableParallel, RunnableSequence } from '../../src/core';
import type { Runnable } from '../../src/core';

describe('pipe types', () => {
  it('infers input and output through a chain', () => {
    const chain = RunnableLambda.from((s: string) => s.length)
      .pipe((n: number) => n > 2)
      .pipe(async (b: boolean) => (b ? 'long' : 'short'));
    expectTypeOf(chain).toEqualTypeOf<Runnable<string, 'long' | 'short'>>();
    expectTypeOf(chain.invoke).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(chain.invoke('x')).resolves.toEqualTypeOf<'long' | 'short'>();
  });

  it('infers generator functions as streams of their yields', () => {
    const chain = RunnableLambda.from((s: string) => s).pipe(function* (s: string) {
      yield s.length;
    });
    expectTypeOf(chain).toEqualTypeOf<Runnable<string, number>>();
  });

  it('infers the record type of an object of steps', () => {
    const chain = RunnableLambda.from((s: string) => s).pipe({
      len: (s: string) => s.length,
      upper: (s: string) => s.toUpperCase(),
    });
    expectTypeOf(chain).toEqualTypeOf<Runnable<string, { len: number; upper: string }>>();
    const parallel = RunnableParallel.from({ n: (s: string) => Number(s) });
    expectTypeOf(parallel).toEqualTypeOf<RunnableParallel<string, { n: number }>>();
    expectTypeOf(parallel.invoke('1')).resolves.toEqualTypeOf<{ n: number }>();
  });

  it('rejects a step whose input does not match the previous output', () => {
    const first = RunnableLambda.from((s: string) => s.length);
    // @ts-expect-error a number does not flow into a step that takes a string
    first.pipe((s: string) => s.toUpperCase());
  });

  it('RunnableSequence.from takes the declared types', () => {
    const seq = RunnableSequence.from<string, number>([(s: string) => s.length]);
    expectTypeOf(seq.invoke).returns.toEqualTypeOf<Promise<number>>();
  });
});

describe('pipe into a foreign (LangChain-shaped) runnable', () => {
  it('type-checks and yields unknown output', () => {
    const foreign = {
      lc_runnable: true,
      invoke: async (input: string) => input,
      stream: async (input: string) => [input],
    };
    const chain = RunnableLambda.from((s: string) => s).pipe(foreign);
    expectTypeOf(chain).toEqualTypeOf<Runnable<string, unknown>>();
  });
});
