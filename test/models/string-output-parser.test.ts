import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk, HumanMessage } from '../../src/chunks';
import { RunnableLambda } from '../../src/core';
import { DemoChatModel, StringOutputParser } from '../../src/models';

describe('StringOutputParser', () => {
  it('maps message chunks to text chunks one by one, as they arrive', async () => {
    const model = new DemoChatModel({ script: ['one two three'] });
    const chain = model.pipe(new StringOutputParser());
    const chunks = await firstValueFrom(chain.stream('x').pipe(toArray()));
    expect(chunks).toEqual(['one', ' two', ' three', '']);
    expect(
      await new DemoChatModel({ script: ['a b'] }).pipe(new StringOutputParser()).invoke('x'),
    ).toBe('a b');
  });

  it('emits each text chunk before the next input chunk exists', async () => {
    const seen: string[] = [];
    const source = new RunnableLambda(async function* (_: string) {
      yield new AIMessageChunk('first');
      expect(seen).toEqual(['first']);
      yield new AIMessageChunk(' second');
    });
    const parser = source.pipe(new StringOutputParser());
    await new Promise<void>((resolve, reject) =>
      parser.stream('x').subscribe({ next: (t) => seen.push(t), error: reject, complete: resolve }),
    );
    expect(seen).toEqual(['first', ' second']);
  });

  it('passes strings through and reads text blocks of content lists', async () => {
    const parser = new StringOutputParser();
    expect(await parser.invoke('plain')).toBe('plain');
    const blocks = new AIMessageChunk([
      { type: 'reasoning', reasoning: 'hmm', index: 0 },
      { type: 'text', text: 'answer', index: 1 },
    ]);
    expect(await parser.invoke(blocks)).toBe('answer');
    expect(await parser.invoke(new HumanMessage('hi'))).toBe('hi');
  });

  it('rejects other input with INVALID_INPUT', async () => {
    await expect(new StringOutputParser().invoke(3 as never)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('reports parser events', async () => {
    const events: string[] = [];
    await new Promise<void>((resolve) =>
      new StringOutputParser()
        .streamEvents('x')
        .subscribe({ next: (e) => events.push(e.event), complete: resolve }),
    );
    expect(events).toEqual(['on_parser_start', 'on_parser_stream', 'on_parser_end']);
  });
});
