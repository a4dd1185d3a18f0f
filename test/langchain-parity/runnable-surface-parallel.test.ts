// RunnableParallel.stream(): each branch's chunks as they are produced, interleaved, on both.
import {
  RunnableLambda as LCLambda,
  RunnableParallel as LCParallel,
} from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { RunnableLambda, RunnableParallel } from '../../src/core';
import type { RunStream } from '../../src/core';
import { drain } from './support';

const words = (prefix: string) =>
  function* (input: string): Generator<string> {
    for (let i = 0; i < 3; i++) yield `${prefix}${i}:${input}`;
  };

/** What a subscriber is pushed (no async iteration, so no pull pacing). */
const pushed = <T>(stream$: RunStream<T>): Promise<T[]> =>
  new Promise((resolve, reject) => {
    const out: T[] = [];
    stream$.subscribe({ next: (v) => out.push(v), error: reject, complete: () => resolve(out) });
  });

describe('RunnableParallel.stream()', () => {
  it('interleaves branches that are sync generators, as LangChain does', async () => {
    const lc = LCParallel.from({
      a: LCLambda.from(words('a')),
      b: LCLambda.from(words('b')),
    });
    const ours = RunnableParallel.from({
      a: RunnableLambda.from(words('a')),
      b: RunnableLambda.from(words('b')),
    });
    const expected = await drain(await lc.stream('x'));
    expect(expected.map((c) => Object.keys(c)[0])).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(await drain(ours.stream('x'))).toEqual(expected);
    expect(await pushed(ours.stream('x'))).toEqual(expected);
    expect(await ours.invoke('x')).toEqual(await lc.invoke('x'));
  });

  it('interleaves async generator branches too, and a branch that emits once', async () => {
    const agen = (prefix: string) =>
      async function* (input: string): AsyncGenerator<string> {
        for (let i = 0; i < 2; i++) yield `${prefix}${i}:${input}`;
      };
    const lc = LCParallel.from({
      a: LCLambda.from(agen('a')),
      n: LCLambda.from((s: string) => s.length),
      b: LCLambda.from(agen('b')),
    });
    const ours = RunnableParallel.from({
      a: RunnableLambda.from(agen('a')),
      n: (s: string) => s.length,
      b: RunnableLambda.from(agen('b')),
    });
    const lcChunks = await drain(await lc.stream('xy'));
    const chunks = await drain(ours.stream('xy'));
    // The same chunks, each branch's in order, and a and b alternate.
    expect(chunks).toHaveLength(lcChunks.length);
    expect(new Set(chunks.map((c) => JSON.stringify(c)))).toEqual(
      new Set(lcChunks.map((c) => JSON.stringify(c))),
    );
    const ab = (list: object[]): string[] =>
      list.map((c) => Object.keys(c)[0] as string).filter((k) => k !== 'n');
    expect(ab(chunks)).toEqual(ab(lcChunks));
  });

  it('stops an endless sync generator branch when the reader breaks', async () => {
    const endless = RunnableLambda.from(function* () {
      for (let i = 0; ; i++) yield i;
    });
    const ours = RunnableParallel.from({ a: endless, b: endless });
    const seen: object[] = [];
    for await (const chunk of ours.stream(null)) {
      seen.push(chunk);
      if (seen.length === 4) break;
    }
    expect(seen).toEqual([{ a: 0 }, { b: 0 }, { a: 1 }, { b: 1 }]);
  });
});
