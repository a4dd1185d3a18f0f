// Cases ported from @langchain/core src/language_models/tests/chat_models.test.ts (the message
// shorthands a chat model accepts), on our ChatModel with LangChain's assertions.
import { describe, expect, it } from 'vitest';
import type { MessageLike } from '../../src/chunks';
import { FakeChatModel } from './ported-fakes';

describe('ported from @langchain/core src/language_models/tests/chat_models.test.ts', () => {
  const reply = async (messages: unknown[]) =>
    (await new FakeChatModel().invoke(messages as MessageLike[])).content;

  it('Test ChatModel accepts array shorthand for messages', async () => {
    expect(await reply([['human', 'Hello there!']])).toBe('Hello there!');
  });

  it('Test ChatModel accepts object shorthand for messages', async () => {
    expect(
      await reply([
        { type: 'human', content: 'Hello there!', additional_kwargs: {}, example: true },
      ]),
    ).toBe('Hello there!');
  });

  it('Test ChatModel accepts object with role for messages', async () => {
    expect(await reply([{ role: 'human', content: 'Hello there!!', example: true }])).toBe(
      'Hello there!!',
    );
  });

  it('Test ChatModel accepts several messages as objects with role', async () => {
    const question = [{ type: 'text', text: 'What is the weather in SF?' }];
    const content = await reply([
      { role: 'system', content: 'You are an assistant.' },
      { role: 'human', content: question, example: true },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'call_123',
            function: { name: 'get_weather', arguments: JSON.stringify({ location: 'sf' }) },
            type: 'function',
          },
        ],
      },
      { role: 'tool', content: 'Pretty nice right now!', tool_call_id: 'call_123' },
    ]);
    expect(content).toBe(
      [
        'You are an assistant.',
        JSON.stringify(question, null, 2),
        '',
        'Pretty nice right now!',
      ].join('\n'),
    );
  });
});
