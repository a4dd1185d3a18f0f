// Cases ported from @langchain/core src/messages/tests/message_utils.test.ts (getBufferString)
// and base_message.test.ts ("Message like coercion"), on our API with LangChain's assertions.
// LangChain's getBufferString(messages) is our `new ChatPromptValue(messages).toString()`.
import { describe, expect, it } from 'vitest';
import {
  AIMessage,
  coerceMessageLike,
  HumanMessage,
  messageFromJSON,
  SystemMessage,
  ToolMessage,
  type BaseMessage,
  type ContentBlock,
} from '../../src/chunks';
import { ChatPromptValue } from '../../src/models';

const buffer = (messages: BaseMessage[]) => new ChatPromptValue(messages).toString();
const human = (content: ContentBlock[]) => new HumanMessage({ content });

describe('ported from @langchain/core src/messages/tests/message_utils.test.ts', () => {
  it('getBufferString can handle complex messages', () => {
    expect(buffer([new HumanMessage('Hello there!')])).toBe('Human: Hello there!');
    expect(buffer([new AIMessage({ content: [{ type: 'text', text: 'Hello there!' }] })])).toBe(
      'AI: Hello there!',
    );
    expect(
      buffer([
        human([
          { type: 'image_url', image_url: { url: 'https://example.com/image.jpg' } },
          { type: 'image_url', image_url: 'https://example.com/image.jpg' },
        ]),
      ]),
    ).toBe('Human: [image][image]');
  });

  it('getBufferString includes tool_calls for AI messages', () => {
    const toolCalls = [{ name: 'get_weather', args: { city: 'NYC' }, id: 'call_123' }];
    expect(
      buffer([new AIMessage({ content: 'Let me check the weather for you.', toolCalls })]),
    ).toBe(`AI: Let me check the weather for you.${JSON.stringify(toolCalls)}`);
    const withFunctionCall = buffer([
      new AIMessage({
        content: 'Let me check the weather.',
        additionalKwargs: {
          function_call: { name: 'get_weather', arguments: '{"city": "NYC"}' },
        },
      }),
    ]);
    expect(withFunctionCall).toContain('AI: Let me check the weather.');
    expect(withFunctionCall).toContain('get_weather');
    expect(buffer([new AIMessage('The weather is sunny!')])).toBe('AI: The weather is sunny!');
  });

  it('getBufferString uses text property to avoid metadata inflation', () => {
    const text = buffer([
      new HumanMessage('What is the weather in NYC?'),
      new AIMessage({
        content: 'Let me check the weather for you.',
        toolCalls: [{ name: 'get_weather', args: { city: 'NYC' }, id: 'call_123' }],
      }),
      new ToolMessage({ content: '72F and sunny', toolCallId: 'call_123', name: 'get_weather' }),
      new AIMessage('It is 72F and sunny in NYC!'),
    ]);
    expect(text).toContain('Human: What is the weather in NYC?');
    expect(text).toContain('AI: Let me check the weather for you.');
    expect(text).toContain('get_weather');
    expect(text).toContain('Tool: get_weather, 72F and sunny');
    expect(text).toContain('AI: It is 72F and sunny in NYC!');
    for (const field of ['usage_metadata', 'response_metadata', 'additional_kwargs']) {
      expect(text).not.toContain(field);
    }
  });

  it('getBufferString preserves non-text content block placeholders', () => {
    const base64 = { type: 'base64', data: 'abc' };
    expect(
      buffer([
        human([
          { type: 'image', source: base64 },
          { type: 'image_url', image_url: { url: 'https://example.com/img.png' } },
        ]),
      ]),
    ).toBe('Human: [image][image]');
    expect(
      buffer([
        human([
          { type: 'audio', source: base64 },
          { type: 'input_audio', data: 'abc', format: 'wav' },
        ]),
      ]),
    ).toBe('Human: [audio][audio]');
    expect(buffer([human([{ type: 'video', source: base64 }])])).toBe('Human: [video]');
    expect(buffer([human([{ type: 'file', source: base64, mimeType: 'application/pdf' }])])).toBe(
      'Human: [file]',
    );
    expect(buffer([human([{ type: 'text-plain', text: 'hello world' }])])).toBe(
      'Human: hello world',
    );
    expect(
      buffer([
        new AIMessage({
          content: [
            { type: 'reasoning', reasoning: 'thinking...' },
            { type: 'text', text: 'answer' },
          ],
        }),
      ]),
    ).toBe('AI: answer');
    expect(
      buffer([
        human([
          { type: 'text', text: 'Look at this: ' },
          { type: 'image', source: base64 },
          { type: 'text', text: ' and listen to this: ' },
          { type: 'audio', source: { type: 'base64', data: 'def' } },
        ]),
      ]),
    ).toBe('Human: Look at this: [image] and listen to this: [audio]');
  });
});

describe('ported from @langchain/core src/messages/tests/base_message.test.ts: Message like coercion', () => {
  const expected = (): BaseMessage[] => [
    new SystemMessage({ id: 'foobar', content: '6' }),
    new SystemMessage({ content: '6.1', additionalKwargs: { __openai_role__: 'developer' } }),
    new HumanMessage({ content: [{ type: 'image_url', image_url: { url: '7.1' } }] }),
    new AIMessage({
      content: [{ type: 'text', text: '8.1' }],
      toolCalls: [{ id: '8.5', name: '8.4', args: { '8.2': '8.3' }, type: 'tool_call' }],
    }),
    new ToolMessage({ content: '10.2', toolCallId: '10.2' }),
  ];

  it('Should convert OpenAI format messages', () => {
    // LangChain's case ends with { role: 'remove' } → RemoveMessage, a type we do not have.
    const messages = [
      { id: 'foobar', role: 'system', content: '6' },
      { role: 'developer', content: '6.1' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: '7.1' } }] },
      {
        role: 'assistant',
        content: [{ type: 'text', text: '8.1' }],
        tool_calls: [
          {
            id: '8.5',
            function: { name: '8.4', arguments: JSON.stringify({ '8.2': '8.3' }) },
            type: 'function',
          },
        ],
      },
      { role: 'tool', content: '10.2', tool_call_id: '10.2' },
    ].map((message) => coerceMessageLike(message));
    expect(messages).toEqual(expected());
  });

  it('should convert serialized messages', () => {
    const serialized = JSON.parse(JSON.stringify(expected())) as unknown[];
    expect(serialized.map((json) => messageFromJSON(json))).toEqual(expected());
    expect(serialized.map((json) => coerceMessageLike(json))).toEqual(expected());
  });
});
