// Cases ported from @langchain/core src/messages/tests/base_message.test.ts ("toFormattedString"),
// on our messages with LangChain's assertions, plus the exact text LangChain.js prints.
import {
  AIMessage as LCAIMessage,
  HumanMessage as LCHumanMessage,
  SystemMessage as LCSystemMessage,
  ToolMessage as LCToolMessage,
} from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '../../src/chunks';

const weather = {
  id: 'call_123',
  name: 'get_weather',
  args: { location: 'San Francisco', unit: 'celsius' },
  type: 'tool_call' as const,
};

describe('ported from @langchain/core src/messages/tests/base_message.test.ts: toFormattedString', () => {
  it('formats a simple string message', () => {
    const output = new HumanMessage('Hello, world!').toFormattedString();
    expect(output).toContain('Human Message');
    expect(output).toContain('Hello, world!');
    expect(output).toMatch(/={30,}/);
  });

  it('formats a message with empty content', () => {
    const output = new HumanMessage('').toFormattedString();
    expect(output).toContain('Human Message');
    expect(output).not.toContain('\n\n');
  });

  it('formats a message with whitespace-only content', () => {
    expect(new HumanMessage('   ').toFormattedString().split('\n')).toHaveLength(1);
  });

  it('formats an AI message without tool calls', () => {
    const output = new AIMessage('I can help with that!').toFormattedString();
    expect(output).toContain('Ai Message');
    expect(output).toContain('I can help with that!');
  });

  it('formats an AI message with tool calls', () => {
    const output = new AIMessage({
      content: 'Let me check the weather',
      toolCalls: [weather],
    }).toFormattedString();
    for (const part of [
      'Ai Message',
      'Tool Calls:',
      'get_weather (call_123)',
      'Call ID: call_123',
      'Args:',
      'location: San Francisco',
      'unit: celsius',
    ]) {
      expect(output).toContain(part);
    }
  });

  it('formats an AI message with nested objects in tool call args', () => {
    const output = new AIMessage({
      content: 'Here is the result.',
      toolCalls: [
        {
          id: 'call_123',
          name: 'someTool',
          args: { stringArg: 'someFile', objectArg: { key: 'someValue' } },
          type: 'tool_call',
        },
      ],
    }).toFormattedString();
    expect(output).toContain('someTool (call_123)');
    expect(output).toContain('stringArg: someFile');
    expect(output).toContain('"key":"someValue"');
    expect(output).not.toContain('[object Object]');
  });

  it('formats an AI message with multiple tool calls', () => {
    const output = new AIMessage({
      content: '',
      toolCalls: [
        { id: 'call_1', name: 'search', args: { query: 'test' }, type: 'tool_call' },
        { id: 'call_2', name: 'calculator', args: { expression: '2+2' }, type: 'tool_call' },
      ],
    }).toFormattedString();
    expect(output).toContain('search (call_1)');
    expect(output).toContain('calculator (call_2)');
  });

  it('formats an AI message with empty tool calls array', () => {
    const output = new AIMessage({ content: 'Just a message', toolCalls: [] }).toFormattedString();
    expect(output).not.toContain('Tool Calls:');
    expect(output).toContain('Just a message');
  });

  it('formats a tool message with and without name', () => {
    const named = new ToolMessage({
      content: '{"temperature": 72}',
      toolCallId: 'call_123',
      name: 'get_weather',
    }).toFormattedString();
    expect(named).toContain('Tool Message');
    expect(named).toContain('Name: get_weather');
    expect(named).toContain('{"temperature": 72}');
    const unnamed = new ToolMessage({
      content: 'Success',
      toolCallId: 'call_456',
    }).toFormattedString();
    expect(unnamed).not.toContain('Name:');
    expect(unnamed).toContain('Success');
  });

  it('formats a system message', () => {
    const output = new SystemMessage('You are a helpful assistant.').toFormattedString();
    expect(output).toContain('System Message');
    expect(output).toContain('You are a helpful assistant.');
  });

  it('maintains consistent separator length for different message types', () => {
    for (const message of [
      new HumanMessage('Hi'),
      new AIMessage('Hello'),
      new SystemMessage('S'),
    ]) {
      expect(message.toFormattedString().split('\n')[0]).toHaveLength(80);
    }
  });

  it('adds blank line before content when details are present', () => {
    const output = new AIMessage({
      content: 'Response',
      toolCalls: [{ id: 'call_1', name: 'tool', args: {}, type: 'tool_call' }],
    }).toFormattedString();
    expect(output.split('\n')).toContain('');
  });

  it('prints the same text as LangChain.js', () => {
    const pairs: [{ toFormattedString(): string }, { toFormattedString(): string }][] = [
      [new LCHumanMessage('Hello, world!'), new HumanMessage('Hello, world!')],
      [new LCHumanMessage('  '), new HumanMessage('  ')],
      [new LCSystemMessage('sys'), new SystemMessage('sys')],
      [
        new LCAIMessage({ content: 'Let me check', tool_calls: [weather] }),
        new AIMessage({ content: 'Let me check', toolCalls: [weather] }),
      ],
      [
        new LCToolMessage({ content: '{"t": 72}', tool_call_id: 'c', name: 'get_weather' }),
        new ToolMessage({ content: '{"t": 72}', toolCallId: 'c', name: 'get_weather' }),
      ],
      [
        new LCToolMessage({ content: 'ok', tool_call_id: 'c' }),
        new ToolMessage({ content: 'ok', toolCallId: 'c' }),
      ],
    ];
    for (const [lc, ours] of pairs) expect(ours.toFormattedString()).toBe(lc.toFormattedString());
  });
});
