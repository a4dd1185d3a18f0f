import { AIMessageChunk as LCAIMessageChunk } from '@langchain/core/messages';
import {
  JsonOutputParser as LCJsonOutputParser,
  StringOutputParser as LCStringOutputParser,
} from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCChatPromptTemplate } from '@langchain/core/prompts';
import { RunnableLambda as LCRunnableLambda } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { FakeListChatModel, FakeRetriever } from '@langchain/core/utils/testing';
import { Document as LCDocument } from '@langchain/core/documents';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AIMessageChunk, BaseMessage } from '../../src/chunks';
import { RunnableLambda, RxRunnablesError } from '../../src/core';
import type { RunnableConfig } from '@langchain/core/runnables';
import { fromLangChain } from '../../src/langchain';
import { ChatPromptTemplate, StringOutputParser } from '../../src/models';
import { ScriptedLCChatModel, eventsOf, textChunks } from './fixtures';

const prompt = ChatPromptTemplate.fromMessages([['human', 'Tell me about {topic}']]);
const lcPrompt = LCChatPromptTemplate.fromMessages([['human', 'Tell me about {topic}']]);

describe('fromLangChain: streaming', () => {
  it('streams a LangChain chat model chunk by chunk: the first chunk is out before the last is in', async () => {
    const log: string[] = [];
    const model = new ScriptedLCChatModel({
      chunks: textChunks('a', 'b', 'c', 'd'),
      delayMs: 5,
      log,
    });
    const chain = prompt.pipe(fromLangChain(model)).pipe(new StringOutputParser());
    for await (const text of chain.astream({ topic: 'rx' })) log.push(`consume ${text}`);
    expect(log.indexOf('consume a')).toBeLessThan(log.indexOf('produce 3'));
    expect(log.filter((l) => l.startsWith('consume'))).toEqual([
      'consume a',
      'consume b',
      'consume c',
      'consume d',
    ]);
  });

  it('turns LangChain AIMessageChunks into ours with every field', async () => {
    const chunks = [
      new LCAIMessageChunk({
        content: 'Checking',
        id: 'run-1',
        response_metadata: { model_name: 'scripted' },
      }),
      new LCAIMessageChunk({
        content: '',
        tool_call_chunks: [{ index: 0, id: 'call_1', name: 'weather', args: '{"city":' }],
      }),
      new LCAIMessageChunk({
        content: '',
        tool_call_chunks: [{ index: 0, args: '"Oslo"}' }],
        usage_metadata: { input_tokens: 7, output_tokens: 3, total_tokens: 10 },
      }),
    ];
    const step = fromLangChain(new ScriptedLCChatModel({ chunks }));
    const received: unknown[] = [];
    for await (const chunk of step.astream('weather?')) received.push(chunk);
    expect(received).toHaveLength(3);
    for (const chunk of received) expect(chunk).toBeInstanceOf(AIMessageChunk);
    const [first, second] = received as AIMessageChunk[];
    expect(first?.id).toBe('run-1');
    expect(first?.responseMetadata).toMatchObject({ model_name: 'scripted' });
    expect(second?.toolCallChunks).toEqual([
      expect.objectContaining({ index: 0, id: 'call_1', name: 'weather', args: '{"city":' }),
    ]);
    const total = (await step.invoke('weather?')) as AIMessageChunk;
    expect(total).toBeInstanceOf(AIMessageChunk);
    expect(total.text).toBe('Checking');
    expect(total.toolCalls).toEqual([
      expect.objectContaining({ id: 'call_1', name: 'weather', args: { city: 'Oslo' } }),
    ]);
    expect(total.usageMetadata).toMatchObject({ inputTokens: 7, outputTokens: 3, totalTokens: 10 });
  });

  it('gives the same final value as the all-LangChain chain', async () => {
    const responses = ['Rx is a library for reactive streams.'];
    const allLangChain = lcPrompt
      .pipe(new FakeListChatModel({ responses }))
      .pipe(new LCStringOutputParser());
    const mixed = fromLangChain(lcPrompt)
      .pipe(fromLangChain(new FakeListChatModel({ responses })))
      .pipe(new StringOutputParser());
    const wholeChain = fromLangChain(allLangChain);
    const expected = await allLangChain.invoke({ topic: 'rx' });
    expect(await mixed.invoke({ topic: 'rx' })).toBe(expected);
    expect(await wholeChain.invoke({ topic: 'rx' })).toBe(expected);
  });

  it('feeds a LangChain parser our chunks as they arrive (its transform streams)', async () => {
    const log: string[] = [];
    const source = RunnableLambda.from(async function* (_: string) {
      for (const word of ['one ', 'two ', 'three']) {
        log.push(`produce ${word.trim()}`);
        yield new AIMessageChunk(word);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      log.push('source done');
    });
    const chain = source.pipe(fromLangChain(new LCStringOutputParser()));
    for await (const text of chain.astream('go')) log.push(`consume ${text.trim()}`);
    expect(log.indexOf('consume one')).toBeLessThan(log.indexOf('source done'));
    expect(await chain.invoke('go')).toBe('one two three');
  });

  it('keeps the last snapshot of a cumulative LangChain parser as the output', async () => {
    const source = RunnableLambda.from(function* (_: string) {
      yield* ['{"name": "Ad', 'a", "tags": ["x"', ', "y"]}'];
    });
    const chain = source.pipe(fromLangChain(new LCJsonOutputParser<Record<string, unknown>>()));
    const partials: unknown[] = [];
    for await (const partial of chain.astream('go')) partials.push(partial);
    expect(partials.at(0)).toEqual({ name: 'Ad' });
    expect(partials.at(-1)).toEqual({ name: 'Ada', tags: ['x', 'y'] });
    const ends = (await eventsOf(chain, 'go')).filter((e) => e.event === 'on_parser_end');
    expect(ends.map((e) => e.data.output)).toEqual([{ name: 'Ada', tags: ['x', 'y'] }]);
  });
});

describe('fromLangChain: other LangChain runnables', () => {
  it('runs a RunnableLambda with our signal in its config', async () => {
    let seen: AbortSignal | undefined;
    const lambda = LCRunnableLambda.from((n: number, config?: RunnableConfig) => {
      seen = config?.signal;
      return n * 2;
    });
    const step = fromLangChain(lambda);
    expect(await step.invoke(21)).toBe(42);
    expect(seen).toBeInstanceOf(AbortSignal);
  });

  it('runs a retriever and reports retriever events', async () => {
    const docs = [new LCDocument({ pageContent: 'Observables are lazy.', metadata: { id: 1 } })];
    const step = fromLangChain(new FakeRetriever({ output: docs }));
    const result = await step.invoke('laziness');
    expect(result).toEqual([expect.objectContaining({ pageContent: 'Observables are lazy.' })]);
    const events = await eventsOf(step, 'laziness');
    expect(events.map((e) => e.event)).toEqual(['on_retriever_start', 'on_retriever_end']);
  });

  it('runs a tool', async () => {
    const add = tool(({ a, b }: { a: number; b: number }) => String(a + b), {
      name: 'add',
      description: 'Adds two numbers',
      schema: z.object({ a: z.number(), b: z.number() }),
    });
    const step = fromLangChain(add);
    expect(await step.invoke({ a: 2, b: 3 })).toBe('5');
    const events = await eventsOf(step, { a: 1, b: 1 });
    expect(events.map((e) => e.event)).toEqual(['on_tool_start', 'on_tool_end']);
    expect(events[1]?.data.output).toBe('2');
  });

  it('turns a LangChain prompt value into ours so our parts of the chain read it', async () => {
    const value = await fromLangChain(lcPrompt).invoke({ topic: 'rx' });
    const messages = (value as { toChatMessages(): BaseMessage[] }).toChatMessages();
    expect(messages.map((m) => BaseMessage.isInstance(m))).toEqual([true]);
    expect(messages[0]?.text).toBe('Tell me about rx');
  });

  it('reports a LangChain failure as a typed error naming the step', async () => {
    const model = new ScriptedLCChatModel({ chunks: textChunks('x') });
    model._streamResponseChunks = async function* () {
      yield* [];
      throw new Error('model exploded');
    };
    const error = await fromLangChain(model)
      .invoke('hi')
      .catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    expect((error as RxRunnablesError).code).toBe('GENERATION');
    expect((error as RxRunnablesError).step).toBe('ScriptedLCChatModel');
    expect((error as RxRunnablesError).message).toBe('model exploded');
  });
});
