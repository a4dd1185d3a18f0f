import { describe, expect, it } from 'vitest';
import { RunnableLambda, RunnableParallel } from '../../src/core';
import { describeMatrix } from './matrix';
import { Throwing, Upper, letters } from './steps';

describeMatrix('RunnableParallel', {
  make: () => new RunnableParallel({ up: new Upper() }),
  makeThrowing: () => new RunnableParallel({ up: new Throwing() }),
  values: letters,
  streams: true,
  expected: { A: { up: 'A' }, B: { up: 'B' }, C: { up: 'C' } },
});

/** A slow branch that records how many copies of it run at once. */
function concurrencyProbe(): { slow: (s: string) => Promise<string>; peak: () => number } {
  let running = 0;
  let peak = 0;
  const slow = async (s: string): Promise<string> => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running--;
    return s;
  };
  return { slow, peak: () => peak };
}

describe('RunnableParallel', () => {
  it('runs branches on the same input and assembles the keys', async () => {
    const step = RunnableParallel.from({
      up: (s: string) => s.toUpperCase(),
      len: async (s: string) => s.length,
    });
    expect(await step.invoke('abc')).toEqual({ up: 'ABC', len: 3 });
  });

  it('runs branches concurrently', async () => {
    const { slow, peak } = concurrencyProbe();
    await RunnableParallel.from({ a: slow, b: slow, c: slow }).invoke('x');
    expect(peak()).toBe(3);
  });

  it('respects maxConcurrency', async () => {
    const { slow, peak } = concurrencyProbe();
    await RunnableParallel.from({ a: slow, b: slow, c: slow }).invoke('x', { maxConcurrency: 1 });
    expect(peak()).toBe(1);
  });

  it('streams each branch chunk as { key: chunk }', async () => {
    const words = RunnableLambda.from(function* (s: string) {
      yield* s.split(' ');
    });
    const chunks: unknown[] = [];
    for await (const chunk of new RunnableParallel({ w: words }).astream('a b')) chunks.push(chunk);
    expect(chunks).toEqual([{ w: 'a' }, { w: 'b' }]);
  });

  it('reads its input once for all branches', async () => {
    let runs = 0;
    const source = RunnableLambda.from((s: string) => {
      runs++;
      return s;
    });
    await source.pipe({ a: (s: string) => s, b: (s: string) => s }).invoke('x');
    expect(runs).toBe(1);
  });
});
