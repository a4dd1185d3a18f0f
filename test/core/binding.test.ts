import { describe, expect, it } from 'vitest';
import { RunnableBinding } from '../../src/core';
import { describeMatrix } from './matrix';
import { Throwing, Upper, letters, upperLetters } from './steps';

describeMatrix('RunnableBinding', {
  make: () => new Upper().withConfig({ tags: ['bound'] }),
  makeThrowing: () => new Throwing().withConfig({ tags: ['bound'] }),
  values: letters,
  streams: true,
  expected: upperLetters,
});

describe('RunnableBinding', () => {
  it('keeps the bound step name, or takes runName', () => {
    expect(new Upper().withConfig({}).name).toBe('Upper');
    expect(new Upper().withConfig({ runName: 'Loud' }).name).toBe('Loud');
  });

  it('merges a second withConfig into the first binding', () => {
    const twice = new Upper().withConfig({ tags: ['a'] }).withConfig({ tags: ['b'] });
    expect(twice).toBeInstanceOf(RunnableBinding);
    expect((twice as RunnableBinding<string, string>).options.tags).toEqual(['a', 'b']);
    expect((twice as RunnableBinding<string, string>).bound).toBeInstanceOf(Upper);
  });

  it('a bound signal aborts that step alone', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      new Upper().withConfig({ signal: controller.signal }).invoke('x'),
    ).rejects.toMatchObject({
      code: 'ABORTED',
      details: { step: 'Upper' },
    });
  });
});
