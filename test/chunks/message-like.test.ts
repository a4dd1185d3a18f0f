import { describe, expect, it } from 'vitest';
import {
  AIMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
  coerceMessageLike,
  fromForeignMessage,
} from '../../src/chunks';
import { fromForeignValue } from '../../src/chunks/foreign-message';
import { RxRunnablesError } from '../../src/core';

function errorOf(fn: () => unknown): RxRunnablesError {
  try {
    fn();
  } catch (error) {
    if (RxRunnablesError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('coerceMessageLike', () => {
  it('passes our messages through and reads a string as a human message', () => {
    const m = new AIMessage('x');
    expect(coerceMessageLike(m)).toBe(m);
    expect(coerceMessageLike('Hi')).toEqual(new HumanMessage('Hi'));
  });

  it('reads every role OpenAI and LangChain name', () => {
    const read = (role: string) => coerceMessageLike({ role, content: 'c', tool_call_id: 't' });
    expect(read('user')).toBeInstanceOf(HumanMessage);
    expect(read('human')).toBeInstanceOf(HumanMessage);
    expect(read('assistant')).toBeInstanceOf(AIMessage);
    expect(read('ai')).toBeInstanceOf(AIMessage);
    expect(read('system')).toBeInstanceOf(SystemMessage);
    expect(read('tool')).toEqual(new ToolMessage({ content: 'c', toolCallId: 't' }));
    const developer = read('developer');
    expect(developer).toBeInstanceOf(SystemMessage);
    expect(developer.additionalKwargs).toEqual({ __openai_role__: 'developer' });
  });

  it('reads OpenAI tool calls, with an assistant content of null as empty text', () => {
    const m = coerceMessageLike({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
        { id: 'b', type: 'function', function: { name: 'g', arguments: '' } },
        { id: 'c', type: 'function', function: { name: 'h', arguments: '[1]' } },
      ],
    }) as AIMessage;
    expect(m.content).toBe('');
    expect(m.toolCalls).toEqual([
      { id: 'a', name: 'f', args: { x: 1 }, type: 'tool_call' },
      { id: 'b', name: 'g', args: {}, type: 'tool_call' },
    ]);
    expect(m.invalidToolCalls).toEqual([
      expect.objectContaining({ id: 'c', name: 'h', args: '[1]', type: 'invalid_tool_call' }),
    ]);
  });

  it('does not change the object it reads', () => {
    const like = { role: 'developer', content: 'd', additional_kwargs: { a: 1 } };
    const copy = structuredClone(like);
    coerceMessageLike(like);
    expect(like).toEqual(copy);
  });

  it.each([
    ['a number', 42, /got a number/],
    ['null', null, /got null/],
    ['a plain object', { question: 'x' }, /keys question/],
    ['a user message without content', { role: 'user' }, /needs content/],
    ['content of the wrong type', { role: 'user', content: 1 }, /content must be/],
    [
      'a bad tool call',
      { role: 'assistant', content: '', tool_calls: [{ x: 1 }] },
      /tool_calls\[0\]/,
    ],
    ['tool_calls not a list', { role: 'assistant', content: '', tool_calls: 'f' }, /not a list/],
    [
      'an unknown serialized class',
      { lc: 1, type: 'constructor', id: ['x', 'FunctionMessage'], kwargs: {} },
      /FunctionMessage/,
    ],
    ['a three-item list', ['human', 'a', 'b'], /list of 3/],
    [
      'an unknown type',
      { type: 'function', content: 'x', name: 'f' },
      /function message, which has no/,
    ],
    ['an unknown role', { role: 'narrator', content: 'x' }, /unknown role "narrator"/],
  ])('rejects %s with INVALID_INPUT and the given details', (_label, value, message) => {
    const error = errorOf(() => coerceMessageLike(value, { step: 's', index: 3, variable: 'v' }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details).toEqual({ step: 's', index: 3, variable: 'v' });
    expect(error.message).toMatch(/^Item 3 is not a message/);
    expect(error.message).toMatch(message);
  });
});

describe('values crossing the border of a LangChain runnable piped without wrapping', () => {
  it('stay data when they are plain { role, content } objects (only LangChain messages convert)', () => {
    const data = { role: 'user', content: 'a JSON answer, not a message' };
    expect(fromForeignValue(data)).toBe(data);
    const list = [data, ['human', 'x']];
    expect(fromForeignValue(list)).toBe(list);
  });

  it('fromForeignMessage gives undefined for data with an unknown type, and throws on an unknown role', () => {
    expect(fromForeignMessage({ type: 'note', content: 'x' })).toBeUndefined();
    expect(() => fromForeignMessage({ role: 'narrator', content: 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }) as Error,
    );
  });
});
