import {
  AIMessage as LCAIMessage,
  AIMessageChunk as LCAIMessageChunk,
  HumanMessage as LCHumanMessage,
} from '@langchain/core/messages';
import {
  ChatPromptValue as LCChatPromptValue,
  StringPromptValue as LCStringPromptValue,
} from '@langchain/core/prompt_values';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AIMessage, AIMessageChunk, HumanMessage } from '../../src/chunks';
import { fromLangChainMessage, fromLangChainValue, toLangChainValue } from '../../src/langchain';
import { ChatPromptValue, StringPromptValue } from '../../src/models';

describe('fromLangChainValue', () => {
  it('converts plain text chunks exactly as fromLangChainMessage does', () => {
    const text = fc.string({ maxLength: 8 });
    const record = fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.string());
    fc.assert(
      fc.property(
        text,
        fc.option(text, { nil: undefined }),
        fc.option(text, { nil: undefined }),
        record,
        record,
        (content, id, name, kwargs, metadata) => {
          const lc = new LCAIMessageChunk({
            content,
            id,
            name,
            additional_kwargs: kwargs,
            response_metadata: metadata,
          });
          const fast = fromLangChainValue(lc);
          const reference = fromLangChainMessage(lc);
          expect(fast).toBeInstanceOf(AIMessageChunk);
          expect((fast as AIMessageChunk).toJSON()).toEqual(reference.toJSON());
        },
      ),
    );
  });

  it('keeps tool-call chunks and usage of richer chunks', () => {
    const lc = new LCAIMessageChunk({
      content: '',
      tool_call_chunks: [{ index: 0, id: 'c1', name: 'f', args: '{}' }],
      usage_metadata: { input_tokens: 1, output_tokens: 2, total_tokens: 3 },
    });
    const ours = fromLangChainValue(lc) as AIMessageChunk;
    expect(ours.toolCallChunks).toEqual([expect.objectContaining({ id: 'c1', name: 'f' })]);
    expect(ours.usageMetadata).toMatchObject({ inputTokens: 1, outputTokens: 2, totalTokens: 3 });
  });

  it('converts messages, message lists and prompt values; leaves other values alone', () => {
    expect(fromLangChainValue(new LCAIMessage('done'))).toBeInstanceOf(AIMessage);
    const list = fromLangChainValue([new LCHumanMessage('hi')]) as unknown[];
    expect(list[0]).toBeInstanceOf(HumanMessage);
    const chat = fromLangChainValue(new LCChatPromptValue([new LCHumanMessage('q')]));
    expect(chat).toBeInstanceOf(ChatPromptValue);
    expect((chat as ChatPromptValue).messages[0]).toBeInstanceOf(HumanMessage);
    expect(fromLangChainValue(new LCStringPromptValue('s'))).toEqual(new StringPromptValue('s'));
    const plain = { pageContent: 'doc', metadata: {} };
    expect(fromLangChainValue(plain)).toBe(plain);
    expect(fromLangChainValue('text')).toBe('text');
    expect(fromLangChainValue([1, 2])).toEqual([1, 2]);
  });
});

describe('toLangChainValue', () => {
  it('converts our messages and prompt values into LangChain ones', () => {
    expect(toLangChainValue(new AIMessageChunk('x'))).toBeInstanceOf(LCAIMessageChunk);
    const chat = toLangChainValue(new ChatPromptValue([new HumanMessage('q')]));
    expect(chat).toBeInstanceOf(LCChatPromptValue);
    expect((chat as LCChatPromptValue).messages[0]).toBeInstanceOf(LCHumanMessage);
    expect(toLangChainValue(new StringPromptValue('s'))).toBeInstanceOf(LCStringPromptValue);
    expect(toLangChainValue({ a: 1 })).toEqual({ a: 1 });
  });
});
