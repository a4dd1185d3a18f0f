import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { RunnableLambda } from '../../src/core';
import { AIMessageChunk } from '../../src/chunks';
import { LlmAdapter, llmMode, splitWords, textOf } from '../../src/rag';
import { asyncModel, collectAll, syncModel } from './rag-fixtures';

describe('llmMode', () => {
  it('classifies models by shape', () => {
    expect(llmMode(new RunnableLambda((s: string) => s))).toBe('async');
    expect(llmMode(asyncModel(['x']))).toBe('async');
    expect(llmMode({ async *stream() {} })).toBe('async');
    expect(llmMode({ stream: async () => [] })).toBe('async');
    expect(llmMode(new FakeListChatModel({ responses: ['x'] }))).toBe('async');
    expect(llmMode(syncModel(['x']))).toBe('sync');
    expect(llmMode({ stream: () => [] })).toBe('sync');
    expect(llmMode({})).toBeUndefined();
    expect(llmMode(undefined)).toBeUndefined();
    expect(llmMode('model')).toBeUndefined();
  });
});

describe('textOf', () => {
  it('reads strings, message chunks of both libraries, and content blocks', () => {
    expect(textOf('plain')).toBe('plain');
    expect(textOf(new AIMessageChunk('ours'))).toBe('ours');
    expect(textOf({ content: 'content only' })).toBe('content only');
    expect(textOf({ content: [{ type: 'text', text: 'a' }, { type: 'image_url' }, 'b'] })).toBe(
      'ab',
    );
    expect(textOf({ toolCallChunks: [] })).toBe('');
    expect(textOf(null)).toBe('');
    expect(textOf(3)).toBe('');
  });
});

describe('splitWords', () => {
  it('groups words with their following whitespace, so the chunks join back exactly', () => {
    expect(splitWords('one two three', 2)).toEqual(['one two ', 'three']);
    expect(splitWords('  lead\nand  spaces ', 1)).toEqual(['  lead\n', 'and  ', 'spaces ']);
    expect(splitWords('', 3)).toEqual([]);
    expect(splitWords('   ', 3)).toEqual([]);
    const text = 'مرحبا بكم في المكتبة، ساعات العمل من التاسعة';
    expect(splitWords(text, 3).join('')).toBe(text);
  });
});

describe('LlmAdapter', () => {
  it('streams a duck-typed model as a chat_model Runnable named after its class', async () => {
    class EchoLLM {
      async *astream(prompt: string) {
        yield `echo ${prompt}`;
      }
    }
    const adapter = new LlmAdapter(new EchoLLM());
    expect(adapter.name).toBe('EchoLLM');
    expect(await collectAll(adapter.stream('hi'))).toEqual(['echo hi']);
    const events = await collectAll(adapter.streamEvents('hi'));
    expect(events.map((e) => e.event)).toEqual([
      'on_chat_model_start',
      'on_chat_model_stream',
      'on_chat_model_end',
    ]);
  });

  it('records how the result was consumed', async () => {
    const adapter = new LlmAdapter(syncModel(['a']));
    expect(adapter.observedMode).toBeUndefined();
    await adapter.invoke('p');
    expect(adapter.observedMode).toBe('sync');
  });

  it('turns a model that throws when called into a stream error', async () => {
    const adapter = new LlmAdapter({
      astream: () => {
        throw new Error('no connection');
      },
    });
    await expect(adapter.invoke('p')).rejects.toThrow('no connection');
  });
});
