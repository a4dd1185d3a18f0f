// streamEvents' include/exclude filter (names, types, tags), on @langchain/core 1.x and on ours.
import { StringOutputParser as LCParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCPrompt } from '@langchain/core/prompts';
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import { FakeListChatModel as LCFakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { RunnableLambda } from '../../src/core';
import type { EventFilter } from '../../src/core';
import { ChatPromptTemplate, StringOutputParser } from '../../src/models';
import { FakeListChatModel, comparable, drain } from './events-support';

const lcChain = () =>
  LCPrompt.fromMessages([['human', '{q}']])
    .pipe(new LCFakeListChatModel({ responses: ['ab'] }).withConfig({ tags: ['model'] }))
    .pipe(new LCParser())
    .pipe(LCLambda.from((s: string) => s.toUpperCase()).withConfig({ runName: 'shout' }));
const ourChain = () =>
  ChatPromptTemplate.fromMessages([['human', '{q}']])
    .pipe(new FakeListChatModel('ab').withConfig({ tags: ['model'] }))
    .pipe(new StringOutputParser())
    .pipe(RunnableLambda.from((s: string) => s.toUpperCase()).withConfig({ runName: 'shout' }));

const both = async (filter: EventFilter) => {
  const input = { q: 'hi' };
  // LangChain's typings want mutable arrays; the filter is the same object.
  const lcFilter = filter as { [K in keyof EventFilter]: string[] };
  const lc = comparable(await drain(lcChain().streamEvents(input, { version: 'v2' }, lcFilter)));
  const ours = comparable(await drain(ourChain().streamEvents(input, { version: 'v2' }, filter)));
  return { lc, ours };
};

// Filters that keep the root's start: LangChain then reports every event's data as we do.
const CASES: [string, EventFilter][] = [
  ['includeNames', { includeNames: ['RunnableSequence', 'shout'] }],
  ['includeTypes', { includeTypes: ['chain', 'parser'] }],
  ['includeTags', { includeTags: ['model', 'seq:step:4'], includeNames: ['RunnableSequence'] }],
  ['excludeNames', { excludeNames: ['StrOutputParser', 'shout'] }],
  ['excludeTypes', { excludeTypes: ['chat_model', 'prompt'] }],
  ['excludeTags', { excludeTags: ['model'] }],
  ['include and exclude', { includeTypes: ['chain', 'chat_model'], excludeTags: ['seq:step:4'] }],
];

describe('streamEvents filter, as LangChain', () => {
  it.each(CASES)('%s keeps the same events', async (_label, filter) => {
    const { lc, ours } = await both(filter);
    expect(lc.length).toBeGreaterThan(0);
    expect(ours).toEqual(lc);
  });

  it("without the root's start, LangChain gives the first kept event the root's input; we keep each event's own (a difference)", async () => {
    const { lc, ours } = await both({ includeTypes: ['chat_model'] });
    const strip = (events: typeof lc) => events.map(({ data: _data, ...rest }) => rest);
    expect(strip(ours)).toEqual(strip(lc));
    expect(lc[0]?.data).toEqual({ input: { q: 'hi' } });
    expect(ours[0]?.data).toEqual({ input: { messages: [[{ type: 'human', content: 'hi' }]] } });
    // …and treats that step as the root: its end event loses its input.
    const lcEnd = lc.find((e) => e.event === 'on_chat_model_end');
    const ourEnd = ours.find((e) => e.event === 'on_chat_model_end');
    expect(lcEnd?.data.input).toBeUndefined();
    expect(ourEnd?.data).toEqual({ ...lcEnd?.data, input: ours[0]?.data.input });
  });
});
