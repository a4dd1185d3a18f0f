import { describe, expect, it } from 'vitest';
import type { Observable } from 'rxjs';
import { firstValueFrom, toArray } from 'rxjs';
import { Runnable, RunnableLambda, RxRunnablesError } from '../../src/core';
import type { RunContext } from '../../src/core';
import { Upper } from './steps';

class Counting extends Runnable<string, string> {
  runs = 0;
  protected transform(input$: Observable<string>, _ctx: RunContext): Observable<string> {
    this.runs++;
    return input$;
  }
}

describe('Runnable surfaces', () => {
  it('is cold: nothing runs until subscription, one run per subscription', async () => {
    const step = new Counting();
    const stream$ = step.stream('x');
    expect(step.runs).toBe(0);
    await firstValueFrom(stream$);
    await firstValueFrom(stream$);
    expect(step.runs).toBe(2);
  });

  it('invoke concatenates the streamed chunks', async () => {
    const words = RunnableLambda.from(function* (s: string) {
      yield* s.split(/(?= )/);
    });
    expect(await words.invoke('a b c')).toBe('a b c');
    expect(await firstValueFrom(words.stream('a b c').pipe(toArray()))).toEqual(['a', ' b', ' c']);
  });

  it('astream yields the same chunks as stream', async () => {
    const chunks: string[] = [];
    for await (const chunk of new Upper().astream('abc')) chunks.push(chunk);
    expect(chunks).toEqual(['ABC']);
  });

  it('astream delivers chunks received before an error, then throws it', async () => {
    const step = RunnableLambda.from(function* (_: string) {
      yield 'one';
      yield 'two';
      throw new Error('late');
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of step.astream('x')) seen.push(chunk);
      })(),
    ).rejects.toThrow('late');
    expect(seen).toEqual(['one', 'two']);
  });

  it('batch keeps input order and limits concurrency', async () => {
    let running = 0;
    let peak = 0;
    const step = RunnableLambda.from(async (n: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 10 - n));
      running--;
      return n * 10;
    });
    expect(await step.batch([1, 2, 3, 4, 5], { maxConcurrency: 2 })).toEqual([10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });

  it('batch with returnExceptions puts typed errors in place', async () => {
    const step = RunnableLambda.from((n: number) => {
      if (n === 2) throw new Error('two');
      return n;
    });
    const results = await step.batch([1, 2, 3], { returnExceptions: true });
    expect(results[0]).toBe(1);
    expect(RxRunnablesError.isInstance(results[1])).toBe(true);
    expect(results[2]).toBe(3);
    await expect(step.batch([1, 2, 3])).rejects.toThrow('two');
  });

  it('withConfig binds tags (bound first) and metadata under the call options', async () => {
    const seen: RunContext[] = [];
    const step = new (class extends Runnable<string, string> {
      protected transform(input$: Observable<string>, ctx: RunContext): Observable<string> {
        seen.push(ctx);
        return input$;
      }
    })();
    await step
      .withConfig({ tags: ['bound'], metadata: { a: 1 }, configurable: { model: 'x' } })
      .invoke('x', { tags: ['call'], metadata: { b: 2 } });
    expect(seen[0]?.options.tags).toEqual(['bound', 'call']);
    expect(seen[0]?.options.metadata).toEqual({ a: 1, b: 2 });
    expect(seen[0]?.options.configurable).toEqual({ model: 'x' });
  });
});
