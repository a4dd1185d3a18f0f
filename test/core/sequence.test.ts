import { describe, expect, it } from 'vitest';
import { Observable } from 'rxjs';
import { Runnable, RunnableLambda, RunnableSequence } from '../../src/core';
import { describeMatrix } from './matrix';
import { Throwing, Upper, letters, upperLetters } from './steps';

describeMatrix('RunnableSequence', {
  make: () => RunnableSequence.from<string, string>([new Upper(), new Upper()]),
  makeThrowing: () => RunnableSequence.from<string, string>([new Upper(), new Throwing()]),
  values: letters,
  streams: true,
  expected: upperLetters,
});

describe('RunnableSequence', () => {
  it('delivers the first chunk to the last step before the first step ends', async () => {
    const log: string[] = [];
    const source = RunnableLambda.from(async function* (_: string) {
      for (const word of ['one', 'two', 'three']) {
        log.push(`produce ${word}`);
        yield word;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      log.push('source done');
    });
    const chain = source.pipe(new Upper()).pipe(new Upper());
    for await (const chunk of chain.astream('go')) log.push(`consume ${chunk}`);
    expect(log.indexOf('consume ONE')).toBeLessThan(log.indexOf('source done'));
    expect(log.filter((l) => l.startsWith('consume'))).toEqual([
      'consume ONE',
      'consume TWO',
      'consume THREE',
    ]);
  });

  it('flattens nested pipes into one list of steps', () => {
    const chain = new Upper().pipe(new Upper()).pipe(new Upper().pipe(new Upper()));
    expect(chain).toBeInstanceOf(RunnableSequence);
    expect((chain as RunnableSequence<string, string>).steps).toHaveLength(4);
  });

  it('coerces functions and objects given to from() and pipe()', async () => {
    const chain = RunnableSequence.from<string, { len: number; up: string }>([
      (s: string) => s.trim(),
      { len: (s: string) => s.length, up: (s: string) => s.toUpperCase() },
    ]);
    expect(await chain.invoke('  abc ')).toEqual({ len: 3, up: 'ABC' });
  });

  it('subscribes to each step once per run', async () => {
    let subscriptions = 0;
    const counted = new (class extends Upper {
      protected override transform(input$: Observable<string>): Observable<string> {
        subscriptions++;
        return super.transform(input$);
      }
    })();
    const chain = counted.pipe(new Upper());
    await chain.invoke('x');
    await chain.invoke('y');
    expect(subscriptions).toBe(2);
  });

  it('rejects an empty list of steps with a typed error', () => {
    expect(() => new RunnableSequence([])).toThrowError(/at least one step/);
  });
});

describe('RunnableSequence output mode', () => {
  it('takes the chunk mode of its last step, so invoke of a chain ending in a snapshot step returns the last snapshot', async () => {
    class Snapshots extends Runnable<string, { text: string }> {
      override readonly chunkMode = 'snapshot' as const;
      protected transform(input$: Observable<string>): Observable<{ text: string }> {
        return new Observable((subscriber) => {
          let text = '';
          return input$.subscribe({
            next: (chunk) => subscriber.next({ text: (text += chunk) }),
            error: (e: unknown) => subscriber.error(e),
            complete: () => subscriber.complete(),
          });
        });
      }
    }
    const words = RunnableLambda.from(function* (_: string) {
      yield 'Ad';
      yield 'a';
    });
    const chain = words.pipe(new Snapshots());
    expect(chain.chunkMode).toBe('snapshot');
    expect(await chain.invoke('x')).toEqual({ text: 'Ada' });
    expect(await chain.withRetry().invoke('x')).toEqual({ text: 'Ada' });
    expect(await chain.withConfig({ tags: ['t'] }).invoke('x')).toEqual({ text: 'Ada' });
    expect(await chain.withFallbacks([]).invoke('x')).toEqual({ text: 'Ada' });
  });
});
