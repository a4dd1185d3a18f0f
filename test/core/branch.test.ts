import { describe, expect, it } from 'vitest';
import { RunnableBranch, RunnableRouter } from '../../src/core';
import { BOOM, TYPED_BOOM, describeMatrix } from './matrix';
import { Upper, letters } from './steps';

describeMatrix('RunnableBranch', {
  make: () =>
    RunnableBranch.from<string, string>([[(s) => s.startsWith('z'), () => 'zed'], new Upper()]),
  makeThrowing: () =>
    RunnableBranch.from<string, string>([
      [
        (_s): boolean => {
          throw BOOM;
        },
        () => 'never',
      ],
      new Upper(),
    ]),
  values: letters,
  thrown: TYPED_BOOM,
  streams: false,
  expected: { X: 'ABC', Y: 'A' },
});

describeMatrix('RunnableRouter', {
  make: () =>
    RunnableRouter.byKey((s: string) => (s.length > 1 ? 'many' : 'one'), {
      one: new Upper(),
      many: new Upper(),
    }),
  makeThrowing: () =>
    RunnableRouter.byKey(
      (_s: string): string => {
        throw BOOM;
      },
      { one: new Upper() },
    ),
  values: letters,
  thrown: TYPED_BOOM,
  streams: false,
  expected: { X: 'ABC', Y: 'A' },
});

describe('RunnableBranch', () => {
  it('runs the step of the first condition that holds', async () => {
    const branch = RunnableBranch.from<number, string>([
      [(n) => n < 0, () => 'negative'],
      [async (n) => n === 0, () => 'zero'],
      () => 'positive',
    ]);
    expect(await branch.invoke(-1)).toBe('negative');
    expect(await branch.invoke(0)).toBe('zero');
    expect(await branch.invoke(5)).toBe('positive');
  });

  it('evaluates no condition after the one that holds', async () => {
    const tested: string[] = [];
    const branch = RunnableBranch.from<string, string>([
      [(s) => (tested.push('first'), s === 'a'), () => 'A'],
      [(s) => (tested.push('second'), s === 'b'), () => 'B'],
      () => 'other',
    ]);
    await branch.invoke('a');
    expect(tested).toEqual(['first']);
  });
});

describe('RunnableRouter', () => {
  it('routes LangChain-style { key, input }', async () => {
    const router = new RunnableRouter<string, string>({
      upper: (s: string) => s.toUpperCase(),
      lower: (s: string) => s.toLowerCase(),
    });
    expect(await router.invoke({ key: 'upper', input: 'Hi' })).toBe('HI');
    expect(await router.invoke({ key: 'lower', input: 'Hi' })).toBe('hi');
  });

  it('errors with NO_MATCHING_BRANCH for an unknown key, naming the routes', async () => {
    const router = new RunnableRouter<string, string>({ a: (s: string) => s });
    await expect(router.invoke({ key: 'toString', input: 'x' })).rejects.toMatchObject({
      code: 'NO_MATCHING_BRANCH',
      details: { key: 'toString', routes: ['a'] },
    });
  });
});
