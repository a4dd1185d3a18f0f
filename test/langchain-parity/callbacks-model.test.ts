// A chat model run on its own: callbacks and streamLog on LangChain's fake model and ours.
import { AIMessage } from '@langchain/core/messages';
import { FakeListChatModel, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { CharModel, normalize, normalizer, recorder } from './callbacks-support';
import { drain } from './support';

describe('a chat model on its own', () => {
  it('stream(): handleChatModelStart with [[messages]], a token per chunk, handleLLMEnd', async () => {
    const lc = recorder();
    await drain(
      await new FakeStreamingChatModel({ sleep: 0, responses: [new AIMessage('ab')] }).stream(
        'hi',
        { callbacks: [lc.handler] },
      ),
    );
    const rx = recorder();
    await drain(new CharModel('ab').stream('hi', { callbacks: [rx.handler] }));
    expect(lc.calls.map((c) => c[0])).toEqual([
      'handleChatModelStart',
      'handleLLMNewToken',
      'handleLLMNewToken',
      'handleLLMEnd',
    ]);
    expect(normalize(rx.calls)).toEqual(normalize(lc.calls));
  });

  it('invoke(): no tokens, as LangChain', async () => {
    const lc = recorder();
    await new FakeListChatModel({ responses: ['ab'] }).invoke('hi', { callbacks: [lc.handler] });
    const rx = recorder();
    await new CharModel('ab').invoke('hi', { callbacks: [rx.handler] });
    expect(normalize(rx.calls)).toEqual(normalize(lc.calls));
  });

  it('streamLog(): the root is an llm run whose final output is the LLM result', async () => {
    const lc = await drain(
      new FakeStreamingChatModel({ sleep: 0, responses: [new AIMessage('ab')] }).streamLog('hi'),
    );
    const rx = await drain(new CharModel('ab').streamLog('hi'));
    const value = normalizer();
    const lcValue = normalizer();
    expect(rx.map((p) => value(p.ops))).toEqual(lc.map((p) => lcValue(p.ops)));
  });
});
