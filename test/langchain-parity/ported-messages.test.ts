// Cases ported from @langchain/core src/messages/tests/base_message.test.ts ("_mergeLists …",
// "Complex AIMessageChunk concat") and src/messages/tests/ai.test.ts, rewritten on our
// AIMessageChunk (camelCase fields) with LangChain's assertions.
import { describe, expect, it } from 'vitest';
import { AIMessageChunk, type ContentBlock, type ToolCallChunk } from '../../src/chunks';

const chunk = (content: ContentBlock[] | string, extra: object = {}) =>
  new AIMessageChunk({ content, ...extra });
const calls = (pieces: ToolCallChunk[], extra: object = {}) =>
  new AIMessageChunk({ content: '', toolCallChunks: pieces, ...extra });
/** An empty chunk concatenated with one streamed chunk per tool call piece, in order. */
const streamed = (pieces: ToolCallChunk[]): AIMessageChunk =>
  pieces.reduce(
    (final, piece) => final.concat(calls([piece], { id: 'chatcmpl-x' })),
    new AIMessageChunk(''),
  );

describe('ported from @langchain/core src/messages/tests/base_message.test.ts', () => {
  it('_mergeLists merges blocks by numeric index', () => {
    const merged = chunk([{ type: 'reasoning', index: 0, reasoning: '**Expl' }]).concat(
      chunk([{ type: 'reasoning', index: 0, reasoning: 'oring' }]),
    );
    expect(merged.content).toEqual([{ type: 'reasoning', index: 0, reasoning: '**Exploring' }]);
  });

  it('_mergeLists keeps different content block types separate when indices collide', () => {
    const merged = chunk([{ type: 'reasoning', index: 0, reasoning: 'Thinking' }]).concat(
      chunk([{ type: 'text', index: 0, text: 'Final answer' }]),
    );
    expect(merged.content).toEqual([
      { type: 'reasoning', index: 0, reasoning: 'Thinking' },
      { type: 'text', index: 0, text: 'Final answer' },
    ]);
  });

  it('_mergeLists merges blocks by string index', () => {
    const merged = chunk([
      { type: 'reasoning', index: 'lc_rs_305f30', reasoning: '**Expl' },
    ]).concat(chunk([{ type: 'reasoning', index: 'lc_rs_305f30', reasoning: 'oring' }]));
    expect(merged.content).toEqual([
      { type: 'reasoning', index: 'lc_rs_305f30', reasoning: '**Exploring' },
    ]);
  });

  it('_mergeLists merges blocks by id when index is missing', () => {
    const id = 'tooluse_abc123';
    const merged = calls([{ name: 'create_item', args: '', id, type: 'tool_call_chunk' }])
      .concat(calls([{ name: undefined, args: '{"boa', id, type: 'tool_call_chunk' }]))
      .concat(calls([{ name: undefined, args: 'rdId":', id, type: 'tool_call_chunk' }]));
    expect(merged.toolCallChunks).toHaveLength(1);
    expect(merged.toolCallChunks[0]?.id).toBe(id);
    expect(merged.toolCallChunks[0]?.name).toBe('create_item');
    expect(merged.toolCallChunks[0]?.args).toBe('{"boardId":');
  });

  it('_mergeLists keeps separate entries for different ids when index is missing', () => {
    const merged = calls([
      { name: 'tool_a', args: '{"x": 1}', id: 'call_aaa', type: 'tool_call_chunk' },
    ]).concat(
      calls([{ name: 'tool_b', args: '{"y": 2}', id: 'call_bbb', type: 'tool_call_chunk' }]),
    );
    expect(merged.toolCallChunks.map((c) => c.id)).toEqual(['call_aaa', 'call_bbb']);
  });
});

describe('ported from @langchain/core src/messages/tests/base_message.test.ts: Complex AIMessageChunk concat', () => {
  it.each([
    [
      'concatenates content arrays of strings',
      [{ type: 'text', text: 'I am' }],
      [{ type: 'text', text: ' indeed.' }],
      [
        { type: 'text', text: 'I am' },
        { type: 'text', text: ' indeed.' },
      ],
    ],
    [
      'concatenates mixed content arrays / does not merge when one chunk is missing an index',
      [{ index: 0, type: 'text', text: 'I am' }],
      [{ type: 'text', text: ' indeed.' }],
      [
        { index: 0, type: 'text', text: 'I am' },
        { type: 'text', text: ' indeed.' },
      ],
    ],
    [
      'merges content arrays with same index',
      [{ index: 0, type: 'text', text: 'I am' }],
      [{ index: 0, type: 'text', text: ' indeed.' }],
      [{ index: 0, type: 'text', text: 'I am indeed.' }],
    ],
    [
      "does not create a holey array when there's a gap between indexes",
      [{ index: 0, type: 'text', text: 'I am' }],
      [{ index: 2, type: 'text', text: ' indeed.' }],
      [
        { index: 0, type: 'text', text: 'I am' },
        { index: 2, type: 'text', text: ' indeed.' },
      ],
    ],
    [
      'does not merge content arrays with separate indexes',
      [{ index: 0, type: 'text', text: 'I am' }],
      [{ index: 1, type: 'text', text: ' indeed.' }],
      [
        { index: 0, type: 'text', text: 'I am' },
        { index: 1, type: 'text', text: ' indeed.' },
      ],
    ],
    [
      'merges content arrays with same index and type',
      [{ index: 0, text: 'I am', type: 'text_block' }],
      [{ index: 0, text: ' indeed.', type: 'text_block' }],
      [{ index: 0, text: 'I am indeed.', type: 'text_block' }],
    ],
    [
      'merges content arrays with same index and different types without updating type',
      [{ index: 0, text: 'I am', type: 'text_block' }],
      [{ index: 0, text: ' indeed.', type: 'text_block_delta' }],
      [{ index: 0, text: 'I am indeed.', type: 'text_block' }],
    ],
  ])('%s', (_name, left, right, expected) => {
    const merged = chunk(left as ContentBlock[], { id: 'ai4' }).concat(
      chunk(right as ContentBlock[]),
    );
    expect(merged).toEqual(chunk(expected as ContentBlock[], { id: 'ai4' }));
  });

  it('concatenates empty string content and merges other fields', () => {
    const merged = chunk([{ index: 0, type: 'text', text: 'I am' }], {
      responseMetadata: { usage: { prompt_tokens: 5 } },
    }).concat(
      chunk([{ type: 'text', text: '' }], {
        responseMetadata: { usage: { prompt_tokens: 3 }, extra: 'value' },
      }),
    );
    expect(merged.content).toEqual([{ index: 0, type: 'text', text: 'I am' }]);
    expect(merged.responseMetadata).toEqual({ usage: { prompt_tokens: 8 }, extra: 'value' });
  });

  it('preserves full tool_calls when concatenating chunks', () => {
    const result = new AIMessageChunk({ content: '' }).concat(
      new AIMessageChunk({
        content: '',
        toolCalls: [
          { type: 'tool_call', id: 'call_0', name: 'get_weather', args: { location: 'SF' } },
          { type: 'tool_call', id: 'call_1', name: 'web_search', args: { query: 'news' } },
        ],
      }),
    );
    expect(result.toolCalls).toHaveLength(2);
    expect(result.toolCalls[0]).toMatchObject({ id: 'call_0', args: { location: 'SF' } });
    expect(result.toolCalls[1]).toMatchObject({ id: 'call_1', args: { query: 'news' } });
  });

  it('concatenates partial json tool call chunks', () => {
    const result = calls([
      { name: undefined, args: '{"issueKey": "', id: '0', type: 'tool_call_chunk' },
      { name: '', args: 'INFO-', id: '0', type: 'tool_call_chunk' },
      { name: '', args: '10001", "fields": ["summary"]', id: '0', type: 'tool_call_chunk' },
    ]);
    expect(result.invalidToolCalls).toHaveLength(0);
    expect(result.toolCalls).toEqual([
      {
        name: '',
        args: { issueKey: 'INFO-10001', fields: ['summary'] },
        id: '0',
        type: 'tool_call',
      },
    ]);
  });

  it('concatenates partial json tool call chunks with malformed args', () => {
    const result = calls([
      { name: '', args: 'h{"issueKey": "', id: '0', type: 'tool_call_chunk' },
      { name: '', args: 'INFO-', id: '0', type: 'tool_call_chunk' },
    ]);
    expect(result.toolCalls).toHaveLength(0);
    // LangChain's error text is 'Malformed args.'; ours says what is wrong (differences.test.ts).
    expect(result.invalidToolCalls).toEqual([
      {
        name: '',
        args: 'h{"issueKey": "INFO-',
        id: '0',
        error: expect.any(String),
        type: 'invalid_tool_call',
      },
    ]);
  });

  it.each([
    ['no args', undefined],
    ['empty string args', ''],
  ])('concatenates tool call chunks with %s', (_name, args) => {
    const result = calls([{ id: '0', name: 'foo', type: 'tool_call_chunk', args }]);
    expect(result.invalidToolCalls).toHaveLength(0);
    expect(result.toolCalls).toEqual([{ id: '0', name: 'foo', args: {}, type: 'tool_call' }]);
  });

  it('concatenates tool call chunks without IDs', () => {
    const first: ToolCallChunk = {
      name: 'get_weather',
      args: '',
      id: 'call_q6ZzjkLjKNYb4DizyMOaqpfW',
      index: 0,
      type: 'tool_call_chunk',
    };
    const rest = ['{"', 'location', '":"', 'San', ' Francisco', '"}'].map(
      (args): ToolCallChunk => ({ args, index: 0, type: 'tool_call_chunk' }),
    );
    const final = streamed([first, ...rest]);
    expect(final.toolCalls).toEqual([
      {
        type: 'tool_call',
        name: 'get_weather',
        args: { location: 'San Francisco' },
        id: 'call_q6ZzjkLjKNYb4DizyMOaqpfW',
      },
    ]);
  });

  it('preserves raw text input for custom tool call chunks', () => {
    const final = streamed([
      {
        type: 'tool_call_chunk',
        name: 'execute_code',
        args: '',
        id: 'call_custom',
        index: 0,
        isCustomTool: true,
      },
      { type: 'tool_call_chunk', args: "console.log('custom tool streaming repro')", index: 0 },
    ] as ToolCallChunk[]);
    expect(final.invalidToolCalls).toEqual([]);
    expect(final.toolCalls).toEqual([
      {
        type: 'tool_call',
        name: 'execute_code',
        args: { input: "console.log('custom tool streaming repro')" },
        id: 'call_custom',
      },
    ]);
  });

  it('Should correctly preserve index when concatenating multiple tool calls in additional_kwargs', () => {
    type CustomToolCall = { index: number; id?: string; fn: { name?: string; args: string } };
    const pieces: CustomToolCall[] = [
      { index: 0, id: '0', fn: { name: 'add', args: '' } },
      { index: 0, fn: { args: '{"a": 2,' } },
      { index: 0, fn: { args: ' "b": 3}' } },
      { index: 1, id: '1', fn: { name: 'mul', args: '' } },
      { index: 1, fn: { args: '{"a": 2,' } },
      { index: 1, fn: { args: ' "b": 3}' } },
    ];
    const merged = pieces
      .map((call) => new AIMessageChunk({ content: '', additionalKwargs: { tool_calls: [call] } }))
      .reduce((a, b) => a.concat(b));
    const toolCalls = merged.additionalKwargs.tool_calls as CustomToolCall[];
    expect(toolCalls).toEqual([
      { index: 0, id: '0', fn: { name: 'add', args: '{"a": 2, "b": 3}' } },
      { index: 1, id: '1', fn: { name: 'mul', args: '{"a": 2, "b": 3}' } },
    ]);
  });
});

describe('ported from @langchain/core src/messages/tests/ai.test.ts (AIMessageChunk)', () => {
  it.each([
    ['omits tool call chunks without IDs', 0],
    ['omits tool call chunks without IDs and no index', undefined],
  ])('%s', (_name, index) => {
    const result = calls([{ name: 'get_current_time', type: 'tool_call_chunk', index }]);
    expect(result.toolCalls).toHaveLength(0);
    expect(result.invalidToolCalls).toEqual([
      {
        type: 'invalid_tool_call',
        id: undefined,
        name: 'get_current_time',
        args: '{}',
        error: expect.any(String),
      },
    ]);
  });

  it('can concatenate tool call chunks without IDs (in one constructor)', () => {
    const pieces = ['{"', 'location', '":"', 'San', ' Francisco', '"}'].map(
      (args): ToolCallChunk => ({ args, index: 0, type: 'tool_call_chunk' }),
    );
    const result = calls(
      [
        { name: 'get_weather', args: '', id: 'call_q6', index: 0, type: 'tool_call_chunk' },
        ...pieces,
      ],
      { id: 'chatcmpl-x' },
    );
    expect(result.toolCalls).toEqual([
      {
        type: 'tool_call',
        name: 'get_weather',
        args: { location: 'San Francisco' },
        id: 'call_q6',
      },
    ]);
  });

  it('can be constructed with tool calls using basic params', () => {
    const result = new AIMessageChunk({
      toolCalls: [{ name: 'get_weather', args: { location: 'San Francisco' } }],
      invalidToolCalls: [],
      toolCallChunks: [],
      additionalKwargs: {},
      responseMetadata: {},
    });
    expect(result.toolCalls).toEqual([
      { name: 'get_weather', args: { location: 'San Francisco' } },
    ]);
  });

  it('should properly merge tool call chunks that have matching indices and ids', () => {
    const merged = calls([
      {
        name: 'add_new_task',
        args: '{"tasks":["buy tomatoes","help child with math"]}',
        type: 'tool_call_chunk',
        index: 0,
        id: 'id-1',
      },
    ]).concat(
      calls([
        {
          name: 'add_ideas',
          args: '{"ideas":["read about Angular 19 updates"]}',
          type: 'tool_call_chunk',
          index: 0,
          id: 'id-2',
        },
      ]),
    );
    expect(merged.toolCallChunks.map((c) => [c.name, c.id])).toEqual([
      ['add_new_task', 'id-1'],
      ['add_ideas', 'id-2'],
    ]);
    expect(merged.toolCalls).toEqual([
      {
        id: 'id-1',
        type: 'tool_call',
        name: 'add_new_task',
        args: { tasks: ['buy tomatoes', 'help child with math'] },
      },
      {
        id: 'id-2',
        type: 'tool_call',
        name: 'add_ideas',
        args: { ideas: ['read about Angular 19 updates'] },
      },
    ]);
  });

  it('should properly merge tool call chunks that have matching indices and at least one id is blank', () => {
    const merged = calls([
      { name: 'add_new_task', type: 'tool_call_chunk', index: 0, id: 'id-1' },
    ]).concat(calls([{ args: '{"tasks":["a","b"]}', type: 'tool_call_chunk', index: 0 }]));
    expect(merged.toolCallChunks).toHaveLength(1);
    expect(merged.toolCallChunks[0]).toMatchObject({
      name: 'add_new_task',
      args: '{"tasks":["a","b"]}',
      id: 'id-1',
    });
    expect(merged.toolCalls).toEqual([
      { type: 'tool_call', name: 'add_new_task', args: { tasks: ['a', 'b'] }, id: 'id-1' },
    ]);
  });

  it('should properly concat a string of old completions-style tool call chunks', () => {
    const merged = new AIMessageChunk({
      toolCallChunks: [
        { name: 'get_weather', args: '', id: 'call_7171', index: 0, type: 'tool_call_chunk' },
      ],
    })
      .concat(
        new AIMessageChunk({
          toolCallChunks: [
            { name: undefined, args: '{"city": "', id: '', index: 0, type: 'tool_call_chunk' },
          ],
        }),
      )
      .concat(
        new AIMessageChunk({
          toolCallChunks: [
            { name: undefined, args: 'sf"}', id: '', index: 0, type: 'tool_call_chunk' },
          ],
        }),
      );
    expect(merged.toolCallChunks).toHaveLength(1);
    expect(merged.toolCallChunks[0]).toMatchObject({
      name: 'get_weather',
      args: '{"city": "sf"}',
      id: 'call_7171',
    });
    expect(merged.toolCalls).toEqual([
      { type: 'tool_call', name: 'get_weather', args: { city: 'sf' }, id: 'call_7171' },
    ]);
  });

  it('should properly merge tool call chunks that have matching indices no IDs at all', () => {
    const merged = calls([{ name: 'add_new_task', type: 'tool_call_chunk', index: 0 }]).concat(
      calls([{ args: '{"tasks":["a"]}', type: 'tool_call_chunk', index: 0 }]),
    );
    expect(merged.toolCallChunks).toHaveLength(1);
    expect(merged.toolCallChunks[0]?.name).toBe('add_new_task');
    expect(merged.toolCallChunks[0]?.args).toBe('{"tasks":["a"]}');
    expect(merged.toolCallChunks[0]?.id).toBeUndefined();
  });

  it('should properly merge server tool call chunks', () => {
    const merged = chunk([{ type: 'server_tool_call_chunk', index: 0, name: 'foo' }])
      .concat(chunk([{ type: 'server_tool_call_chunk', index: 0, args: '{"a' }]))
      .concat(chunk([{ type: 'server_tool_call_chunk', index: 0, args: '": 1}' }]));
    expect(merged.content).toEqual([
      { type: 'server_tool_call_chunk', index: 0, name: 'foo', args: '{"a": 1}' },
    ]);
  });
});
