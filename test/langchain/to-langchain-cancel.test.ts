import { StringOutputParser as LCStringOutputParser } from '@langchain/core/output_parsers';
import { describe, expect, it } from 'vitest';
import { RunnableLambda } from '../../src/core';
import type { LambdaConfig } from '../../src/core';
import { toLangChain } from '../../src/langchain';
import { WordModel, sleep } from './fixtures';

const WORDS = 'a b c d e f g h i j';

describe('toLangChain: LangChain cancellation reaches us', () => {
  it("LangChain's signal aborts our run and stops our model", async () => {
    const log: string[] = [];
    const model = new WordModel(WORDS, 15, log);
    const chain = toLangChain(model).pipe(new LCStringOutputParser());
    const controller = new AbortController();
    let received = 0;
    const error = await (async () => {
      for await (const _ of await chain.stream('go', { signal: controller.signal })) {
        received++;
        if (received === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(model.calls[0]?.signal.aborted).toBe(true);
    const produced = log.length;
    await sleep(60);
    expect(log.length).toBe(produced);
    expect(log).not.toContain('model done');
  });

  it("LangChain's timeout aborts our run", async () => {
    const model = new WordModel(WORDS, 15);
    const error = await toLangChain(model)
      .invoke('go', { timeout: 40 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(model.calls[0]?.signal.aborted).toBe(true);
  });

  it('breaking out of the LangChain stream unsubscribes our run', async () => {
    const log: string[] = [];
    const model = new WordModel(WORDS, 15, log);
    for await (const chunk of await toLangChain(model).stream('go')) {
      expect(chunk).toBeDefined();
      break;
    }
    await sleep(50);
    expect(model.calls[0]?.signal.aborted).toBe(true);
    expect(log).toEqual(['produce 0']);
  });

  it('an abort reaches a lambda of ours waiting on its signal', async () => {
    let aborted = false;
    const waiting = RunnableLambda.from(async (_: string, config: LambdaConfig) => {
      await sleep(10_000, config.signal).catch(() => {
        aborted = true;
      });
      return 'late';
    });
    const controller = new AbortController();
    const pending = toLangChain(waiting)
      .invoke('go', { signal: controller.signal })
      .catch((e: unknown) => e);
    await sleep(10);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    expect(aborted).toBe(true);
  });
});
