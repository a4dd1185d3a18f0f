// Multimodal chat prompts and StringOutputParser: @langchain/core 1.x and ours on the same case.
import {
  AIMessage as LCAIMessage,
  AIMessageChunk as LCAIMessageChunk,
  HumanMessage as LCHumanMessage,
  SystemMessage as LCSystemMessage,
} from '@langchain/core/messages';
import type { BaseMessage as LCBaseMessage } from '@langchain/core/messages';
import { StringOutputParser as LCStringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCChatPromptTemplate } from '@langchain/core/prompts';
import { describe, expect, it } from 'vitest';
import { AIMessage, AIMessageChunk, HumanMessage, SystemMessage } from '../../src/chunks';
import type { BaseMessage, ContentBlock } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';
import { ChatPromptTemplate, StringOutputParser } from '../../src/models';

const lcPlain = (messages: LCBaseMessage[]) => messages.map((m) => [m.type, m.content]);
const plain = (messages: BaseMessage[]) => messages.map((m) => [m.type, m.content]);

describe('ChatPromptTemplate with image_url blocks, as LangChain.js formats them', () => {
  const blocks = [
    { type: 'text', text: 'What is in {thing}?' },
    { type: 'image_url', image_url: '{url}' },
    { type: 'image_url', image_url: 'data:image/png;base64,{b64}' },
    { type: 'image_url', image_url: { url: '{url}', detail: 'high' } },
    { type: 'image_url', image_url: { url: 'https://example.com/fixed.png' } },
  ];
  const values = { thing: 'this picture', url: 'https://example.com/a.png', b64: 'iVBORw0' };

  it('renders string and { url, detail } forms with variables', async () => {
    const lc = LCChatPromptTemplate.fromMessages([['human', blocks]]);
    const ours = ChatPromptTemplate.fromMessages([['human', blocks as ContentBlock[]]]);
    expect(ours.inputVariables).toEqual(lc.inputVariables);
    expect(plain(ours.formatMessages(values))).toEqual(lcPlain(await lc.formatMessages(values)));
    const [lcValue, value] = [await lc.invoke(values), await ours.invoke(values)];
    expect(plain(value.toChatMessages())).toEqual(lcPlain(lcValue.toChatMessages()));
  });

  it('mixes messages (kept as they are, braces included) with templates', async () => {
    const image = { type: 'image_url', image_url: { url: 'https://example.com/i.png' } };
    const lc = LCChatPromptTemplate.fromMessages([
      new LCSystemMessage('Answer in {style}, literally.'),
      [
        'human',
        [
          { type: 'text', text: '{q}' },
          { type: 'image_url', image_url: '{url}' },
        ],
      ],
      new LCAIMessage({ content: [{ type: 'text', text: 'Seen {x}' }] }),
      new LCHumanMessage({ content: [image] }),
      ['ai', '{q}!'],
    ]);
    const ours = ChatPromptTemplate.fromMessages([
      new SystemMessage('Answer in {style}, literally.'),
      [
        'human',
        [
          { type: 'text', text: '{q}' },
          { type: 'image_url', image_url: '{url}' },
        ],
      ],
      new AIMessage({ content: [{ type: 'text', text: 'Seen {x}' }] }),
      new HumanMessage({ content: [image] }),
      ['ai', '{q}!'],
    ]);
    const values2 = { q: 'Which cat?', url: 'https://example.com/c.png' };
    expect(ours.inputVariables).toEqual(lc.inputVariables);
    expect(plain(ours.formatMessages(values2))).toEqual(lcPlain(await lc.formatMessages(values2)));
  });
});

describe('StringOutputParser on content blocks, as LangChain.js parses them', () => {
  const failures = async (content: ContentBlock[]) => {
    const lc = await new LCStringOutputParser()
      .invoke(new LCAIMessageChunk({ content: content as never }))
      .then(
        (text) => ({ text }),
        (error: Error) => ({ error: error.message }),
      );
    const ours = await new StringOutputParser().invoke(new AIMessageChunk({ content })).then(
      (text) => ({ text }),
      (error: Error) => {
        expect(error).toBeInstanceOf(RxRunnablesError);
        expect((error as RxRunnablesError).code).toBe('INVALID_INPUT');
        return { error: error.message };
      },
    );
    return { lc, ours };
  };

  it.each([
    [
      'an image_url block',
      [
        { type: 'text', text: 'see ' },
        { type: 'image_url', image_url: { url: 'u' } },
      ],
    ],
    ['a tool_use block', [{ type: 'tool_use', id: 't', name: 'f', input: {} }]],
    ['an image block', [{ type: 'image', url: 'https://example.com/a.png' }]],
    ['a text block without text', [{ type: 'text' }]],
  ])('rejects %s with LangChain’s error', async (_label, content) => {
    const { lc, ours } = await failures(content as ContentBlock[]);
    expect(lc).toHaveProperty('error');
    expect(ours).toEqual(lc);
  });

  it('reads text blocks and skips reasoning blocks', async () => {
    const { lc, ours } = await failures([
      { type: 'thinking', thinking: 'hmm' },
      { type: 'reasoning', reasoning: 'so' },
      { type: 'text', text: 'Hello' },
      { type: 'text_delta', text: ', world' },
    ]);
    expect(lc).toEqual({ text: 'Hello, world' });
    expect(ours).toEqual(lc);
  });
});
