// Message-likes as a LangChain.js user writes them, read by @langchain/core and by us side by side.
import {
  AIMessageChunk as LCAIMessageChunk,
  HumanMessage as LCHumanMessage,
  ToolMessage as LCToolMessage,
  coerceMessageLikeToMessage,
} from '@langchain/core/messages';
import type { BaseMessage as LCBaseMessage } from '@langchain/core/messages';
import { FakeChatModel } from '@langchain/core/utils/testing';
import fc from 'fast-check';
import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BaseMessage } from '../../src/chunks';
import {
  AIMessageChunk,
  HumanMessage,
  coerceMessageLike,
  fromForeignMessage,
} from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';
import { toLangChain } from '../../src/langchain';
import { fromLangChainMessage } from '../../src/langchain/messages';
import {
  ChatModel,
  ChatPromptTemplate,
  ChatPromptValue,
  MessagesPlaceholder,
} from '../../src/models';
import type { ChatModelInput } from '../../src/models';

/** What LangChain makes of a message-like, in our classes (the lossless converter). */
const theirs = (like: unknown): BaseMessage =>
  fromLangChainMessage(coerceMessageLikeToMessage(like as never));

const openAIToolCall = (id: string, name: string, args: unknown) => ({
  id,
  type: 'function' as const,
  function: { name, arguments: JSON.stringify(args) },
});

const samples: [string, unknown][] = [
  ['a string', 'Hi'],
  ['OpenAI user', { role: 'user', content: 'Hi', name: 'ada' }],
  ['OpenAI system', { role: 'system', content: 'Be brief' }],
  ['OpenAI developer', { role: 'developer', content: 'Be terse' }],
  ['OpenAI assistant', { role: 'assistant', content: 'Hello!' }],
  [
    'OpenAI assistant with tool calls',
    {
      role: 'assistant',
      content: '',
      tool_calls: [
        openAIToolCall('call_1', 'weather', { city: 'Oslo' }),
        openAIToolCall('call_2', 'time', { tz: 'UTC', at: [1, 2] }),
      ],
    },
  ],
  [
    'OpenAI tool result',
    { role: 'tool', content: '21°C', tool_call_id: 'call_1', name: 'weather' },
  ],
  [
    'OpenAI user with content parts',
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } },
      ],
    },
  ],
  ['LangChain human', { type: 'human', content: 'Hi', id: 'm1' }],
  [
    'LangChain ai with tool calls and usage',
    {
      type: 'ai',
      content: 'Let me check',
      tool_calls: [{ name: 'weather', args: { city: 'Oslo' }, id: 'call_1', type: 'tool_call' }],
      usage_metadata: { input_tokens: 3, output_tokens: 2, total_tokens: 5 },
      response_metadata: { model_name: 'gpt-4o-mini' },
    },
  ],
  ['LangChain system', { type: 'system', content: 'S' }],
  ['LangChain tool', { type: 'tool', content: 'ok', tool_call_id: 'c9', status: 'error' }],
  ['tuple human', ['human', 'Hi']],
  ['tuple user', ['user', 'Hi']],
  ['tuple ai', ['ai', 'Hello']],
  ['tuple assistant', ['assistant', 'Hello']],
  ['tuple system', ['system', 'Be brief']],
  ['tuple with blocks', ['human', [{ type: 'text', text: 'a' }]]],
  ['serialized LangChain message', JSON.parse(JSON.stringify(new LCHumanMessage('stored')))],
  ['a LangChain message', new LCToolMessage({ content: 'r', tool_call_id: 'c1' })],
];

describe('message-likes: the same messages as coerceMessageLikeToMessage', () => {
  it.each(samples)('%s', (_label, like) => {
    expect(coerceMessageLike(like)).toEqual(theirs(like));
  });

  it('holds for random OpenAI-style messages', () => {
    const text = fc.constantFrom('', 'Hi', 'é {x}', 'multi\nline');
    const args = fc.dictionary(fc.constantFrom('a', 'city', 'n'), fc.oneof(fc.integer(), text));
    const call = fc.record({
      id: fc.constantFrom('call_1', 'call_2'),
      name: fc.constantFrom('weather', 'search'),
      args,
    });
    const message = fc.oneof(
      fc.record(
        { role: fc.constantFrom('user', 'system', 'developer'), content: text, name: text },
        { requiredKeys: ['role', 'content'] },
      ),
      fc
        .record(
          { content: text, calls: fc.array(call, { maxLength: 3 }) },
          { requiredKeys: ['content'] },
        )
        .map(({ content, calls }) => ({
          role: 'assistant',
          content,
          ...(calls ? { tool_calls: calls.map((c) => openAIToolCall(c.id, c.name, c.args)) } : {}),
        })),
      fc.record({ role: fc.constant('tool'), content: text, tool_call_id: text }),
      fc.tuple(fc.constantFrom('human', 'user', 'ai', 'assistant', 'system'), text),
    );
    fc.assert(
      fc.property(message, (like) => {
        expect(coerceMessageLike(like)).toEqual(theirs(like));
      }),
    );
  });

  it('fromForeignMessage reads plain message-likes too, and still not our own messages', () => {
    expect(fromForeignMessage({ role: 'user', content: 'Hi' })).toEqual(new HumanMessage('Hi'));
    expect(fromForeignMessage(['ai', 'Yo'])).toEqual(theirs(['ai', 'Yo']));
    expect(fromForeignMessage(new HumanMessage('ours'))).toBeUndefined();
    expect(fromForeignMessage({ type: 'text', text: 'a block' })).toBeUndefined();
  });
});

describe('message-likes LangChain rejects: ours rejects with a typed error', () => {
  const rejected: [string, unknown][] = [
    ['an unknown role', { role: 'robot', content: 'beep' }],
    ['a tool message without tool_call_id', { role: 'tool', content: 'r' }],
    ['an unknown tuple role', ['robot', 'beep']],
  ];
  it.each(rejected)('%s', (_label, like) => {
    expect(() => theirs(like)).toThrow();
    expect(() => coerceMessageLike(like, { step: 'model', index: 2 })).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        details: expect.objectContaining({ step: 'model', index: 2 }) as unknown,
      }) as Error,
    );
  });

  it('documented difference: unparsable tool-call arguments become invalid tool calls', () => {
    const like = {
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":' } },
        openAIToolCall('c2', 'g', { b: 1 }),
      ],
    };
    expect(() => theirs(like)).toThrow(SyntaxError);
    const ours = coerceMessageLike(like) as AIMessageChunk;
    expect(ours.toolCalls).toEqual([{ id: 'c2', args: { b: 1 }, name: 'g', type: 'tool_call' }]);
    expect(ours.invalidToolCalls).toEqual([
      expect.objectContaining({ id: 'c1', name: 'f', args: '{"a":', type: 'invalid_tool_call' }),
    ]);
  });
});

/** Records the messages it gets and answers with their contents, as LangChain's FakeChatModel. */
class RecordingModel extends ChatModel {
  received: BaseMessage[] = [];
  protected streamMessages(messages: BaseMessage[]) {
    this.received = messages;
    const text = messages
      .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content, null, 2)))
      .join('\n');
    return of(new AIMessageChunk(text));
  }
}

class RecordingLCModel extends FakeChatModel {
  received: LCBaseMessage[] = [];
  override async _generate(...args: Parameters<FakeChatModel['_generate']>) {
    this.received = args[0];
    return super._generate(...args);
  }
}

describe('chat model input', () => {
  const conversation = [
    { role: 'system', content: 'Be brief' },
    ['human', 'Weather in Oslo?'],
    {
      role: 'assistant',
      content: null,
      tool_calls: [openAIToolCall('call_1', 'weather', { city: 'Oslo' })],
    },
    { role: 'tool', content: '21°C', tool_call_id: 'call_1' },
    { type: 'ai', content: 'It is 21°C.' },
    'And tomorrow?',
  ];

  it('takes the same message-like list as a LangChain chat model, with the same answer', async () => {
    const ours = new RecordingModel();
    const lc = new RecordingLCModel({});
    const [ourReply, theirReply] = await Promise.all([
      ours.invoke(conversation as unknown as ChatModelInput),
      lc.invoke(conversation as never),
    ]);
    const expected = lc.received.map(fromLangChainMessage);
    // The one documented difference: OpenAI's `content: null` is '' here, [] in LangChain.
    expect(expected[2]?.content).toEqual([]);
    expect(ours.received[2]?.content).toBe('');
    expect(ours.received).toEqual(expected.map((m, i) => (i === 2 ? { ...m, content: '' } : m)));
    expect(ourReply.content).toBe(String(theirReply.content).replace('\n[]\n', '\n\n'));
  });

  it('rejects a bad item with INVALID_INPUT naming the model and the index', async () => {
    const model = new RecordingModel();
    await expect(
      model.invoke(['ok', { role: 'user', content: 42 }] as unknown as ChatModelInput),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { step: 'RecordingModel', index: 1 },
    });
    await expect(model.invoke(42 as unknown as string)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { step: 'RecordingModel' },
    });
  });

  it('takes them through toLangChain too, as a LangChain chat model would', async () => {
    const ours = new RecordingModel();
    const lc = new RecordingLCModel({});
    const [ourReply, theirReply] = await Promise.all([
      toLangChain(ours).invoke([['human', 'Hi'], { role: 'assistant', content: 'Yo' }, 'Again']),
      lc.invoke([['human', 'Hi'], { role: 'assistant', content: 'Yo' }, 'Again']),
    ]);
    expect(ours.received).toEqual(lc.received.map(fromLangChainMessage));
    expect((ourReply as { content: unknown }).content).toBe(theirReply.content);
  });

  it('reads a prompt value whose messages are message-likes', async () => {
    const ours = new RecordingModel();
    await ours.invoke(new ChatPromptValue([['system', 'S'], { role: 'user', content: 'U' }]));
    expect(ours.received.map((m) => [m.type, m.text])).toEqual([
      ['system', 'S'],
      ['human', 'U'],
    ]);
  });
});

describe('MessagesPlaceholder', () => {
  it('fills in message-likes as LangChain does', async () => {
    const { ChatPromptTemplate: LCPrompt, MessagesPlaceholder: LCPlaceholder } =
      await import('@langchain/core/prompts');
    const history = [
      { role: 'user', content: 'Hi' },
      ['assistant', 'Hello!'],
      'plain string',
      new LCAIMessageChunk({ content: 'from LangGraph state' }),
    ];
    const lc = LCPrompt.fromMessages([new LCPlaceholder('history'), ['human', '{q}']]);
    const ours = ChatPromptTemplate.fromMessages([
      new MessagesPlaceholder('history'),
      ['human', '{q}'],
    ]);
    const expected = (await lc.formatMessages({ history, q: 'Q' })).map(fromLangChainMessage);
    expect(ours.formatMessages({ history, q: 'Q' })).toEqual(expected);
    // One message-like that is not a list is one message, in both.
    const one = { role: 'user', content: 'alone' };
    expect(ours.formatMessages({ history: one, q: 'Q' })).toEqual(
      (await lc.formatMessages({ history: one, q: 'Q' })).map(fromLangChainMessage),
    );
  });

  it('names the placeholder, the step and the index of a bad item', () => {
    const prompt = ChatPromptTemplate.fromMessages([new MessagesPlaceholder('history')]);
    try {
      prompt.formatMessages({ history: ['ok', { role: 'tool', content: 'no id' }] });
      expect.unreachable();
    } catch (error) {
      expect(RxRunnablesError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'INVALID_INPUT',
        details: { variable: 'history', step: 'ChatPromptTemplate', index: 1 },
      });
      expect((error as Error).message).toMatch(/tool_call_id/);
    }
  });
});

describe('snake_case aliases on messages', () => {
  // One stream of chunks, built in both libraries and added up in each.
  const specs = [
    {
      content: 'Hel',
      id: 'run-1',
      tool_call_chunks: [{ index: 0, id: 'call_1', name: 'weather', args: '{"city":' }],
      additional_kwargs: { reasoning_content: 'think' },
    },
    {
      content: 'lo',
      tool_call_chunks: [
        { index: 0, args: '"Oslo"}' },
        { index: 1, name: 'bad', args: 'oops' },
      ],
      response_metadata: { finish_reason: 'tool_calls' },
      usage_metadata: {
        input_tokens: 7,
        output_tokens: 3,
        total_tokens: 10,
        input_token_details: { cache_read: 2 },
        output_token_details: { reasoning: 1 },
      },
    },
  ];

  it('read the same values LangChain code reads from a LangChain chunk', () => {
    const lc = specs.map((s) => new LCAIMessageChunk(s)).reduce((a, b) => a.concat(b));
    const ours = specs
      .map((s) => fromForeignMessage(new LCAIMessageChunk(s)) as AIMessageChunk)
      .reduce((a, b) => a.concat(b));
    expect(ours.tool_calls).toEqual(lc.tool_calls);
    expect(ours.tool_call_chunks).toEqual(lc.tool_call_chunks);
    expect(ours.invalid_tool_calls).toEqual(
      lc.invalid_tool_calls?.map((call) => ({ ...call, error: expect.any(String) as unknown })),
    );
    expect(ours.usage_metadata).toEqual(lc.usage_metadata);
    expect(ours.response_metadata).toEqual(lc.response_metadata);
    expect(ours.additional_kwargs).toEqual(lc.additional_kwargs);
    const tool = coerceMessageLike({ role: 'tool', content: 'r', tool_call_id: 'call_1' });
    expect((tool as unknown as { tool_call_id: string }).tool_call_id).toBe('call_1');
  });

  it('are prototype getters: nothing is stored per chunk and the JSON form is unchanged', () => {
    const chunk = new AIMessageChunk({ content: 'a', usageMetadata: usage });
    for (const alias of ['tool_calls', 'usage_metadata', 'response_metadata', 'tool_call_chunks']) {
      expect(Object.keys(chunk)).not.toContain(alias);
      expect(alias in chunk).toBe(true);
    }
    expect(Object.keys(chunk.toJSON())).not.toContain('usage_metadata');
    expect(() => {
      (chunk as unknown as { tool_calls: unknown }).tool_calls = [];
    }).toThrow(TypeError);
  });
});

const usage = { inputTokens: 1, outputTokens: 2, totalTokens: 3 };
