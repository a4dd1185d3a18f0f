// A failing step in streamEvents v2: LangChain throws; we report on_*_error events first.
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { RunnableLambda, RxRunnablesError } from '../../src/core';
import type { RunEvent } from '../../src/core';
import { comparable } from './events-support';

async function until<T>(events: AsyncIterable<T>): Promise<{ seen: T[]; error: unknown }> {
  const seen: T[] = [];
  try {
    for await (const e of events) seen.push(e);
  } catch (error) {
    return { seen, error };
  }
  throw new Error('the run did not fail');
}

// Built inline so both libraries name them RunnableLambda (a named function names ours).
const steps = <T>(from: (f: (s: string) => string) => T): [T, T, T] => [
  from((s) => s.toUpperCase()),
  from(() => {
    throw new Error('bad input');
  }),
  from((s) => s.toUpperCase()),
];

describe('streamEvents v2 when a step fails (a difference)', () => {
  it("the same events as LangChain's up to the failure, then our error events, then the error", async () => {
    const [a, b, c] = steps((f) => LCLambda.from(f));
    const lc = a.pipe(b).pipe(c);
    const [x, y, z] = steps((f) => RunnableLambda.from(f));
    const ours = x.pipe(y).pipe(z);
    const lcRun = await until(lc.streamEvents('x', { version: 'v2' }));
    const ourRun = await until<RunEvent>(ours.streamEvents('x', { version: 'v2' }));
    expect((lcRun.error as Error).message).toBe('bad input');
    expect((ourRun.error as Error).message).toBe('bad input');
    expect(RxRunnablesError.isInstance(ourRun.error)).toBe(true);
    const lcEvents = comparable(lcRun.seen);
    const ourEvents = comparable(ourRun.seen);
    expect(lcEvents.some((e) => e.event.endsWith('_error'))).toBe(false);
    const errors = ourEvents.filter((e) => e.event.endsWith('_error'));
    // The step that failed and the sequence around it report it; the step after it does not.
    expect(errors.map((e) => `${e.name} ${e.tags.join()}`)).toEqual([
      'RunnableLambda seq:step:2',
      'RunnableSequence ',
    ]);
    expect(ourEvents.filter((e) => !e.event.endsWith('_error'))).toEqual(lcEvents);
  });
});
