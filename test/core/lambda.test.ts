import { describe, expect, it } from 'vitest';
import type { Runnable } from '../../src/core';
import { RunnableLambda } from '../../src/core';
import { BOOM, TYPED_BOOM, describeMatrix } from './matrix';
import { Upper, letters } from './steps';

describeMatrix('RunnableLambda', {
  make: () => RunnableLambda.from((s: string) => s.toUpperCase()),
  makeThrowing: () =>
    RunnableLambda.from((_: string): string => {
      throw BOOM;
    }),
  values: letters,
  thrown: TYPED_BOOM,
  streams: false,
  expected: { X: 'ABC', Y: 'A' },
});

describe('RunnableLambda', () => {
  it('awaits async functions', async () => {
    const step = RunnableLambda.from(async (n: number) => n * 2);
    expect(await step.invoke(21)).toBe(42);
  });

  it('streams what a sync generator yields, chunk by chunk', async () => {
    const step = RunnableLambda.from(function* (s: string) {
      for (const ch of s) yield ch;
    });
    const chunks: string[] = [];
    for await (const chunk of step.astream('abc')) chunks.push(chunk);
    expect(chunks).toEqual(['a', 'b', 'c']);
    expect(await step.invoke('abc')).toBe('abc');
  });

  it('streams what an async generator yields and stops it on break', async () => {
    let finished = false;
    const step = RunnableLambda.from(async function* (_: string) {
      try {
        for (let i = 0; ; i++) {
          yield `${i}`;
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      } finally {
        finished = true;
      }
    });
    const seen: string[] = [];
    for await (const chunk of step.astream('go')) {
      seen.push(chunk);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['0', '1', '2']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(finished).toBe(true);
  });

  it('runs a returned Runnable on the same input', async () => {
    const step = RunnableLambda.from((_s: string): Runnable<string, string> => new Upper()).pipe(
      (s: string) => `${s}!`,
    );
    expect(await step.invoke('hey')).toBe('HEY!');
  });

  it('rejects invoke with the error an async function throws', async () => {
    const step = RunnableLambda.from(async (_: string): Promise<string> => {
      throw BOOM;
    });
    await expect(step.invoke('x')).rejects.toMatchObject({ code: 'UNKNOWN', cause: BOOM });
  });

  it('gives the function the run signal', async () => {
    let signal: AbortSignal | undefined;
    const step = RunnableLambda.from((s: string, config) => {
      signal = config.signal;
      return s;
    });
    await step.invoke('x');
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal?.aborted).toBe(true);
  });

  it('takes its name from the function', () => {
    expect(
      RunnableLambda.from(function shout(s: string) {
        return s;
      }).name,
    ).toBe('shout');
  });
});
