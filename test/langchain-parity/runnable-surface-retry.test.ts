// `withRetry(...).batch()` as LangChain runs it: passes over the inputs still failing, one
// `onFailedAttempt` per pass with that pass's first failure. The same case on both libraries.
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { RunnableLambda, RxRunnablesError } from '../../src/core';

/** A function that fails the first `failures` calls in all, counting every call. */
function flaky(failures: number): { func: (input: string) => string; calls: string[] } {
  const calls: string[] = [];
  let count = 0;
  return {
    calls,
    func: (input: string): string => {
      count += 1;
      calls.push(input);
      if (count <= failures) throw new Error('TEST ERROR');
      return `${input}:${count}`;
    },
  };
}

interface Seen {
  results: unknown[];
  calls: string[];
  failed: { message: string; input: unknown }[];
}

async function runBoth(
  inputs: string[],
  failures: number,
  stopAfterAttempt: number,
  returnExceptions = false,
): Promise<{ lc: Seen; ours: Seen }> {
  const lcFlaky = flaky(failures);
  const lcFailed: Seen['failed'] = [];
  const lc = new LCLambda({ func: lcFlaky.func }).withRetry({
    stopAfterAttempt,
    onFailedAttempt: (error, input) => void lcFailed.push({ message: error.message, input }),
  });
  const ourFlaky = flaky(failures);
  const ourFailed: Seen['failed'] = [];
  const ours = new RunnableLambda({ func: ourFlaky.func }).withRetry({
    stopAfterAttempt,
    backoff: { initialMs: 1 },
    onFailedAttempt: (error, input) => void ourFailed.push({ message: error.message, input }),
  });
  const lcResults = await lc.batch(inputs, undefined, { returnExceptions: true });
  const ourResults = await ours.batch(inputs, { returnExceptions: true });
  const shape = (results: unknown[]): unknown[] =>
    returnExceptions
      ? results.map((r) => (r instanceof Error ? `error: ${r.message}` : r))
      : results;
  return {
    lc: { results: shape(lcResults), calls: lcFlaky.calls, failed: lcFailed },
    ours: { results: shape(ourResults), calls: ourFlaky.calls, failed: ourFailed },
  };
}

describe('withRetry(...).batch()', () => {
  it('retries only the failing inputs, one onFailedAttempt per pass with its first failure', async () => {
    const { lc, ours } = await runBoth(['test1', 'test2', 'test3'], 2, 2, true);
    expect(ours).toEqual(lc);
    // What LangChain's own test holds: five calls, the handler always given the first input.
    expect(ours.calls).toEqual(['test1', 'test2', 'test3', 'test1', 'test2']);
    expect(ours.failed).toEqual([{ message: 'TEST ERROR', input: 'test1' }]);
  });

  it('gives up after stopAfterAttempt passes, errors in place with returnExceptions', async () => {
    const { lc, ours } = await runBoth(['a', 'b', 'c'], 5, 1, true);
    expect(ours).toEqual(lc);
    expect(ours.results).toEqual(['error: TEST ERROR', 'error: TEST ERROR', 'error: TEST ERROR']);
  });

  it('rejects with the failure left when returnExceptions is off', async () => {
    const ours = new RunnableLambda({ func: flaky(10).func }).withRetry({
      stopAfterAttempt: 2,
      backoff: { initialMs: 1 },
    });
    const lc = new LCLambda({ func: flaky(10).func }).withRetry({ stopAfterAttempt: 1 });
    await expect(lc.batch(['a', 'b'])).rejects.toThrow('TEST ERROR');
    const failure = await ours.batch(['a', 'b']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RxRunnablesError);
    expect((failure as Error).message).toContain('TEST ERROR');
  });

  it('does not retry an input whose error retryIf refuses (ours only: LangChain has no retryIf)', async () => {
    const calls: string[] = [];
    const ours = new RunnableLambda({
      func: (input: string): string => {
        calls.push(input);
        throw new Error(input === 'fatal' ? 'fatal' : 'transient');
      },
    }).withRetry({
      attempts: 3,
      backoff: { initialMs: 1 },
      retryIf: (error) => !error.message.includes('fatal'),
    });
    await ours.batch(['fatal', 'soft'], { returnExceptions: true });
    expect(calls).toEqual(['fatal', 'soft', 'soft', 'soft']);
  });

  it('stops waiting between passes when the signal aborts', async () => {
    const controller = new AbortController();
    const ours = new RunnableLambda({ func: flaky(10).func }).withRetry({
      attempts: 3,
      backoff: { initialMs: 60_000 },
      onFailedAttempt: () => controller.abort(new Error('stop')),
    });
    const failure = await ours
      .batch(['a'], { signal: controller.signal })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'ABORTED' });
  });
});
