// A step whose output is an object (an assign, a map) is a `Runnable<never, unknown>`, so it can
// open a `RunnableSequence.from([...])` as LangChain's "RunnablePassthrough can call .assign as
// the first step with proper typing" writes it.
import { describe, expectTypeOf, it } from 'vitest';
import { RunnableParallel, RunnablePassthrough, RunnableSequence } from '../../src/core';
import type { Runnable } from '../../src/core';

describe('steps with object outputs in lists of steps', () => {
  it('are Runnable<never, unknown>', () => {
    const assign = RunnablePassthrough.assign({ input: (i: { other: string }) => i.other });
    const map = RunnableParallel.from({ q: new RunnablePassthrough<string>(), c: async () => 'S' });
    expectTypeOf(assign).toMatchTypeOf<Runnable<never, unknown>>();
    expectTypeOf(map).toMatchTypeOf<Runnable<never, unknown>>();
  });

  it('open a RunnableSequence.from', () => {
    const chain = RunnableSequence.from([
      RunnablePassthrough.assign({ input: (i: { other: string }) => i.other }),
      (x: { other: string; input: string }) => x.input.length,
    ]);
    expectTypeOf(chain).toMatchTypeOf<Runnable<never, unknown>>();
  });

  it('still type-check their fallbacks', () => {
    const step = RunnablePassthrough.assign({ input: (i: { other: string }) => i.other });
    // @ts-expect-error a fallback must take the step's input and give its output
    step.withFallbacks([(n: number) => n]);
    step.withFallbacks({ fallbacks: [step] });
  });
});
