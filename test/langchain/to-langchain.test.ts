import { AIMessageChunk as LCAIMessageChunk, isAIMessageChunk } from '@langchain/core/messages';
import type { BaseMessage as LCBaseMessage } from '@langchain/core/messages';
import { StringOutputParser as LCStringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCChatPromptTemplate } from '@langchain/core/prompts';
import {
  RunnableLambda as LCRunnableLambda,
  RunnableSequence as LCRunnableSequence,
  Runnable as LCRunnable,
} from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk, BaseMessage } from '../../src/chunks';
import { RunnableLambda } from '../../src/core';
import { toLangChain } from '../../src/langchain';
import { ChatPromptTemplate, StringOutputParser } from '../../src/models';
import { WordModel } from './fixtures';

const lcPrompt = LCChatPromptTemplate.fromMessages([
  ['system', 'Be brief'],
  ['human', 'About {topic}'],
]);

describe('toLangChain: a real LangChain Runnable', () => {
  it('is a @langchain/core Runnable named after ours', () => {
    const adapted = toLangChain(new WordModel('hi'));
    expect(LCRunnable.isRunnable(adapted)).toBe(true);
    expect(adapted.getName()).toBe('WordModel');
  });

  it('streams our chunks through a LangChain sequence: the first is out before the last is in', async () => {
    const log: string[] = [];
    const model = new WordModel('one two three four', 5, log);
    const chain = lcPrompt.pipe(toLangChain(model)).pipe(new LCStringOutputParser());
    for await (const text of await chain.stream({ topic: 'rx' }))
      log.push(`consume ${text.trim()}`);
    expect(log.indexOf('consume one')).toBeLessThan(log.indexOf('produce 3'));
    expect(log.filter((l) => l.startsWith('consume'))).toEqual([
      'consume one',
      'consume two',
      'consume three',
      'consume four',
    ]);
  });

  it('hands our model our messages, converted from the LangChain prompt value', async () => {
    const model = new WordModel('ok');
    await lcPrompt.pipe(toLangChain(model)).invoke({ topic: 'rx' });
    const messages = model.calls[0]?.messages ?? [];
    expect(messages.map((m) => BaseMessage.isInstance(m))).toEqual([true, true]);
    expect(messages.map((m) => [m.type, m.text])).toEqual([
      ['system', 'Be brief'],
      ['human', 'About rx'],
    ]);
  });

  it('emits LangChain AIMessageChunks with every field', async () => {
    const reply = [
      new AIMessageChunk({ content: 'Let me check', id: 'msg-1' }),
      new AIMessageChunk({
        toolCallChunks: [{ index: 0, id: 'call_1', name: 'weather', args: '{"city":"Oslo"}' }],
        usageMetadata: { inputTokens: 5, outputTokens: 2, totalTokens: 7 },
      }),
    ];
    const adapted = toLangChain(new WordModel(reply));
    const chunks: LCBaseMessage[] = [];
    for await (const chunk of await adapted.stream('weather?')) chunks.push(chunk);
    expect(chunks).toHaveLength(2);
    for (const chunk of chunks) expect(chunk).toBeInstanceOf(LCAIMessageChunk);
    const total = await adapted.invoke('weather?');
    expect(isAIMessageChunk(total)).toBe(true);
    expect(total.content).toBe('Let me check');
    expect(total.id).toBe('msg-1');
    expect(total.tool_calls).toEqual([
      expect.objectContaining({ id: 'call_1', name: 'weather', args: { city: 'Oslo' } }),
    ]);
    expect(total.usage_metadata).toMatchObject({
      input_tokens: 5,
      output_tokens: 2,
      total_tokens: 7,
    });
  });

  it('gives the same final value as the all-LangChain chain', async () => {
    const responses = ['Streams are values over time.'];
    const allLangChain = lcPrompt
      .pipe(new FakeListChatModel({ responses }))
      .pipe(new LCStringOutputParser());
    const ourParser = lcPrompt
      .pipe(new FakeListChatModel({ responses }))
      .pipe(toLangChain(new StringOutputParser()));
    const ourModel = LCRunnableSequence.from([
      lcPrompt,
      toLangChain(new WordModel(responses[0] as string)),
      new LCStringOutputParser(),
    ]);
    const expected = await allLangChain.invoke({ topic: 'rx' });
    expect(await ourParser.invoke({ topic: 'rx' })).toBe(expected);
    expect(await ourModel.invoke({ topic: 'rx' })).toBe(expected);
  });

  it('runs a whole chain of ours inside LangChain, in batch too', async () => {
    const ours = ChatPromptTemplate.fromMessages([['human', '{q}']])
      .pipe(new WordModel('fine thanks'))
      .pipe(new StringOutputParser());
    const chain = LCRunnableLambda.from((q: string) => ({ q }))
      .pipe(toLangChain(ours))
      .pipe((text: string) => text.toUpperCase());
    expect(await chain.invoke('how are you?')).toBe('FINE THANKS');
    expect(await chain.batch(['a', 'b'])).toEqual(['FINE THANKS', 'FINE THANKS']);
  });

  it('passes LangChain messages in as ours and plain values through', async () => {
    const seen: unknown[] = [];
    const probe = toLangChain(
      RunnableLambda.from((input: unknown) => {
        seen.push(input);
        return input;
      }),
    );
    await probe.invoke([new LCAIMessageChunk('x')]);
    await probe.invoke({ a: 1 });
    expect((seen[0] as unknown[])[0]).toBeInstanceOf(AIMessageChunk);
    expect(seen[1]).toEqual({ a: 1 });
  });
});
