// accumulate() after a StringOutputParser: a model's trailing empty chunk repeats no total.
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk, accumulate } from '../../src/chunks';
import { RunnableLambda } from '../../src/core';
import { StringOutputParser } from '../../src/models';

describe('accumulate() over text', () => {
  it('emits each total once when the model ends with an empty chunk', async () => {
    // What a streaming chat model sends: text chunks, then one empty chunk with the finish reason.
    const model = RunnableLambda.from<string, AIMessageChunk>(
      (_: string) =>
        from([
          new AIMessageChunk({ content: 'Hel' }),
          new AIMessageChunk({ content: 'lo' }),
          new AIMessageChunk({ content: '' }),
        ]) as unknown as AIMessageChunk,
    );
    const totals = await lastValueFrom(
      model.pipe(new StringOutputParser()).stream('hi').pipe(accumulate(), toArray()),
    );
    expect(totals).toEqual(['Hel', 'Hello']);
  });

  it('still passes a first empty chunk and totals of chunks in between', async () => {
    const totals = await lastValueFrom(from(['', 'a', '', 'b']).pipe(accumulate(), toArray()));
    expect(totals).toEqual(['', 'a', 'ab']);
  });
});
