import {
  AIMessage as LCAIMessage,
  AIMessageChunk as LCAIMessageChunk,
  BaseMessageChunk as LCBaseMessageChunk,
  ChatMessage as LCChatMessage,
  FunctionMessage as LCFunctionMessage,
  HumanMessage as LCHumanMessage,
  HumanMessageChunk as LCHumanMessageChunk,
  SystemMessage as LCSystemMessage,
  ToolMessage as LCToolMessage,
} from '@langchain/core/messages';
import type { BaseMessage as LCBaseMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import {
  AIMessage,
  AIMessageChunk,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '../../src/chunks';
import type { BaseMessage } from '../../src/chunks';
import { fromLangChainMessage, toLangChainMessage } from '../../src/langchain/messages';

const usage = {
  inputTokens: 10,
  outputTokens: 4,
  totalTokens: 14,
  inputTokenDetails: { cacheRead: 6, audio: 1 },
  outputTokenDetails: { reasoning: 2 },
};

const ours: [string, BaseMessage][] = [
  [
    'HumanMessage with blocks',
    new HumanMessage({
      content: [
        { type: 'text', text: 'Look' },
        { type: 'image_url', image_url: { url: 'https://x/y.png' } },
      ],
      id: 'h1',
      name: 'ada',
      additionalKwargs: { k: 1 },
      responseMetadata: { r: 'x' },
    }),
  ],
  ['SystemMessage', new SystemMessage({ content: 'Be brief', id: 's1' })],
  [
    'AIMessage',
    new AIMessage({
      content: 'Calling',
      id: 'a1',
      toolCalls: [{ name: 'f', args: { a: [1] }, id: 'c1', type: 'tool_call' }],
      invalidToolCalls: [
        { name: 'g', args: '{oops', id: 'c2', error: 'bad', type: 'invalid_tool_call' },
      ],
      usageMetadata: usage,
      responseMetadata: { model_name: 'gpt-4o', finish_reason: 'tool_calls' },
    }),
  ],
  [
    'AIMessageChunk with tool-call chunks',
    new AIMessageChunk({
      content: 'Hel',
      id: 'run-1',
      toolCallChunks: [{ index: 0, id: 'c1', name: 'f', args: '{"a":', type: 'tool_call_chunk' }],
      additionalKwargs: { reasoning_content: 'hm' },
      usageMetadata: usage,
    }),
  ],
  [
    'AIMessageChunk with complete tool calls',
    new AIMessageChunk({
      content: '',
      toolCalls: [{ name: 'f', args: {}, id: 'c1', type: 'tool_call' }],
      invalidToolCalls: [{ name: 'g', args: '[', id: 'c2', error: 'e', type: 'invalid_tool_call' }],
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

/** The fields of a LangChain message, as plain data. */
function lcFields(m: LCBaseMessage): Record<string, unknown> {
  const x = m as LCBaseMessage & Record<string, unknown>;
  return {
    type: m.type,
    chunk: LCBaseMessageChunk.isInstance(m),
    content: m.content,
    id: m.id,
    name: m.name,
    additional_kwargs: m.additional_kwargs,
    response_metadata: m.response_metadata,
    tool_calls: x.tool_calls,
    invalid_tool_calls: x.invalid_tool_calls,
    tool_call_chunks: x.tool_call_chunks,
    usage_metadata: x.usage_metadata,
    tool_call_id: x.tool_call_id,
    status: x.status,
    artifact: x.artifact,
    metadata: x.metadata,
  };
}

describe('toLangChainMessage / fromLangChainMessage', () => {
  it.each(ours)('round-trips our %s through LangChain', (_name, message) => {
    const lc = toLangChainMessage(message);
    const back = fromLangChainMessage(lc);
    expect(back.constructor).toBe(message.constructor);
    expect(back.toJSON()).toEqual(message.toJSON());
  });

  it('maps each class and field to its LangChain counterpart', () => {
    const [, ai] = ours[2] as [string, AIMessage];
    const lc = toLangChainMessage(ai) as LCAIMessage;
    expect(lc).toBeInstanceOf(LCAIMessage);
    expect(lc.tool_calls).toEqual(ai.toolCalls);
    expect(lc.usage_metadata).toEqual({
      input_tokens: 10,
      output_tokens: 4,
      total_tokens: 14,
      input_token_details: { cache_read: 6, audio: 1 },
      output_token_details: { reasoning: 2 },
    });
    const chunk = toLangChainMessage((ours[3] as [string, AIMessageChunk])[1]) as LCAIMessageChunk;
    expect(LCAIMessageChunk.isInstance(chunk)).toBe(true);
    expect(chunk.tool_call_chunks).toEqual([
      { index: 0, id: 'c1', name: 'f', args: '{"a":', type: 'tool_call_chunk' },
    ]);
    expect(toLangChainMessage(new HumanMessage('x'))).toBeInstanceOf(LCHumanMessage);
    expect(toLangChainMessage(new SystemMessage('x'))).toBeInstanceOf(LCSystemMessage);
    expect((toLangChainMessage(ours[5]![1]) as LCToolMessage).tool_call_id).toBe('c1');
  });

  const theirs: [string, LCBaseMessage][] = [
    [
      'HumanMessage',
      new LCHumanMessage({ content: 'hi', id: 'h', name: 'n', additional_kwargs: { a: 1 } }),
    ],
    ['SystemMessage', new LCSystemMessage({ content: [{ type: 'text', text: 's' }] })],
    [
      'AIMessage',
      new LCAIMessage({
        content: 'x',
        tool_calls: [{ name: 'f', args: { q: 1 }, id: 'c', type: 'tool_call' }],
        usage_metadata: { input_tokens: 1, output_tokens: 2, total_tokens: 3 },
        response_metadata: { model_name: 'm' },
      }),
    ],
    [
      'AIMessageChunk',
      new LCAIMessageChunk({
        content: [{ type: 'text', text: 'a', index: 0 }],
        id: 'run-9',
        tool_call_chunks: [
          { index: 0, id: 'c', name: 'f', args: '{"q":1}', type: 'tool_call_chunk' },
        ],
        usage_metadata: {
          input_tokens: 1,
          output_tokens: 2,
          total_tokens: 3,
          input_token_details: {},
          output_token_details: {},
        },
      }),
    ],
    [
      'ToolMessage',
      new LCToolMessage({ content: 'ok', tool_call_id: 'c', status: 'success', artifact: [1] }),
    ],
  ];

  it.each(theirs)('round-trips a LangChain %s through ours', (_name, message) => {
    const back = toLangChainMessage(fromLangChainMessage(message));
    expect(back.constructor).toBe(message.constructor);
    expect(lcFields(back)).toEqual(lcFields(message));
  });

  it('adds up the same whichever side concatenates', () => {
    const pieces = [
      new AIMessageChunk({
        content: 'Hel',
        id: 'r',
        toolCallChunks: [{ index: 0, name: 'f', args: '{"a"' }],
      }),
      new AIMessageChunk({ content: 'lo', toolCallChunks: [{ index: 0, args: ':1}' }] }),
    ];
    const oursFirst = toLangChainMessage(pieces[0]!.concat(pieces[1]!)) as LCAIMessageChunk;
    const theirsFirst = (toLangChainMessage(pieces[0]!) as LCAIMessageChunk).concat(
      toLangChainMessage(pieces[1]!) as LCAIMessageChunk,
    );
    expect(lcFields(oursFirst)).toEqual(lcFields(theirsFirst));
  });

  it('maps LangChain chunk classes, ChatMessage roles, and rejects the rest', () => {
    expect(fromLangChainMessage(new LCHumanMessageChunk('hi'))).toBeInstanceOf(HumanMessage);
    expect(fromLangChainMessage(new LCChatMessage('hi', 'user'))).toBeInstanceOf(HumanMessage);
    expect(fromLangChainMessage(new LCChatMessage('hi', 'assistant'))).toBeInstanceOf(AIMessage);
    expect(() => fromLangChainMessage(new LCChatMessage('hi', 'narrator'))).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }) as Error,
    );
    expect(() => fromLangChainMessage(new LCFunctionMessage({ content: 'x', name: 'f' }))).toThrow(
      /no rx-runnables counterpart/,
    );
  });
});
