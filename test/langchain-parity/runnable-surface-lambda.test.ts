// `new RunnableLambda({ func })` and `getName()` as LangChain writes them, on both libraries.
import {
  RunnableLambda as LCLambda,
  RunnablePassthrough as LCPassthrough,
  RunnableSequence as LCSequence,
} from '@langchain/core/runnables';
import { describe, expect, it } from 'vitest';
import {
  RunnableLambda,
  RunnablePassthrough,
  RunnableSequence,
  RxRunnablesError,
} from '../../src/core';
import { drain } from './support';

describe('new RunnableLambda({ func })', () => {
  it('runs the function on invoke, stream and batch as LangChain does', async () => {
    const func = (n: number): number => n * 2;
    const lc = new LCLambda({ func });
    const ours = new RunnableLambda({ func });
    expect(await ours.invoke(21)).toBe(await lc.invoke(21));
    expect(await drain(ours.stream(4))).toEqual(await drain(await lc.stream(4)));
    expect(await ours.batch([1, 2, 3])).toEqual(await lc.batch([1, 2, 3]));
  });

  it('takes a generator function and a name', async () => {
    const func = function* (text: string): Generator<string> {
      for (const word of text.split(' ')) yield word;
    };
    const ours = new RunnableLambda({ func, name: 'words' });
    expect(await drain(ours.stream('a b c'))).toEqual(
      await drain(await new LCLambda({ func }).stream('a b c')),
    );
    expect(ours.getName()).toBe('words');
  });

  it('rejects fields without a function as INVALID_CONFIG', () => {
    const make = (): unknown => new RunnableLambda({} as { func: (n: number) => number });
    expect(make).toThrow(RxRunnablesError);
    expect(make).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});

describe('getName()', () => {
  it('gives the names LangChain gives, with a suffix', () => {
    const pairs: [{ getName(suffix?: string): string }, { getName(suffix?: string): string }][] = [
      [LCLambda.from((n: number) => n), RunnableLambda.from((n: number) => n)],
      [
        LCSequence.from([(n: number) => n, (n: number) => n]),
        RunnableSequence.from([(n: number) => n, (n: number) => n]),
      ],
      [new LCPassthrough(), new RunnablePassthrough()],
    ];
    for (const [lc, ours] of pairs) {
      expect(ours.getName()).toBe(lc.getName());
      expect(ours.getName('Input')).toBe(lc.getName('Input'));
    }
  });

  it("is a named function's name (LangChain.js says RunnableLambda), as events report it", async () => {
    const ours = RunnableLambda.from(function double(n: number) {
      return n * 2;
    });
    expect(
      LCLambda.from(function double(n: number) {
        return n * 2;
      }).getName(),
    ).toBe('RunnableLambda');
    expect(ours.getName()).toBe('double');
    const events = await drain(ours.streamEvents(1, { version: 'v2' }));
    expect(events[0]?.name).toBe(ours.getName());
  });
});
