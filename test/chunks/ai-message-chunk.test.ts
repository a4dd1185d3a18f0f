import { describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import type { ToolCallChunk } from '../../src/chunks';

const add = (...chunks: AIMessageChunk[]) => chunks.reduce((a, b) => a.concat(b));
const tc = (fields: Partial<ToolCallChunk>): AIMessageChunk =>
  new AIMessageChunk({ toolCallChunks: [{ type: 'tool_call_chunk', ...fields }] });

describe('AIMessageChunk.concat: content', () => {
  it('appends strings', () => {
    expect(
      add(new AIMessageChunk('El'), new AIMessageChunk('on'), new AIMessageChunk(' Musk')).content,
    ).toBe('Elon Musk');
  });

  it('merges content blocks with the same index and appends the rest', () => {
    const total = add(
      new AIMessageChunk([{ type: 'text', text: 'Hel', index: 0 }]),
      new AIMessageChunk([{ type: 'text', text: 'lo', index: 0 }]),
      new AIMessageChunk([{ type: 'reasoning', reasoning: 'think', index: 1 }]),
      new AIMessageChunk([{ type: 'text', text: '!', index: 0 }]),
    );
    expect(total.content).toEqual([
      { type: 'text', text: 'Hello!', index: 0 },
      { type: 'reasoning', reasoning: 'think', index: 1 },
    ]);
    expect(total.text).toBe('Hello!');
  });

  it('turns a string meeting blocks into a text block', () => {
    expect(
      add(new AIMessageChunk('a'), new AIMessageChunk([{ type: 'image', url: 'u' }])).content,
    ).toEqual([
      { type: 'text', text: 'a' },
      { type: 'image', url: 'u' },
    ]);
    expect(
      add(new AIMessageChunk([{ type: 'image', url: 'u' }]), new AIMessageChunk('b')).content,
    ).toEqual([
      { type: 'image', url: 'u' },
      { type: 'text', text: 'b' },
    ]);
  });

  it('leaves both operands unchanged', () => {
    const a = new AIMessageChunk({ content: [{ type: 'text', text: 'a', index: 0 }] });
    const b = new AIMessageChunk({ content: [{ type: 'text', text: 'b', index: 0 }] });
    a.concat(b);
    expect(a.content).toEqual([{ type: 'text', text: 'a', index: 0 }]);
    expect(b.content).toEqual([{ type: 'text', text: 'b', index: 0 }]);
  });
});

describe('AIMessageChunk.concat: ids and metadata', () => {
  it('keeps the first defined id and name', () => {
    const total = add(
      new AIMessageChunk('a'),
      new AIMessageChunk({ content: 'b', id: 'run-1', name: 'bot' }),
      new AIMessageChunk({ content: 'c', id: 'run-2', name: 'other' }),
    );
    expect(total.id).toBe('run-1');
    expect(total.name).toBe('bot');
  });

  it('does not duplicate identity strings (unlike LangChain.js #11054)', () => {
    const meta = { model_name: 'gpt-4o', system_fingerprint: 'fp_1' };
    const total = add(
      new AIMessageChunk({ content: 'a', responseMetadata: meta }),
      new AIMessageChunk({ content: 'b', responseMetadata: meta }),
      new AIMessageChunk({ responseMetadata: { ...meta, finish_reason: 'stop' } }),
      new AIMessageChunk({ responseMetadata: { finish_reason: 'stop' } }),
    );
    expect(total.responseMetadata).toEqual({
      model_name: 'gpt-4o',
      system_fingerprint: 'fp_1',
      finish_reason: 'stop',
    });
  });

  it('appends text, sums numbers and merges nested records in metadata', () => {
    const total = add(
      new AIMessageChunk({ additionalKwargs: { reasoning_content: 'Let', n: 1, created: 5 } }),
      new AIMessageChunk({
        additionalKwargs: { reasoning_content: ' me', n: 2, created: 6, extra: { t: 'x' } },
      }),
      new AIMessageChunk({ additionalKwargs: { extra: { t: 'y' } } }),
    );
    expect(total.additionalKwargs).toEqual({
      reasoning_content: 'Let me',
      n: 3,
      created: 5,
      extra: { t: 'xy' },
    });
  });

  it('lets a later boolean replace the earlier one', () => {
    const total = add(
      new AIMessageChunk({ responseMetadata: { done: false } }),
      new AIMessageChunk({ responseMetadata: { done: true } }),
    );
    expect(total.responseMetadata).toEqual({ done: true });
  });

  it('throws INVALID_INPUT on values of different types under one key', () => {
    expect(() =>
      add(
        new AIMessageChunk({ responseMetadata: { x: 'a' } }),
        new AIMessageChunk({ responseMetadata: { x: 1 } }),
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('sums usage, details included', () => {
    const total = add(
      new AIMessageChunk({
        usageMetadata: {
          inputTokens: 3,
          outputTokens: 1,
          totalTokens: 4,
          inputTokenDetails: { cacheRead: 2 },
        },
      }),
      new AIMessageChunk('no usage'),
      new AIMessageChunk({
        usageMetadata: {
          inputTokens: 0,
          outputTokens: 5,
          totalTokens: 5,
          inputTokenDetails: { cacheRead: 1, audio: 1 },
          outputTokenDetails: { reasoning: 4 },
        },
      }),
    );
    expect(total.usageMetadata).toEqual({
      inputTokens: 3,
      outputTokens: 6,
      totalTokens: 9,
      inputTokenDetails: { cacheRead: 3, audio: 1 },
      outputTokenDetails: { reasoning: 4 },
    });
  });
});

describe('AIMessageChunk.concat: tool calls', () => {
  it('merges tool-call chunks by index, appending args, and parses the result', () => {
    const total = add(
      tc({ index: 0, id: 'call_1', name: 'search', args: '' }),
      tc({ index: 1, id: 'call_2', name: 'weather', args: '{"city":' }),
      tc({ index: 0, args: '{"q": "rx' }),
      tc({ index: 0, args: 'js"}' }),
      tc({ index: 1, args: '"Oslo"}' }),
    );
    expect(total.toolCallChunks).toEqual([
      { type: 'tool_call_chunk', index: 0, id: 'call_1', name: 'search', args: '{"q": "rxjs"}' },
      { type: 'tool_call_chunk', index: 1, id: 'call_2', name: 'weather', args: '{"city":"Oslo"}' },
    ]);
    expect(total.toolCalls).toEqual([
      { name: 'search', args: { q: 'rxjs' }, id: 'call_1', type: 'tool_call' },
      { name: 'weather', args: { city: 'Oslo' }, id: 'call_2', type: 'tool_call' },
    ]);
    expect(total.invalidToolCalls).toEqual([]);
  });

  it('parses unfinished args partially and reports malformed ones as invalid tool calls', () => {
    const partial = add(tc({ index: 0, id: 'c', name: 'f', args: '{"a": [1,' }));
    expect(partial.toolCalls).toEqual([
      { name: 'f', id: 'c', args: { a: [1] }, type: 'tool_call' },
    ]);
    const malformed = add(tc({ index: 0, id: 'c', name: 'f', args: '{"a": ]' }));
    expect(malformed.toolCalls).toEqual([]);
    expect(malformed.invalidToolCalls).toMatchObject([
      { name: 'f', id: 'c', args: '{"a": ]', type: 'invalid_tool_call' },
    ]);
    expect(malformed.invalidToolCalls[0]?.error).toMatch(/Malformed tool call arguments/);
    const notObject = add(tc({ index: 0, id: 'c', name: 'f', args: '[1]' }));
    expect(notObject.invalidToolCalls[0]?.error).toMatch(/JSON object/);
  });

  it('concatenates complete tool calls of chunks without tool-call chunks', () => {
    const a = new AIMessageChunk({
      toolCalls: [{ name: 'f', args: {}, id: 'a', type: 'tool_call' }],
    });
    const b = new AIMessageChunk({ toolCalls: [{ name: 'g', args: { x: 1 }, id: 'b' }] });
    expect(a.concat(b).toolCalls.map((c) => c.name)).toEqual(['f', 'g']);
  });

  it('keeps complete tool calls when meeting tool-call chunks (LangChain.js drops them)', () => {
    const complete = new AIMessageChunk({ toolCalls: [{ name: 'f', args: { a: 1 }, id: 'a' }] });
    const total = complete.concat(tc({ index: 0, id: 'b', name: 'g', args: '{}' }));
    expect(total.toolCalls.map((c) => [c.name, c.args])).toEqual([
      ['f', { a: 1 }],
      ['g', {}],
    ]);
  });

  it('derives tool calls from chunks given to the constructor, ignoring toolCalls there', () => {
    const chunk = new AIMessageChunk({
      toolCalls: [{ name: 'ignored', args: {} }],
      toolCallChunks: [{ index: 0, id: 'call_1', name: 'used', args: '{}' }],
    });
    expect(chunk.toolCalls.map((c) => c.name)).toEqual(['used']);
  });
});
