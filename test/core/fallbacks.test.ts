import { describe, expect, it } from 'vitest';
import { Observable, defer } from 'rxjs';
import { Runnable, RunnableWithFallbacks, createRunContext } from '../../src/core';
import { BOOM, describeMatrix } from './matrix';
import { scheduler } from './helpers';
import { Throwing, Upper, letters, upperLetters } from './steps';

describeMatrix('RunnableWithFallbacks', {
  make: () => new Upper().withFallbacks([new Upper()]),
  makeThrowing: () => new Throwing().withFallbacks([new Throwing()]),
  values: letters,
  streams: true,
  expected: upperLetters,
});

class Fixed extends Runnable<string, string> {
  constructor(private readonly make: () => Observable<string>) {
    super();
  }
  protected transform(): Observable<string> {
    return defer(this.make);
  }
}

describe('RunnableWithFallbacks', () => {
  it('falls back in order when a step fails before its first chunk', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const first = new Fixed(() => cold('-#', {}, BOOM));
      const second = new Fixed(() => cold('--#', {}, BOOM));
      const third = new Fixed(() => cold('-z|'));
      const chain = new RunnableWithFallbacks(first, [second, third]);
      expectObservable(chain.runTransform(cold('a|'), createRunContext())).toBe('----z|');
    });
  });

  it('passes on an error after the first chunk instead of mixing outputs', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const first = new Fixed(() => cold('-x#', undefined, BOOM));
      const second = new Fixed(() => cold('-y|'));
      expectObservable(
        first.withFallbacks([second]).runTransform(cold('a|'), createRunContext()),
      ).toBe('-x#', undefined, BOOM);
    });
  });

  it('reports the last error when every step fails', async () => {
    const last = new Error('last');
    const chain = new Fixed(() => new Observable((s) => s.error(BOOM))).withFallbacks([
      new Fixed(() => new Observable((s) => s.error(last))),
    ]);
    await expect(chain.invoke('x')).rejects.toMatchObject({ cause: last });
  });

  it('falls back for stream() too', async () => {
    const chain = new Fixed(() => new Observable((s) => s.error(BOOM))).withFallbacks([
      (s: string) => `fallback ${s}`,
    ]);
    const chunks: string[] = [];
    for await (const chunk of chain.astream('x')) chunks.push(chunk);
    expect(chunks).toEqual(['fallback x']);
  });
});
