// The shape-based converters of rx-runnables/chunks, checked against real @langchain/core
// classes and against the class-based converters of rx-runnables/langchain (the oracle).
import {
  AIMessage as LCAIMessage,
  AIMessageChunk as LCAIMessageChunk,
  ChatMessage as LCChatMessage,
  FunctionMessage as LCFunctionMessage,
  HumanMessage as LCHumanMessage,
  HumanMessageChunk as LCHumanMessageChunk,
  RemoveMessage as LCRemoveMessage,
  SystemMessage as LCSystemMessage,
  ToolMessage as LCToolMessage,
  coerceMessageLikeToMessage,
} from '@langchain/core/messages';
import type { BaseMessage as LCBaseMessage, BaseMessageLike } from '@langchain/core/messages';
import {
  ChatPromptValue as LCChatPromptValue,
  StringPromptValue as LCStringPromptValue,
} from '@langchain/core/prompt_values';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AIMessage,
  AIMessageChunk,
  HumanMessage,
  SystemMessage,
  ToolMessage,
  fromForeignMessage,
  toForeignMessage,
} from '../../src/chunks';
import type { BaseMessage } from '../../src/chunks';
import { fromForeignValue, toForeignValue } from '../../src/chunks/foreign-message';
import { fromLangChainMessage } from '../../src/langchain/messages';
import { ChatPromptValue, StringPromptValue } from '../../src/models';

const usage = { input_tokens: 10, output_tokens: 4, total_tokens: 14 };

const theirs: [string, LCBaseMessage][] = [
  [
    'HumanMessage',
    new LCHumanMessage({ content: 'hi', id: 'h', name: 'n', additional_kwargs: { a: 1 } }),
  ],
  ['HumanMessageChunk', new LCHumanMessageChunk('hi')],
  ['SystemMessage with blocks', new LCSystemMessage({ content: [{ type: 'text', text: 's' }] })],
  [
    'AIMessage',
    new LCAIMessage({
      content: 'x',
      tool_calls: [{ name: 'f', args: { q: 1 }, id: 'c', type: 'tool_call' }],
      invalid_tool_calls: [
        { name: 'g', args: '{', id: 'd', error: 'bad', type: 'invalid_tool_call' },
      ],
      usage_metadata: {
        ...usage,
        input_token_details: { cache_read: 6, audio: 1 },
        output_token_details: { reasoning: 2 },
      },
      response_metadata: { model_name: 'm', finish_reason: 'tool_calls' },
    }),
  ],
  [
    'text AIMessageChunk',
    new LCAIMessageChunk({ content: 'tok', id: 'run-1', response_metadata: { model_name: 'm' } }),
  ],
  [
    'AIMessageChunk with tool-call chunks and usage',
    new LCAIMessageChunk({
      content: [{ type: 'text', text: 'a', index: 0 }],
      id: 'run-9',
      name: 'bot',
      tool_call_chunks: [{ index: 0, id: 'c', name: 'f', args: '{"q":', type: 'tool_call_chunk' }],
      usage_metadata: usage,
      additional_kwargs: { reasoning_content: 'hm' },
    }),
  ],
  [
    'AIMessageChunk with complete tool calls',
    new LCAIMessageChunk({
      content: '',
      tool_calls: [{ name: 'f', args: {}, id: 'c1', type: 'tool_call' }],
    }),
  ],
  [
    'ToolMessage',
    new LCToolMessage({
      content: 'ok',
      tool_call_id: 'c',
      status: 'error',
      artifact: [1],
      metadata: { ms: 4 },
    }),
  ],
  ['ChatMessage as user', new LCChatMessage('hi', 'user')],
  ['ChatMessage as assistant', new LCChatMessage('hi', 'assistant')],
  ['ChatMessage as developer', new LCChatMessage('be brief', 'developer')],
];

describe('fromForeignMessage', () => {
  it.each(theirs)('converts a LangChain %s as fromLangChainMessage does', (_name, message) => {
    const ours = fromForeignMessage(message);
    const oracle = fromLangChainMessage(message);
    expect(ours?.constructor).toBe(oracle.constructor);
    expect(ours?.toJSON()).toEqual(oracle.toJSON());
  });

  it('keeps every field of a streamed chunk, camelCased', () => {
    const ours = fromForeignMessage(theirs[5]![1]) as AIMessageChunk;
    expect(ours).toBeInstanceOf(AIMessageChunk);
    expect(ours.content).toEqual([{ type: 'text', text: 'a', index: 0 }]);
    expect([ours.id, ours.name, ours.additionalKwargs]).toEqual([
      'run-9',
      'bot',
      { reasoning_content: 'hm' },
    ]);
    expect(ours.toolCallChunks).toEqual([
      { index: 0, id: 'c', name: 'f', args: '{"q":', type: 'tool_call_chunk' },
    ]);
    expect(ours.usageMetadata).toEqual({ inputTokens: 10, outputTokens: 4, totalTokens: 14 });
    const full = fromForeignMessage(theirs[3]![1]) as AIMessage;
    expect(full.usageMetadata?.inputTokenDetails).toEqual({ cacheRead: 6, audio: 1 });
  });

  it('copies what it takes: changing the LangChain message later changes nothing', () => {
    const lc = new LCAIMessageChunk({
      content: [{ type: 'text', text: 'a' }],
      response_metadata: { n: 1 },
    });
    const ours = fromForeignMessage(lc) as AIMessageChunk;
    (lc.content as { text: string }[])[0]!.text = 'changed';
    lc.response_metadata.n = 2;
    expect(ours.text).toBe('a');
    expect(ours.responseMetadata).toEqual({ n: 1 });
  });

  it('returns undefined for non-messages, our messages and types without a counterpart', () => {
    for (const value of [
      'text',
      42,
      null,
      { content: 'plain data' },
      { type: 'text', text: 'a content block' },
      new HumanMessage('ours'),
      new LCFunctionMessage({ content: 'x', name: 'f' }),
      new LCRemoveMessage({ id: 'm1' }),
      new LCChatMessage('hi', 'narrator'),
    ]) {
      expect(fromForeignMessage(value)).toBeUndefined();
    }
  });

  it('recognises a message by lc_namespace or getType() alone (another copy of LangChain)', () => {
    const namespaced = {
      lc_namespace: ['langchain_core', 'messages'],
      type: 'human',
      content: 'a',
    };
    const typed = { getType: () => 'system', content: 'b' };
    expect(fromForeignMessage(namespaced)).toEqual(new HumanMessage('a'));
    expect(fromForeignMessage(typed)).toEqual(new SystemMessage('b'));
  });
});

const ours: [string, BaseMessage][] = [
  [
    'HumanMessage',
    new HumanMessage({ content: [{ type: 'text', text: 'Look' }], id: 'h1', name: 'ada' }),
  ],
  ['SystemMessage', new SystemMessage({ content: 'Be brief', additionalKwargs: { k: 1 } })],
  [
    'AIMessage',
    new AIMessage({
      content: 'Calling',
      id: 'a1',
      toolCalls: [{ name: 'f', args: { a: [1] }, id: 'c1', type: 'tool_call' }],
      invalidToolCalls: [
        { name: 'g', args: '{oops', id: 'c2', error: 'bad', type: 'invalid_tool_call' },
      ],
      usageMetadata: {
        inputTokens: 3,
        outputTokens: 1,
        totalTokens: 4,
        outputTokenDetails: { reasoning: 1 },
      },
      responseMetadata: { model_name: 'gpt-4o' },
    }),
  ],
  [
    'ToolMessage',
    new ToolMessage({
      content: '21°C',
      toolCallId: 'c1',
      name: 'weather',
      status: 'error',
      artifact: { raw: true },
      metadata: { ms: 4 },
    }),
  ],
];

describe('toForeignMessage', () => {
  it.each(ours)('gives a %s LangChain coerces into its class, losing nothing', (_name, message) => {
    const like = toForeignMessage(message);
    expect(like).not.toBe(message);
    const lc = coerceMessageLikeToMessage(like as BaseMessageLike);
    expect(lc.type).toBe(message.type);
    const back = fromForeignMessage(lc);
    expect(back?.constructor).toBe(message.constructor);
    expect(back?.toJSON()).toEqual(message.toJSON());
  });

  it('sends a chunk as a complete AI message with the tool calls its chunks add up to', () => {
    const chunk = new AIMessageChunk({
      content: 'x',
      toolCallChunks: [{ index: 0, id: 'c1', name: 'f', args: '{"a":1}' }],
    });
    const lc = coerceMessageLikeToMessage(
      toForeignMessage(chunk) as BaseMessageLike,
    ) as LCAIMessage;
    expect(lc).toBeInstanceOf(LCAIMessage);
    expect(lc.tool_calls).toEqual([{ name: 'f', args: { a: 1 }, id: 'c1', type: 'tool_call' }]);
  });

  it('uses snake_case field names and leaves undefined fields out', () => {
    expect(toForeignMessage(new ToolMessage({ content: 'r', toolCallId: 'c1' }))).toEqual({
      type: 'tool',
      content: 'r',
      additional_kwargs: {},
      response_metadata: {},
      tool_call_id: 'c1',
    });
    expect(toForeignMessage(ours[2]![1]).usage_metadata).toEqual({
      input_tokens: 3,
      output_tokens: 1,
      total_tokens: 4,
      output_token_details: { reasoning: 1 },
    });
  });
});

describe('value conversion at the border (the hooks pipe uses)', () => {
  it('converts messages, lists of them and LangChain prompt values coming out', () => {
    expect(fromForeignValue(new LCAIMessageChunk('a'))).toEqual(
      new AIMessageChunk({ content: 'a', toolCalls: [], invalidToolCalls: [] }),
    );
    expect(fromForeignValue([new LCHumanMessage('q'), 'x'])).toEqual([new HumanMessage('q'), 'x']);
    expect(fromForeignValue(new LCChatPromptValue([new LCSystemMessage('s')]))).toEqual([
      new SystemMessage('s'),
    ]);
    expect(fromForeignValue(new LCStringPromptValue('plain'))).toBe('plain');
    const doc = { pageContent: 'p', metadata: {} };
    for (const value of ['s', 1, doc, [1, 2], { content: 'data' }])
      expect(fromForeignValue(value)).toBe(value);
  });

  it('converts our messages, lists and prompt values going in', () => {
    expect(toForeignValue(new HumanMessage('q'))).toEqual(toForeignMessage(new HumanMessage('q')));
    expect(
      toForeignValue(new ChatPromptValue([new SystemMessage('s'), new HumanMessage('q')])),
    ).toEqual([toForeignMessage(new SystemMessage('s')), toForeignMessage(new HumanMessage('q'))]);
    expect(toForeignValue(new StringPromptValue('plain'))).toBe('plain');
    const lc = new LCHumanMessage('theirs');
    for (const value of ['s', { a: 1 }, lc, [lc]]) expect(toForeignValue(value)).toBe(value);
  });
});

describe('fromForeignMessage on random LangChain chunks', () => {
  const text = fc.constantFrom('', 'a', 'Hel', 'lo', '{"x"', ':1}');
  const chunkSpec = fc.record({
    content: fc.oneof(
      text,
      fc.array(
        fc.record({ type: fc.constant('text'), text, index: fc.integer({ min: 0, max: 2 }) }),
        { maxLength: 2 },
      ),
    ),
    id: fc.option(fc.constantFrom('run-1', 'run-2'), { nil: undefined }),
    response_metadata: fc.record({ model_name: fc.constantFrom('a', 'b') }, { requiredKeys: [] }),
    tool_call_chunks: fc.array(
      fc.record({
        index: fc.integer({ min: 0, max: 1 }),
        id: fc.constantFrom('c1', 'c2'),
        name: fc.constantFrom('f', 'g'),
        args: text,
      }),
      { maxLength: 2 },
    ),
    usage_metadata: fc.option(
      fc.record({ input_tokens: fc.nat(9), output_tokens: fc.nat(9), total_tokens: fc.nat(18) }),
      { nil: undefined },
    ),
  });

  it('gives the same message as fromLangChainMessage, alone and after LangChain concat', () => {
    fc.assert(
      fc.property(fc.array(chunkSpec, { minLength: 1, maxLength: 4 }), (specs) => {
        const chunks = specs.map((spec) => new LCAIMessageChunk(spec));
        const sum = chunks.reduce((a, b) => a.concat(b));
        for (const lc of [...chunks, sum]) {
          expect(fromForeignMessage(lc)?.toJSON()).toEqual(fromLangChainMessage(lc).toJSON());
        }
      }),
      { numRuns: 200 },
    );
  });
});
