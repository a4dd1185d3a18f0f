// Cases ported from @langchain/core src/runnables/tests/runnable_retry.test.ts,
// runnable_with_fallbacks.test.ts and signal.test.ts, rewritten on our API with LangChain's
// assertions. Fakes: ./ported-fakes.ts.
import { describe, expect, it } from 'vitest';
import {
  RunnableLambda,
  RunnableParallel,
  RunnablePassthrough,
  RunnableSequence,
  type Runnable,
} from '../../src/core';
import { ChatPromptTemplate, StringOutputParser } from '../../src/models';
import { drainAll, FakeListChatModel, fakeLLM, fakeStreamingLLM } from './ported-fakes';

/** A lambda failing with 'TEST ERROR' until its `succeedOn`-th call, then returning the count. */
function flaky(succeedOn: number): { runnable: Runnable<unknown, number>; calls: () => number } {
  let attemptCount = 0;
  const runnable = new RunnableLambda({
    func: (_thing: unknown) => {
      attemptCount += 1;
      if (attemptCount < succeedOn) throw new Error('TEST ERROR');
      return attemptCount;
    },
  });
  return { runnable, calls: () => attemptCount };
}

describe('ported from @langchain/core src/runnables/tests/runnable_retry.test.ts', () => {
  it('RunnableRetry invoke', async () => {
    expect(await flaky(3).runnable.withRetry().invoke('')).toBe(3);
  });

  it('RunnableRetry invoke with a failed attempt handler', async () => {
    const seen: [string, unknown][] = [];
    const retry = flaky(3).runnable.withRetry({
      onFailedAttempt: (error, input) => void seen.push([(error as Error).message, input]),
    });
    expect(await retry.invoke('test')).toBe(3);
    expect(seen).toEqual([
      ['TEST ERROR', 'test'],
      ['TEST ERROR', 'test'],
    ]);
  });

  it('RunnableRetry batch with thrown errors', async () => {
    const retry = new RunnableLambda({
      func: (_thing: unknown) => {
        throw new Error('TEST ERROR');
      },
    }).withRetry({ stopAfterAttempt: 1 });
    await expect(retry.batch(['', '', ''])).rejects.toThrow();
  });

  it('RunnableRetry batch with all returned errors', async () => {
    const retry = flaky(5).runnable.withRetry({ stopAfterAttempt: 1 });
    // LangChain: batch(inputs, undefined, { returnExceptions: true }).
    expect(await retry.batch(['', '', ''], { returnExceptions: true })).toEqual([
      expect.objectContaining({ message: 'TEST ERROR' }),
      expect.objectContaining({ message: 'TEST ERROR' }),
      expect.objectContaining({ message: 'TEST ERROR' }),
    ]);
  });

  it('RunnableRetry batch should not retry successful requests', async () => {
    const { runnable, calls } = flaky(3);
    const result = await runnable.withRetry({ stopAfterAttempt: 2 }).batch(['', '', '']);
    expect(calls()).toBe(5);
    expect(result.sort()).toEqual([3, 4, 5]);
  });

  it('RunnableRetry batch with an onFailedAttempt handler', async () => {
    const { runnable, calls } = flaky(3);
    const seen: [string, unknown][] = [];
    const retry = runnable.withRetry({
      stopAfterAttempt: 2,
      onFailedAttempt: (error, input) => void seen.push([(error as Error).message, input]),
    });
    const result = await retry.batch(['test1', 'test2', 'test3']);
    expect(calls()).toBe(5);
    expect(result.sort()).toEqual([3, 4, 5]);
    expect(seen).toEqual([['TEST ERROR', 'test1']]);
  });
});

describe('ported from @langchain/core src/runnables/tests/runnable_with_fallbacks.test.ts', () => {
  it('RunnableWithFallbacks', async () => {
    const llm = fakeLLM({ thrownErrorString: 'Bad error!' });
    await expect(llm.invoke('What up')).rejects.toThrow();
    const withFallbacks = llm.withFallbacks({ fallbacks: [fakeLLM()] });
    expect(await withFallbacks.invoke('What up')).toBe('What up');
  });

  it('RunnableWithFallbacks batch', async () => {
    const llm = fakeLLM({ thrownErrorString: 'Bad error!' });
    await expect(llm.batch(['What up'])).rejects.toThrow();
    const withFallbacks = llm.withFallbacks({ fallbacks: [fakeLLM()] });
    expect(await withFallbacks.batch(['What up 1', 'What up 2', 'What up 3'])).toEqual([
      'What up 1',
      'What up 2',
      'What up 3',
    ]);
  });

  it('takes options in the { fallbacks } object; anything else is INVALID_CONFIG', async () => {
    class Expected extends Error {}
    const failing = RunnableLambda.from((): string => {
      throw new Error('not expected');
    });
    const picky = failing.withFallbacks({ fallbacks: [fakeLLM()], exceptionsToHandle: [Expected] });
    await expect(picky.invoke('x')).rejects.toThrow('not expected');
    expect(() => failing.withFallbacks({} as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });

  it('RunnableWithFallbacks stream', async () => {
    const llm = fakeStreamingLLM({ thrownErrorString: 'Bad error!' });
    await expect(drainAll(llm.stream('What up'))).rejects.toThrow();
    const withFallbacks = llm.withFallbacks({ fallbacks: [fakeStreamingLLM()] });
    const chunks = await drainAll(withFallbacks.stream('What up'));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe('What up');
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ported from @langchain/core src/runnables/tests/signal.test.ts', () => {
  const slowChat = RunnableLambda.from(async () => {
    await sleep(500);
    return 'hey';
  });
  const cases: Record<string, { runnable: object; input: unknown }> = {
    map: {
      runnable: RunnableParallel.from({
        question: new RunnablePassthrough(),
        context: async () => {
          await sleep(500);
          return 'SOME STUFF';
        },
      }),
      input: 'testing',
    },
    binding: {
      runnable: RunnableLambda.from(() => sleep(500)).withConfig({ tags: ['bound'] }),
      input: 'testing',
    },
    fallbacks: {
      runnable: fakeLLM({ thrownErrorString: 'expected' }).withFallbacks({
        fallbacks: [slowChat],
      }),
      input: 'testing',
    },
    sequence: {
      runnable: RunnableSequence.from([
        RunnablePassthrough.assign({ test: () => slowChat }),
        () => undefined,
      ]),
      input: { question: 'testing' },
    },
    lambda: { runnable: RunnableLambda.from(() => sleep(500)), input: {} },
  };

  describe.each(Object.keys(cases))('Test runnable %s', (name) => {
    const { runnable, input } = cases[name] as {
      runnable: Runnable<unknown, unknown>;
      input: unknown;
    };

    it('Test invoke with signal', async () => {
      const controller = new AbortController();
      const run = runnable.invoke(input, { signal: controller.signal });
      controller.abort();
      await expect(run).rejects.toThrowError();
    });

    it('Test invoke with signal with a delay', async () => {
      const controller = new AbortController();
      const run = runnable.invoke(input, { signal: controller.signal });
      setTimeout(() => controller.abort(), 250);
      await expect(run).rejects.toThrowError();
    });

    it('Test stream with signal', async () => {
      const controller = new AbortController();
      await expect(
        (async () => {
          for await (const _ of runnable.stream(input, { signal: controller.signal })) {
            controller.abort();
          }
        })(),
      ).rejects.toThrowError();
    });

    it('Test batch with signal', async () => {
      const controller = new AbortController();
      const run = runnable.batch([input, input], { signal: controller.signal });
      controller.abort();
      await expect(run).rejects.toThrowError();
    });

    it('Test batch with signal with a delay', async () => {
      const controller = new AbortController();
      const run = runnable.batch([input, input], { signal: controller.signal });
      setTimeout(() => controller.abort(), 250);
      await expect(run).rejects.toThrowError();
    });
  });

  it('Runnable invoke should respect timeout option', async () => {
    const runnable = RunnableLambda.from(async () => {
      await sleep(500);
      return 'done';
    });
    await expect(runnable.invoke({}, { timeout: 50 })).rejects.toThrow(/timeout/i);
  });

  it('Runnable stream should respect timeout option before first chunk', async () => {
    const runnable = RunnableLambda.from(async () => {
      await sleep(500);
      return 'done';
    });
    await expect(drainAll(runnable.stream({}, { timeout: 50 }))).rejects.toThrow(/timeout/i);
  });

  it('Should not raise node warning (a map, .assign, and a signal)', async () => {
    const retriever = RunnableLambda.from(() =>
      ['test1', 'test2', 'test4', 'test5'].map((pageContent) => ({ pageContent, metadata: {} })),
    );
    type Ctx = { context: { pageContent: string }[]; question: unknown };
    const chain = RunnableParallel.from({
      context: retriever,
      question: new RunnablePassthrough(),
    }).pipe(
      RunnablePassthrough.assign({
        answer: RunnableSequence.from([
          (input: Ctx) => ({
            context: input.context.map((doc) => doc.pageContent).join('\n\n'),
            question: input.question,
          }),
          ChatPromptTemplate.fromTemplate('Hello'),
          new FakeListChatModel(['test']),
          new StringOutputParser(),
        ]),
      }),
    );
    const chunks = await drainAll(
      chain.stream(
        { question: 'What is the capital of France?' },
        { signal: new AbortController().signal },
      ),
    );
    expect(chunks.length).toBeGreaterThan(0);
  });
});
