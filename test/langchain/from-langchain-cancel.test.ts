import { RunnableLambda as LCRunnableLambda } from '@langchain/core/runnables';
import type { RunnableConfig } from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { fromLangChain } from '../../src/langchain';
import { StringOutputParser } from '../../src/models';
import { ScriptedLCChatModel, sleep, textChunks } from './fixtures';

const TEN = textChunks('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');

function slowModel(log: string[] = []): ScriptedLCChatModel {
  return new ScriptedLCChatModel({ chunks: TEN, delayMs: 15, log });
}

describe('fromLangChain: cancellation reaches LangChain', () => {
  it('aborting our signal aborts the LangChain call and stops its stream', async () => {
    const log: string[] = [];
    const model = slowModel(log);
    const chain = fromLangChain(model).pipe(new StringOutputParser());
    const controller = new AbortController();
    const received: string[] = [];
    const error = await (async () => {
      for await (const text of chain.astream('go', { signal: controller.signal })) {
        received.push(text);
        if (received.length === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error) && error.code).toBe('ABORTED');
    expect(model.signals[0]?.aborted).toBe(true);
    const produced = log.length;
    await sleep(60);
    expect(log.length).toBe(produced);
    expect(log).not.toContain('model done');
  });

  it('a timeout aborts the LangChain call with TIMEOUT', async () => {
    const model = slowModel();
    const error = await fromLangChain(model)
      .invoke('go', { timeoutMs: 40 })
      .catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error) && error.code).toBe('TIMEOUT');
    expect(model.signals[0]?.aborted).toBe(true);
  });

  it('breaking out of the loop aborts the LangChain call', async () => {
    const log: string[] = [];
    const model = slowModel(log);
    for await (const chunk of fromLangChain(model).astream('go')) {
      expect(chunk).toBeDefined();
      break;
    }
    expect(model.signals[0]?.aborted).toBe(true);
    await sleep(50);
    expect(log).toEqual(['produce 0']);
  });

  it('unsubscribing aborts a LangChain lambda waiting on its signal', async () => {
    let aborted = false;
    const lambda = LCRunnableLambda.from(async (_: string, config?: RunnableConfig) => {
      await sleep(10_000, config?.signal).catch(() => {
        aborted = true;
      });
      return 'late';
    });
    const subscription = fromLangChain(lambda).stream('go').subscribe();
    await sleep(10);
    subscription.unsubscribe();
    await sleep(10);
    expect(aborted).toBe(true);
  });

  it('an abort before the call starts never calls LangChain', async () => {
    const model = slowModel();
    const controller = new AbortController();
    controller.abort();
    const error = await fromLangChain(model)
      .invoke('go', { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error) && error.code).toBe('ABORTED');
    expect(model.signals).toEqual([]);
  });
});
