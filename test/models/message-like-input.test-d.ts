import { expectTypeOf, test } from 'vitest';
import type { AIMessageChunk, BaseMessage } from '../../src/chunks';
import { HumanMessage } from '../../src/chunks';
import { ChatPromptTemplate, DemoChatModel } from '../../src/models';

test('a chat model takes the message-likes a LangChain.js user writes, without casts', () => {
  const model = new DemoChatModel();
  expectTypeOf(
    model.invoke([
      { role: 'system', content: 'Be brief' },
      ['human', 'Hi'],
      ['assistant', 'Hello'],
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', content: 'r', tool_call_id: 'c1' },
      { type: 'human', content: 'again' },
      new HumanMessage('ours'),
      'a string',
    ]),
  ).resolves.toEqualTypeOf<AIMessageChunk>();
  // Not a message-like.
  // @ts-expect-error a number is no message
  void model.invoke([42]);
});

test('chat prompt entries: content blocks, { role, content } objects, nested prompts', () => {
  const inner = ChatPromptTemplate.fromMessages([['system', 'S']]);
  const prompt = ChatPromptTemplate.fromMessages([
    inner,
    { role: 'user', content: '{q}' },
    [
      'human',
      [
        { type: 'text', text: 'hi {x}' },
        { type: 'image_url', image_url: { url: '{u}' } },
      ],
    ],
    ['developer', 'D'],
    ['placeholder', '{history}'],
  ]);
  expectTypeOf(prompt.format({ q: 'a', x: 'b', u: 'c' })).toEqualTypeOf<string>();
  expectTypeOf(prompt.formatMessages({})).toEqualTypeOf<BaseMessage[]>();
});
