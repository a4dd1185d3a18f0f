// Callbacks of nested runs (a step invoked inside a function with its config), of failures, and
// of handlers bound with withConfig: LangChain's calls and ours compared.
import { StringOutputParser as LCParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCPrompt } from '@langchain/core/prompts';
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import type { RunnableConfig } from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { RunnableLambda } from '../../src/core';
import type { LambdaConfig } from '../../src/core';
import { ChatPromptTemplate, StringOutputParser } from '../../src/models';
import { CharModel, normalize, recorder } from './callbacks-support';
import { lcChainOf, ourChainOf } from './support';

const lcChain = () => lcChainOf(new FakeListChatModel({ responses: ['ab'] }));
const ours = () => ourChainOf(new CharModel('ab'));

/** On each library, a lambda that invokes the chain inside it with its own config. */
const lambdasInvokingChains = () => {
  const lcInner = lcChain();
  const inner = ours();
  return {
    lc: LCLambda.from(
      async (x: { q: string }, config?: RunnableConfig) => `${await lcInner.invoke(x, config)}!`,
    ),
    rx: RunnableLambda.from(
      async (x: { q: string }, config: LambdaConfig) => `${await inner.invoke(x, config)}!`,
    ),
  };
};

describe('callbacks of nested runs', () => {
  it('a chain invoked inside a lambda with its config reports as the lambda’s child', async () => {
    const { lc, rx } = lambdasInvokingChains();
    const lcCalls = recorder();
    await lc.invoke({ q: 'hi' }, { callbacks: [lcCalls.handler] });
    const rxCalls = recorder();
    expect(await rx.invoke({ q: 'hi' }, { callbacks: [rxCalls.handler] })).toBe('ab!');
    expect(normalize(rxCalls.calls)).toEqual(normalize(lcCalls.calls));
  });

  it('stream() of a lambda that invokes a chain: the inner run reports as LangChain’s invoke', async () => {
    const { lc, rx } = lambdasInvokingChains();
    const lcCalls = recorder();
    for await (const _ of await lc.stream({ q: 'hi' }, { callbacks: [lcCalls.handler] }));
    const rxCalls = recorder();
    for await (const _ of rx.stream({ q: 'hi' }, { callbacks: [rxCalls.handler] }));
    expect(normalize(rxCalls.calls)).toEqual(normalize(lcCalls.calls));
  });

  it('a failing step: handleChainError for it and for the sequence, with the error', async () => {
    const fail = (): never => {
      throw new Error('boom');
    };
    const lcCalls = recorder();
    await expect(
      LCLambda.from((): never => fail())
        .pipe(lcChain())
        .invoke({ q: 'hi' }, { callbacks: [lcCalls.handler] }),
    ).rejects.toThrow('boom');
    const rxCalls = recorder();
    await expect(
      RunnableLambda.from((): never => fail())
        .pipe(ours())
        .invoke({ q: 'hi' }, { callbacks: [rxCalls.handler] }),
    ).rejects.toThrow('boom');
    expect(lcCalls.calls.map((c) => c[0])).toContain('handleChainError');
    expect(normalize(rxCalls.calls)).toEqual(normalize(lcCalls.calls));
  });

  it('handlers bound with withConfig see the bound step and its children only', async () => {
    const lcCalls = recorder();
    await LCPrompt.fromMessages([['human', '{q}']])
      .pipe(
        new FakeListChatModel({ responses: ['ab'] }).withConfig({ callbacks: [lcCalls.handler] }),
      )
      .pipe(new LCParser())
      .invoke({ q: 'hi' });
    const rxCalls = recorder();
    await ChatPromptTemplate.fromMessages([['human', '{q}']])
      .pipe(new CharModel('ab').withConfig({ callbacks: [rxCalls.handler] }))
      .pipe(new StringOutputParser())
      .invoke({ q: 'hi' });
    expect(lcCalls.calls.map((c) => c[0])).toEqual(['handleChatModelStart', 'handleLLMEnd']);
    expect(normalize(rxCalls.calls)).toEqual(normalize(lcCalls.calls));
  });

  it('bound handlers and the call’s both get the calls', async () => {
    const lcBound = recorder();
    const lcCall = recorder();
    await lcChain()
      .withConfig({ callbacks: [lcBound.handler] })
      .invoke({ q: 'hi' }, { callbacks: [lcCall.handler] });
    const rxBound = recorder();
    const rxCall = recorder();
    await ours()
      .withConfig({ callbacks: [rxBound.handler] })
      .invoke({ q: 'hi' }, { callbacks: [rxCall.handler] });
    expect(normalize(rxBound.calls)).toEqual(normalize(lcBound.calls));
    expect(normalize(rxCall.calls)).toEqual(normalize(lcCall.calls));
  });
});
