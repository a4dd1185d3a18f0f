import { describe, expect, it } from 'vitest';
import {
  AIMessage,
  AIMessageChunk,
  BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
  contentText,
  messageFromJSON,
} from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';

describe('message classes', () => {
  it('take content alone or a fields object', () => {
    const short = new HumanMessage('Hi');
    const full = new HumanMessage({
      content: 'Hi',
      id: 'm1',
      name: 'ada',
      additionalKwargs: { a: 1 },
      responseMetadata: { b: 2 },
    });
    expect(short.content).toBe('Hi');
    expect(short.additionalKwargs).toEqual({});
    expect(short.responseMetadata).toEqual({});
    expect(full).toMatchObject({ id: 'm1', name: 'ada', additionalKwargs: { a: 1 } });
    expect(full.responseMetadata).toEqual({ b: 2 });
  });

  it('name their role in type and getType()', () => {
    expect(new HumanMessage('x').type).toBe('human');
    expect(new SystemMessage('x').type).toBe('system');
    expect(new AIMessage('x').type).toBe('ai');
    expect(new AIMessageChunk('x').getType()).toBe('ai');
    expect(new ToolMessage({ content: 'x', toolCallId: 'c' }).type).toBe('tool');
  });

  it('default content to the empty string', () => {
    expect(new AIMessageChunk().content).toBe('');
    expect(new AIMessage({ toolCalls: [] }).content).toBe('');
  });

  it('read text from strings and text blocks only', () => {
    const message = new HumanMessage([
      { type: 'text', text: 'Look at ' },
      { type: 'image_url', image_url: { url: 'https://x/y.png' } },
      { type: 'text', text: 'this' },
    ]);
    expect(message.text).toBe('Look at this');
    expect(contentText('plain')).toBe('plain');
  });

  it('are recognised by isInstance, plain objects are not', () => {
    expect(BaseMessage.isInstance(new ToolMessage({ content: '', toolCallId: 'c' }))).toBe(true);
    expect(BaseMessage.isInstance({ type: 'human', content: 'x' })).toBe(false);
    expect(BaseMessage.isInstance(null)).toBe(false);
  });

  it('keep tool-message fields', () => {
    const message = new ToolMessage({
      content: '21°C',
      toolCallId: 'call_1',
      name: 'weather',
      status: 'success',
      artifact: { raw: [1, 2] },
      metadata: { ms: 3 },
    });
    expect(message).toMatchObject({ toolCallId: 'call_1', status: 'success', name: 'weather' });
    expect(message.artifact).toEqual({ raw: [1, 2] });
    expect(message.metadata).toEqual({ ms: 3 });
  });

  it('keep AI-message tool calls and usage', () => {
    const message = new AIMessage({
      content: '',
      toolCalls: [{ name: 'f', args: { a: 1 }, id: 'c1', type: 'tool_call' }],
      invalidToolCalls: [{ name: 'g', args: '{', error: 'bad', type: 'invalid_tool_call' }],
      usageMetadata: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
    });
    expect(message.toolCalls).toHaveLength(1);
    expect(message.invalidToolCalls[0]?.args).toBe('{');
    expect(message.usageMetadata?.totalTokens).toBe(3);
  });
});

describe('toJSON and messageFromJSON', () => {
  const samples: BaseMessage[] = [
    new HumanMessage({ content: [{ type: 'text', text: 'Hi' }], id: 'h', name: 'ada' }),
    new SystemMessage('Be brief'),
    new AIMessage({
      content: 'ok',
      toolCalls: [{ name: 'f', args: { a: 1 }, id: 'c1', type: 'tool_call' }],
      usageMetadata: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
      responseMetadata: { model_name: 'demo' },
    }),
    new AIMessageChunk({
      content: 'par',
      toolCallChunks: [{ index: 0, id: 'c1', name: 'f', args: '{"a":', type: 'tool_call_chunk' }],
      additionalKwargs: { reasoning: 'x' },
    }),
    new ToolMessage({ content: 'done', toolCallId: 'c1', status: 'error', artifact: [1] }),
  ];

  it.each(samples.map((m) => [m.constructor.name, m] as const))(
    'round-trips a %s through JSON text',
    (_name, message) => {
      const revived = messageFromJSON(JSON.parse(JSON.stringify(message)));
      expect(revived.constructor).toBe(message.constructor);
      expect(revived.toJSON()).toEqual(message.toJSON());
    },
  );

  it('keeps an AIMessageChunk a chunk, its tool calls derived from its chunks', () => {
    const revived = messageFromJSON(JSON.parse(JSON.stringify(samples[3])));
    expect(revived).toBeInstanceOf(AIMessageChunk);
    expect((revived as AIMessageChunk).toolCallChunks[0]?.args).toBe('{"a":');
    expect((revived as AIMessageChunk).toolCalls[0]?.args).toEqual({});
  });

  it('rejects unknown types with INVALID_INPUT', () => {
    expect(() => messageFromJSON({ type: 'robot', content: '' })).toThrow(RxRunnablesError);
    try {
      messageFromJSON('nope');
    } catch (error) {
      expect((error as RxRunnablesError).code).toBe('INVALID_INPUT');
    }
  });
});
