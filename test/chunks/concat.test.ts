import { describe, expect, it } from 'vitest';
import { AIMessageChunk, concat } from '../../src/chunks';
import { concatChunks } from '../../src/core';

describe('concat (the concat protocol from rx-runnables/chunks)', () => {
  it('is the core concatChunks function', () => {
    expect(concat).toBe(concatChunks);
  });

  it('adds strings, arrays, plain objects and messages', () => {
    expect(concat('a', 'b')).toBe('ab');
    expect(concat([1], [2, 3])).toEqual([1, 2, 3]);
    expect(concat({ a: 'x', n: [1] }, { a: 'y', n: [2], b: true })).toEqual({
      a: 'xy',
      n: [1, 2],
      b: true,
    });
    const total = concat(new AIMessageChunk('Hel'), new AIMessageChunk('lo'));
    expect(total).toBeInstanceOf(AIMessageChunk);
    expect(total.content).toBe('Hello');
  });
});
