// How a step of ours reads LangChain's input stream inside a LangChain chain: one input chunk at
// a time as the consumer reads, output of async work inside it delivered without waiting for more
// input, and an early stop returning LangChain's input generator.
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import type { Runnable as LCRunnable } from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { RunnableGenerator } from '../../src/core';
import { toLangChain } from '../../src/langchain';
import { sleep } from './fixtures';

/** A LangChain step that streams `count` numbers, logging each one it produces and its end. */
function numbers(
  count: number,
  log: string[],
  gate?: (i: number) => Promise<void>,
): LCRunnable<unknown, number> {
  return LCLambda.from(async function* () {
    try {
      for (let i = 0; i < count; i++) {
        if (gate) await gate(i);
        log.push(`produce ${i}`);
        yield i;
      }
      log.push('source done');
    } finally {
      log.push('source closed');
    }
  }) as unknown as LCRunnable<unknown, number>;
}

describe('toLangChain inside a LangChain chain: reading the input stream', () => {
  it('reads an input chunk only when the consumer asks for more', async () => {
    const log: string[] = [];
    const double = RunnableGenerator.from(async function* (xs: AsyncIterable<number>) {
      for await (const x of xs) yield x * 2;
    });
    const chain = numbers(1000, log).pipe(toLangChain(double));
    const seen: number[] = [];
    for await (const value of await chain.stream(undefined)) {
      seen.push(value as number);
      log.push(`read ${String(value)}`);
      if (seen.length === 3) break;
    }
    await sleep(20);
    expect(seen).toEqual([0, 2, 4]);
    // Three read, one more waiting inside our generator step: nothing like the 1,000 (LangChain's
    // own generator lambda in this place makes all 1,000; its parser makes three).
    expect(log.filter((l) => l.startsWith('produce')).length).toBeLessThanOrEqual(4);
    expect(log).not.toContain('source done');
  });

  it('passes output of async work inside our step on before the next input chunk arrives', async () => {
    const log: string[] = [];
    // The source waits to produce chunk i + 1 until the consumer has read chunk i's output.
    const readers: (() => void)[] = [];
    const gate = (i: number) =>
      i === 0 ? Promise.resolve() : new Promise<void>((resolve) => readers.push(resolve));
    const slowDouble = RunnableGenerator.from(async function* (xs: AsyncIterable<number>) {
      for await (const x of xs) {
        await sleep(5);
        yield x * 2;
      }
    });
    const chain = numbers(3, log, gate).pipe(toLangChain(slowDouble));
    const seen: unknown[] = [];
    for await (const value of await chain.stream(undefined)) {
      seen.push(value);
      readers.shift()?.();
    }
    expect(seen).toEqual([0, 2, 4]);
    expect(log).toEqual(['produce 0', 'produce 1', 'produce 2', 'source done', 'source closed']);
  });

  it('an error of LangChain’s side reaches the consumer as it was thrown, after what was delivered', async () => {
    const failure = new TypeError('source broke');
    const source = LCLambda.from(async function* () {
      yield 'kept';
      throw failure;
    }) as unknown as LCRunnable<unknown, string>;
    const upper = RunnableGenerator.from(async function* (xs: AsyncIterable<string>) {
      for await (const x of xs) yield x.toUpperCase();
    });
    const chain = source.pipe(toLangChain(upper));
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const value of await chain.stream(undefined)) seen.push(value);
    })().catch((e: unknown) => e);
    expect(error).toBe(failure);
    expect(seen).toEqual(['KEPT']);
  });
});
