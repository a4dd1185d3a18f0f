// Cases ported from @langchain/core src/messages/tests/base_message.test.ts ("_mergeDicts",
// "usage_metadata serialized"): LangChain's _mergeDicts is how two chunks' metadata merge, so
// here it is `responseMetadata` of two concatenated AIMessageChunks.
import { describe, expect, it } from 'vitest';
import {
  AIMessage,
  AIMessageChunk,
  concat,
  messageFromJSON,
  type Metadata,
} from '../../src/chunks';

function merged(left: Metadata | undefined, right: Metadata | undefined): Metadata {
  const chunk = (meta: Metadata | undefined) =>
    new AIMessageChunk(
      meta === undefined ? { content: '' } : { content: '', responseMetadata: meta },
    );
  return chunk(left).concat(chunk(right)).responseMetadata;
}

describe('ported from @langchain/core src/messages/tests/base_message.test.ts: _mergeDicts', () => {
  it.each([
    ['returns right value when left is undefined', undefined, { foo: 'bar' }, { foo: 'bar' }],
    ['returns left value when right is undefined', { foo: 'bar' }, undefined, { foo: 'bar' }],
    ['merges two objects', { a: 1 }, { b: 2 }, { a: 1, b: 2 }],
    [
      'concatenates string values for the same key',
      { a: 'hello' },
      { a: ' world' },
      { a: 'hello world' },
    ],
    ['adds numeric values for the same key', { count: 5 }, { count: 3 }, { count: 8 }],
    [
      'recursively merges nested objects',
      { nested: { a: 1 } },
      { nested: { b: 2 } },
      { nested: { a: 1, b: 2 } },
    ],
    [
      'handles null values in right dict by skipping them',
      { a: 'value' },
      { a: null },
      { a: 'value' },
    ],
    [
      'handles null values in left dict by using right value',
      { a: null },
      { a: 'value' },
      { a: 'value' },
    ],
    [
      "does not merge 'type' field (keeps original)",
      { type: 'text' },
      { type: 'delta' },
      { type: 'text' },
    ],
    [
      "replaces 'id' field with incoming value if defined",
      { id: 'old' },
      { id: 'new' },
      { id: 'new' },
    ],
    ["keeps 'id' field if incoming is empty", { id: 'old' }, { id: '' }, { id: 'old' }],
    ['handles empty objects', { a: 1 }, {}, { a: 1 }],
    ["preserves 'index' field instead of summing", { index: 1 }, { index: 1 }, { index: 1 }],
    [
      "preserves 'created' timestamp field instead of summing",
      { created: 1734524005 },
      { created: 1734524005 },
      { created: 1734524005 },
    ],
    [
      "preserves 'timestamp' field instead of summing",
      { timestamp: 1734524005 },
      { timestamp: 1734524005 },
      { timestamp: 1734524005 },
    ],
    [
      'correctly merges nested objects with index field',
      { index: 0, id: '0', fn: { name: 'add', args: '' } },
      { index: 0, fn: { args: '{"a": 2,' } },
      { index: 0, id: '0', fn: { name: 'add', args: '{"a": 2,' } },
    ],
    [
      'handles nested null values in objects',
      { nested: null },
      { nested: { foo: 'bar' } },
      { nested: { foo: 'bar' } },
    ],
    [
      'handles nested null values in right object',
      { nested: { foo: 'bar' } },
      { nested: null },
      { nested: { foo: 'bar' } },
    ],
    [
      'supports custom numeric fields (summed without ignoreKeys)',
      { customId: 100 },
      { customId: 100 },
      { customId: 200 },
    ],
  ] as [string, Metadata | undefined, Metadata | undefined, Metadata][])(
    '%s',
    (_name, left, right, expected) => {
      expect(merged(left, right)).toEqual(expected);
    },
  );

  it('throws error when merging different types for same key', () => {
    expect(() => merged({ a: 'string' }, { a: 123 })).toThrow();
  });
});

describe('ported from @langchain/core src/messages/tests/base_message.test.ts: usage_metadata serialized', () => {
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };

  it('usage metadata is serialized when included in the constructor, and survives a round trip', () => {
    for (const message of [
      new AIMessage({ content: 'hello', usageMetadata: usage }),
      new AIMessageChunk({ content: 'hello', usageMetadata: usage }),
    ]) {
      const json = JSON.stringify(message);
      // LangChain writes usage_metadata / input_tokens; our JSON is camelCase (differences.test.ts).
      for (const key of ['usageMetadata', 'inputTokens', 'outputTokens', 'totalTokens']) {
        expect(json).toContain(key);
      }
      const revived = messageFromJSON(JSON.parse(json));
      expect(revived).toEqual(message);
      expect((revived as AIMessage).usage_metadata).toEqual(message.usage_metadata);
    }
  });

  it('usage metadata is serialized even when not included in the constructor', () => {
    const total = concat(
      new AIMessageChunk('hello'),
      new AIMessageChunk({ content: '', usageMetadata: usage }),
    );
    const json = JSON.stringify(total);
    for (const key of ['usageMetadata', 'inputTokens', 'outputTokens', 'totalTokens']) {
      expect(json).toContain(key);
    }
  });
});
