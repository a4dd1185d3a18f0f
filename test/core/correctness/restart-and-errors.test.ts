import { describe, expect, it } from 'vitest';
import { Observable, firstValueFrom, toArray } from 'rxjs';
import { Runnable, RunnableLambda, RxRunnablesError } from '../../../src/core';
import type { RunEvent } from '../../../src/core';
import type { TestScheduler } from 'rxjs/testing';
import { scheduler } from '../helpers';

/** Fails after its first chunk on the first attempt, succeeds on the next. */
class FlakyOnce extends Runnable<string, string> {
  attempts = 0;
  protected transform(): Observable<string> {
    const attempt = ++this.attempts;
    return new Observable<string>((subscriber) => {
      if (attempt === 1) {
        subscriber.next('bro');
        subscriber.error(new Error('cut'));
        return;
      }
      subscriber.next('hel');
      subscriber.next('lo');
      subscriber.complete();
    });
  }
}

describe("onMidStream: 'restart'", () => {
  it('invoke holds only the attempt that succeeded', async () => {
    const step = new FlakyOnce().withRetry({
      attempts: 2,
      onMidStream: 'restart',
      backoff: () => 0,
    });
    expect(await step.invoke('x')).toBe('hello');
  });

  it('stream consumers see snapshots, so a restart shows as a chunk that starts over', async () => {
    const step = new FlakyOnce().withRetry({
      attempts: 2,
      onMidStream: 'restart',
      backoff: () => 0,
    });
    expect(step.chunkMode).toBe('snapshot');
    const chunks = await firstValueFrom(step.stream('x').pipe(toArray()));
    expect(chunks).toEqual(['bro', 'hel', 'hello']);
  });

  it('end events hold only the successful attempt, also downstream', async () => {
    const step = new FlakyOnce()
      .withRetry({ attempts: 2, onMidStream: 'restart', backoff: () => 0 })
      .pipe((text: string) => text.toUpperCase());
    const events: RunEvent[] = await firstValueFrom(step.streamEvents('x').pipe(toArray()));
    expect(events.at(-1)?.data.output).toBe('HELLO');
    const fallbackStep = new FlakyOnce().withFallbacks([RunnableLambda.from(() => 'fine')], {
      onMidStream: 'restart',
    });
    expect(await fallbackStep.invoke('x')).toBe('fine');
  });
});

describe('withRetry honours retryAfterMs', () => {
  /** Fails once with a 429 asking for 300 ms, then answers. */
  type Cold = Parameters<Parameters<TestScheduler['run']>[0]>[0]['cold'];
  const limited = (cold: Cold) => {
    let calls = 0;
    class Limited extends Runnable<string, string> {
      protected transform(): Observable<string> {
        calls++;
        if (calls === 1) {
          const error = new RxRunnablesError('MODEL_HTTP', '429', {
            status: 429,
            retryAfterMs: 300,
          });
          return cold('-#', undefined, error);
        }
        return cold('-(a|)', { a: 'ok' });
      }
    }
    return new Limited();
  };

  it('waits at least the delay the error asks for', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const retried = limited(cold).withRetry({
        attempts: 2,
        backoff: { initialMs: 10, maxMs: 1_000 },
      });
      expectObservable(retried.stream('x')).toBe('- 300ms -(a|)', { a: 'ok' });
    });
  });

  it('bounded by maxMs', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const capped = limited(cold).withRetry({
        attempts: 2,
        backoff: { initialMs: 10, maxMs: 50 },
      });
      expectObservable(capped.stream('x')).toBe('- 50ms -(a|)', { a: 'ok' });
    });
  });
});

describe('bad numeric options are INVALID_CONFIG naming the option', () => {
  const echo = RunnableLambda.from((s: string) => s);

  it('timeoutMs of 2^31 ms or more is rejected, Infinity means no deadline', async () => {
    await expect(echo.invoke('x', { timeoutMs: 2 ** 31 })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      details: { option: 'timeoutMs' },
    });
    await expect(echo.invoke('x', { timeoutMs: -1 })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
    await expect(echo.invoke('x', { timeoutMs: Number.NaN })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
    const slow = RunnableLambda.from(async (s: string) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return s;
    });
    expect(await slow.invoke('x', { timeoutMs: Infinity })).toBe('x');
    expect(await slow.withConfig({ timeoutMs: Infinity }).invoke('x')).toBe('x');
  });

  it('batch maxConcurrency NaN is rejected instead of resolving empty slots', async () => {
    await expect(echo.batch(['a', 'b', 'c'], { maxConcurrency: Number.NaN })).rejects.toMatchObject(
      {
        code: 'INVALID_CONFIG',
        details: { option: 'maxConcurrency' },
      },
    );
  });

  it('withRetry attempts NaN and bad backoff numbers throw at once', () => {
    expect(() => echo.withRetry({ attempts: Number.NaN })).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        details: expect.objectContaining({ option: 'attempts' }),
      }),
    );
    expect(() => echo.withRetry({ backoff: { initialMs: -5 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
});

describe('a user function error is the same typed error on every surface', () => {
  const boom = new Error('boom');
  const failing = RunnableLambda.from(function explode(_: string): string {
    throw boom;
  });

  const expectTyped = (error: unknown): void => {
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'UNKNOWN', cause: boom, details: { step: 'explode' } });
  };

  it('invoke, stream, astream and streamEvents', async () => {
    expectTyped(await failing.invoke('x').catch((e: unknown) => e));
    expectTyped(await firstValueFrom(failing.stream('x')).catch((e: unknown) => e));
    const iterate = async (): Promise<unknown> => {
      for await (const _ of failing.astream('x')) void _;
      return undefined;
    };
    expectTyped(await iterate().catch((e: unknown) => e));
    expectTyped(
      await firstValueFrom(failing.streamEvents('x').pipe(toArray())).catch((e: unknown) => e),
    );
  });

  it('an error thrown by a custom transform is typed too', async () => {
    class Raw extends Runnable<string, string> {
      protected transform(): Observable<string> {
        return new Observable((subscriber) => subscriber.error('plain string'));
      }
    }
    const error = await firstValueFrom(new Raw().stream('x')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNKNOWN', message: 'plain string' });
  });
});
