// streamEvents of prompt | model | parser, through @langchain/core and through rx-runnables.
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import type { AIMessageChunk, BaseMessage } from '../../src/chunks';
import type { RunEvent } from '../../src/core';
import { CharModel } from '../langchain-parity/callbacks-support';
import { drain, lcChainOf, ourChainOf } from '../langchain-parity/support';

describe('streamEvents of prompt | model | parser', () => {
  const reply = 'ab c';
  const lcChain = () => lcChainOf(new FakeListChatModel({ responses: [reply] }));
  const ours = () => ourChainOf(new CharModel(reply));

  it('reports the same events in the same order', async () => {
    const lc = await drain(lcChain().streamEvents({ q: 'hi' }, { version: 'v2' }));
    const ourEvents: RunEvent[] = await drain(ours().streamEvents({ q: 'hi' }, { version: 'v2' }));
    expect(ourEvents.map((e) => e.event)).toEqual(lc.map((e) => e.event));
    expect(ourEvents.map((e) => e.tags)).toEqual(lc.map((e) => e.tags));
  });

  it("on_chat_model_start's data.input is { messages: [[…]] }", async () => {
    const lc = await drain(lcChain().streamEvents({ q: 'hi' }, { version: 'v2' }));
    const ourEvents = await drain(ours().streamEvents({ q: 'hi' }));
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
    const lc = await drain(lcChain().streamEvents({ q: 'hi' }, { version: 'v2' }));
    const lcStream = lc.find((e) => e.event === 'on_chat_model_stream');
    expect((lcStream?.data.chunk as { id?: string }).id).toBe(`run-${lcStream?.run_id}`);
    const ourEvents = await drain(ours().streamEvents({ q: 'hi' }));
    const streamEvents = ourEvents.filter((e) => e.event === 'on_chat_model_stream');
    for (const event of streamEvents) {
      expect((event.data.chunk as AIMessageChunk).id).toBe(`run-${event.runId}`);
    }
    const message = await new CharModel(reply).invoke('hi');
    expect(message.id).toMatch(/^run-[0-9a-f-]{36}$/);
  });
});
