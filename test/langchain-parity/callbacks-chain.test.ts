// The `callbacks` option: the same handler gets the same calls, with the same arguments, from a
// LangChain chain and from ours (prompt | model | parser), streamed, invoked and in streamEvents.
import { AIMessage } from '@langchain/core/messages';
import { FakeListChatModel, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { CharModel, normalize, recorder } from './callbacks-support';
import { drain, lcChainOf, ourChainOf } from './support';

const reply = 'ab';
const lcStreaming = () =>
  lcChainOf(new FakeStreamingChatModel({ sleep: 0, responses: [new AIMessage(reply)] }));
const lcList = () => lcChainOf(new FakeListChatModel({ responses: [reply] }));
const ours = () => ourChainOf(new CharModel(reply));

describe('callbacks on prompt | model | parser', () => {
  it('stream(): the same calls, tokens with { chunk } included, in the same order', async () => {
    const lc = recorder();
    await drain(await lcStreaming().stream({ q: 'hi' }, { callbacks: [lc.handler] }));
    const rx = recorder();
    expect(await drain(ours().stream({ q: 'hi' }, { callbacks: [rx.handler] }))).toEqual([
      'a',
      'b',
    ]);
    expect(lc.calls.map((c) => c[0])).toContain('handleLLMNewToken');
    expect(normalize(rx.calls)).toEqual(normalize(lc.calls));
  });

  it('invoke(): the same calls, tags and metadata, as LangChain invokes step after step', async () => {
    const options = { tags: ['t'], metadata: { user: 'u1' } };
    const lc = recorder();
    await lcList().invoke({ q: 'hi' }, { ...options, callbacks: [lc.handler] });
    const rx = recorder();
    expect(await ours().invoke({ q: 'hi' }, { ...options, callbacks: [rx.handler] })).toBe(reply);
    expect(normalize(rx.calls)).toEqual(normalize(lc.calls));
  });

  it('streamEvents(): the handler gets the calls of a streamed run, and the events still flow', async () => {
    const lc = recorder();
    const lcEvents = await drain(
      lcStreaming().streamEvents({ q: 'hi' }, { version: 'v2', callbacks: [lc.handler] }),
    );
    const rx = recorder();
    const rxEvents = await drain(
      ours().streamEvents({ q: 'hi' }, { version: 'v2', callbacks: [rx.handler] }),
    );
    expect(rxEvents.map((e) => e.event)).toEqual(lcEvents.map((e) => e.event));
    expect(normalize(rx.calls)).toEqual(normalize(lc.calls));
  });

  it('a streamEvents filter does not filter the callbacks', async () => {
    const lc = recorder();
    await drain(
      lcStreaming().streamEvents(
        { q: 'hi' },
        { version: 'v2', callbacks: [lc.handler] },
        { includeTypes: ['parser'] },
      ),
    );
    const rx = recorder();
    await drain(
      ours().streamEvents(
        { q: 'hi' },
        { version: 'v2', callbacks: [rx.handler] },
        { includeTypes: ['parser'] },
      ),
    );
    expect(normalize(rx.calls)).toEqual(normalize(lc.calls));
  });
});
