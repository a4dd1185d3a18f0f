import { describe, expect, it } from 'vitest';
import { RunnableAssign, RunnablePassthrough, RunnablePick, pick } from '../../src/core';
import { BOOM, describeMatrix } from './matrix';
import { Throwing, letters } from './steps';

describeMatrix('RunnablePassthrough', {
  make: () => new RunnablePassthrough<string>(),
  makeThrowing: () => new RunnablePassthrough<string>().pipe(new Throwing()),
  values: letters,
  streams: true,
  expected: { A: 'a', B: 'b', C: 'c' },
});

type Doc = Record<string, unknown>;
const docs = { a: { t: 'a' }, b: { t: 'b' }, c: { t: 'c' }, d: { t: 'd' } };

describeMatrix<Doc, Doc>('RunnablePick', {
  make: () => new RunnablePick<Doc, Doc>(['t']),
  makeThrowing: () => new RunnablePick<Doc, Doc>(['t']).pipe(new Throwing<Doc>()),
  values: docs,
  streams: true,
  expected: { A: { t: 'a' }, B: { t: 'b' }, C: { t: 'c' } },
});

describe('RunnableAssign', () => {
  it('passes the input through and adds computed keys', async () => {
    const step = RunnablePassthrough.assign({
      length: (x: { text: string }) => x.text.length,
      upper: async (x: { text: string }) => x.text.toUpperCase(),
    });
    expect(step).toBeInstanceOf(RunnableAssign);
    expect(await step.invoke({ text: 'abc' })).toEqual({ text: 'abc', length: 3, upper: 'ABC' });
  });

  it('streams the input chunks before the computed keys arrive', async () => {
    const step = RunnablePassthrough.assign({
      later: async (_: { q: string }) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return 'done';
      },
    });
    const chunks: unknown[] = [];
    for await (const chunk of step.astream({ q: 'x' })) chunks.push(chunk);
    expect(chunks).toEqual([{ q: 'x' }, { later: 'done' }]);
  });

  it('errors when a computed key fails', async () => {
    const step = RunnablePassthrough.assign({
      bad: (_: { q: string }): string => {
        throw BOOM;
      },
    });
    await expect(step.invoke({ q: 'x' })).rejects.toMatchObject({ cause: BOOM });
  });
});

describe('RunnablePick', () => {
  it('picks one key as a value', async () => {
    expect(await pick<{ a: number; b: number }>('a').invoke({ a: 1, b: 2 })).toBe(1);
  });

  it('picks several keys as an object and drops chunks with none of them', async () => {
    const step = new RunnablePassthrough<Record<string, unknown>>().pipe(pick(['a', 'c']));
    const chunks: unknown[] = [];
    const source = RunnablePassthrough.assign({ c: () => 3 });
    for await (const chunk of source.pipe(step).astream({ a: 1, b: 2 })) chunks.push(chunk);
    expect(chunks).toEqual([{ a: 1 }, { c: 3 }]);
  });
});

describeMatrix<Doc, Doc>('RunnableAssign', {
  make: () => new RunnableAssign<Doc, Doc>({}),
  makeThrowing: () => new RunnableAssign<Doc, Doc>({}).pipe(new Throwing<Doc>()),
  values: docs,
  streams: true,
  expected: { A: { t: 'a' }, B: { t: 'b' }, C: { t: 'c' } },
});
