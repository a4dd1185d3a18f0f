import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { AIMessageChunk as LCAIMessageChunk } from '@langchain/core/messages';
import { StringOutputParser as LCStringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCChatPromptTemplate } from '@langchain/core/prompts';
import type { StreamEvent } from '@langchain/core/tracers/log_stream';
import { describe, expect, it } from 'vitest';
import { RunnableLambda } from '../../src/core';
import type { LambdaConfig } from '../../src/core';
import { toLangChain } from '../../src/langchain';
import { ChatPromptTemplate, StringOutputParser } from '../../src/models';
import { WordModel } from './fixtures';

async function lcEvents(
  runnable: { streamEvents(input: never, options: { version: 'v2' }): AsyncIterable<StreamEvent> },
  input: unknown,
): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of runnable.streamEvents(input as never, { version: 'v2' })) {
    events.push(event);
  }
  return events;
}

const names = (events: StreamEvent[]): string[] => events.map((e) => `${e.event} ${e.name}`);

function ourChain() {
  return ChatPromptTemplate.fromMessages([['human', '{q}']])
    .pipe(new WordModel('all good'))
    .pipe(new StringOutputParser());
}

describe('toLangChain: LangChain events and callbacks', () => {
  it("LangChain's streamEvents v2 shows our runnable's start, stream and end", async () => {
    const events = await lcEvents(toLangChain(new StringOutputParser()), 'text');
    expect(names(events)).toEqual([
      'on_parser_start StrOutputParser',
      'on_parser_stream StrOutputParser',
      'on_parser_end StrOutputParser',
    ]);
    expect(events[1]?.data.chunk).toBe('text');
    expect(events[2]?.data.output).toBe('text');
  });

  it('our chat model reports itself as a chat model, token by token, with LangChain chunks', async () => {
    const events = await lcEvents(toLangChain(new WordModel('one two')), 'hi');
    expect(names(events)).toEqual([
      'on_chat_model_start WordModel',
      'on_chat_model_stream WordModel',
      'on_chat_model_stream WordModel',
      'on_chat_model_end WordModel',
    ]);
    expect(events[1]?.data.chunk).toBeInstanceOf(LCAIMessageChunk);
    expect((events[3]?.data.output as LCAIMessageChunk).content).toBe('one two');
  });

  it('reports the steps inside our chain, and our model inside a LangChain sequence', async () => {
    const nested = await lcEvents(toLangChain(ourChain()), { q: 'how?' });
    expect(names(nested)).toEqual(
      expect.arrayContaining([
        'on_chain_start RunnableSequence',
        'on_prompt_start ChatPromptTemplate',
        'on_prompt_end ChatPromptTemplate',
        'on_chat_model_start WordModel',
        'on_chat_model_stream WordModel',
        'on_chat_model_end WordModel',
        'on_parser_start StrOutputParser',
        'on_parser_end StrOutputParser',
        'on_chain_end RunnableSequence',
      ]),
    );
    expect(nested.at(-1)?.event).toBe('on_chain_end');
    expect(nested.at(-1)?.data.output).toBe('all good');

    const lcChain = LCChatPromptTemplate.fromMessages([['human', '{q}']])
      .pipe(toLangChain(new WordModel('yes indeed')))
      .pipe(new LCStringOutputParser());
    const mixed = await lcEvents(lcChain, { q: 'sure?' });
    const tokens = mixed.filter((e) => e.event === 'on_chat_model_stream');
    expect(tokens.map((e) => (e.data.chunk as LCAIMessageChunk).content)).toEqual([
      'yes ',
      'indeed',
    ]);
  });

  it('hangs our inner runs under our run in LangChain callbacks', async () => {
    const runs: { kind: string; name: string | undefined; runId: string; parent?: string }[] = [];
    const handler = BaseCallbackHandler.fromMethods({
      handleChainStart(_chain, _inputs, runId, parentRunId, _tags, _meta, _type, name) {
        runs.push({ kind: 'chain', name, runId, parent: parentRunId });
      },
      handleChatModelStart(_llm, _messages, runId, parentRunId, _extra, _tags, _meta, name) {
        runs.push({ kind: 'chat_model', name, runId, parent: parentRunId });
      },
    });
    await toLangChain(ourChain()).invoke({ q: 'how?' }, { callbacks: [handler] });
    const root = runs.find((r) => r.parent === undefined);
    expect(root?.name).toBe('RunnableSequence');
    const model = runs.find((r) => r.kind === 'chat_model');
    expect(model).toMatchObject({ name: 'WordModel', parent: root?.runId });
    expect(runs.filter((r) => r.parent === root?.runId).map((r) => r.name)).toEqual([
      'ChatPromptTemplate',
      'WordModel',
      'StrOutputParser',
    ]);
  });

  it('builds no events of ours when LangChain has no callbacks', async () => {
    const contexts: LambdaConfig['context'][] = [];
    const probe = toLangChain(
      RunnableLambda.from((s: string, config: LambdaConfig) => {
        contexts.push(config.context);
        return s;
      }),
    );
    await probe.invoke('plain');
    await lcEvents(probe, 'watched');
    expect(contexts[0]?.events).toBeUndefined();
    expect(contexts[1]?.events).toBeTypeOf('function');
  });
});
