import { describe, expect, it } from 'vitest';
import { getEventListeners } from 'node:events';
import { Observable, interval, map } from 'rxjs';
import { Runnable, RunnableLambda, RxRunnablesError } from '../../src/core';
import type { RunContext } from '../../src/core';
import { Upper } from './steps';

/** An endless source that ticks on a timer and listens to the run signal, like a model would. */
class Ticker extends Runnable<string, string> {
  listening = 0;
  ticks = 0;
  protected transform(_input$: Observable<string>, ctx: RunContext): Observable<string> {
    return new Observable<string>((subscriber) => {
      const onAbort = (): void => subscriber.error(ctx.signal.reason);
      ctx.signal.addEventListener('abort', onAbort);
      this.listening++;
      const ticks = interval(1)
        .pipe(map((i) => (this.ticks++, `t${i} `)))
        .subscribe(subscriber);
      return () => {
        ticks.unsubscribe();
        ctx.signal.removeEventListener('abort', onAbort);
        this.listening--;
      };
    });
  }
}

const timers = (): number =>
  process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

const longPipe = (ticker: Ticker): Runnable<string, string> => {
  let chain: Runnable<string, string> = ticker;
  for (let i = 0; i < 20; i++) chain = chain.pipe(new Upper());
  return chain;
};

describe('cancellation', () => {
  it('breaking out of for await in a long pipe leaves no timer or listener behind', async () => {
    const before = timers();
    const ticker = new Ticker();
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const chunk of longPipe(ticker).astream('go', {
      signal: controller.signal,
      timeoutMs: 60_000,
    })) {
      seen.push(chunk);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['T0 ', 'T1 ', 'T2 ']);
    expect(ticker.listening).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(timers()).toBe(before);
  });

  it('aborting the signal rejects invoke with ABORTED, carrying the partial output', async () => {
    const before = timers();
    const ticker = new Ticker();
    const controller = new AbortController();
    const pending = longPipe(ticker).invoke('go', { signal: controller.signal });
    while (ticker.ticks < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    expect((error as RxRunnablesError).code).toBe('ABORTED');
    expect(String((error as RxRunnablesError).details.partialOutput)).toMatch(/^T0 /);
    expect(ticker.listening).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(timers()).toBe(before);
  });

  it('an already aborted signal fails at once without running anything', async () => {
    const ticker = new Ticker();
    await expect(ticker.invoke('go', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'ABORTED',
    });
    expect(ticker.listening).toBe(0);
  });

  it('timeoutMs errors the stream with TIMEOUT and releases everything', async () => {
    const before = timers();
    const ticker = new Ticker();
    const error = await longPipe(ticker)
      .invoke('go', { timeoutMs: 15 })
      .catch((e: unknown) => e);
    expect((error as RxRunnablesError).code).toBe('TIMEOUT');
    expect((error as RxRunnablesError).details.timeoutMs).toBe(15);
    expect(ticker.listening).toBe(0);
    expect(timers()).toBe(before);
  });

  it('a step-level timeout from withConfig limits that step alone', async () => {
    const slow = RunnableLambda.from(
      (_: string) => new Promise<string>((resolve) => setTimeout(() => resolve('late'), 200)),
    );
    const chain = new Upper().pipe(slow.withConfig({ timeoutMs: 10 }));
    await expect(chain.invoke('x')).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('unsubscribing aborts the signal the steps see', async () => {
    let seen: AbortSignal | undefined;
    const step = RunnableLambda.from((_: string, { signal }) => {
      seen = signal;
      return new Promise<string>(() => undefined);
    });
    const subscription = step.stream('x').subscribe();
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(seen?.aborted).toBe(false);
    subscription.unsubscribe();
    expect(seen?.aborted).toBe(true);
    expect((seen?.reason as RxRunnablesError).code).toBe('ABORTED');
  });
});
