// streamEvents of prompt | model | parser, through @langchain/core and through rx-runnables.
import { StringOutputParser as LCParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCPrompt } from '@langchain/core/prompts';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import type { BaseMessage } from '../../src/chunks';
import { ChatModel, ChatPromptTemplate, StringOutputParser } from '../../src/models';
import type { RunEvent } from '../../src/core';

/** Streams the characters of its reply, as LangChain's FakeListChatModel does. */
class CharModel extends ChatModel {
  constructor(private readonly reply: string) {
    super();
  }
  protected streamMessages(_messages: BaseMessage[]): Observable<AIMessageChunk> {
    return new Observable<AIMessageChunk>((subscriber) => {
      for (const ch of this.reply) subscriber.next(new AIMessageChunk(ch));
      subscriber.complete();
    });
  }
}

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
};

describe('streamEvents of prompt | model | parser', () => {
  const reply = 'ab c';
  const lcChain = () =>
    LCPrompt.fromMessages([['human', '{q}']])
      .pipe(new FakeListChatModel({ responses: [reply] }))
      .pipe(new LCParser());
  const ours = () =>
    ChatPromptTemplate.fromMessages([['human', '{q}']])
      .pipe(new CharModel(reply))
      .pipe(new StringOutputParser());

  it('reports the same events in the same order', async () => {
    const lc = await collect(lcChain().streamEvents({ q: 'hi' }, { version: 'v2' }));
    const ourEvents: RunEvent[] = await collect(
      ours().streamEvents({ q: 'hi' }, { version: 'v2' }),
    );
    expect(ourEvents.map((e) => e.event)).toEqual(lc.map((e) => e.event));
    expect(ourEvents.map((e) => e.tags)).toEqual(lc.map((e) => e.tags));
  });

  it("on_chat_model_start's data.input is { messages: [[…]] }", async () => {
    const lc = await collect(lcChain().streamEvents({ q: 'hi' }, { version: 'v2' }));
    const ourEvents = await collect(ours().streamEvents({ q: 'hi' }));
    const lcStart = lc.find((e) => e.event === 'on_chat_model_start')?.data.input as {
      messages: { content: string }[][];
    };
    const start = ourEvents.find((e) => e.event === 'on_chat_model_start')?.data.input as {
      messages: BaseMessage[][];
    };
    expect(start.messages).toHaveLength(lcStart.messages.length);
    expect(start.messages[0]?.map((m) => m.text)).toEqual(
      lcStart.messages[0]?.map((m) => m.content),
    );
  });

  it("chunks without an id get 'run-<runId>' of the model's run, as in LangChain", async () => {
    const lc = await collect(lcChain().streamEvents({ q: 'hi' }, { version: 'v2' }));
    const lcStream = lc.find((e) => e.event === 'on_chat_model_stream');
    expect((lcStream?.data.chunk as { id?: string }).id).toBe(`run-${lcStream?.run_id}`);
    const ourEvents = await collect(ours().streamEvents({ q: 'hi' }));
    const streamEvents = ourEvents.filter((e) => e.event === 'on_chat_model_stream');
    for (const event of streamEvents) {
      expect((event.data.chunk as AIMessageChunk).id).toBe(`run-${event.runId}`);
    }
    const message = await new CharModel(reply).invoke('hi');
    expect(message.id).toMatch(/^run-[0-9a-f-]{36}$/);
  });
});
