import { NEVER, Observable, concat, map, of, take, timer } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import type { BaseMessage } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';
import { ChatModel, DemoChatModel } from '../../src/models';
import type { ChatModelOptions } from '../../src/models';

/** Sends `chunks`, then nothing ever again; records whether its stream was torn down. */
class StallingModel extends ChatModel {
  closed = 0;
  constructor(
    private readonly chunks: string[],
    options?: ChatModelOptions,
  ) {
    super(options);
  }
  protected streamMessages(_messages: BaseMessage[]) {
    return new Observable<AIMessageChunk>((subscriber) => {
      const inner = concat(
        of(...this.chunks.map((text) => new AIMessageChunk(text))),
        NEVER,
      ).subscribe(subscriber);
      return () => {
        this.closed++;
        inner.unsubscribe();
      };
    });
  }
}

afterEach(() => {
  vi.useRealTimers();
});

function failure(promise: Promise<unknown>): Promise<RxRunnablesError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => {
      expect(RxRunnablesError.isInstance(error)).toBe(true);
      return error as RxRunnablesError;
    },
  );
}

describe('ChatModel idleTimeoutMs', () => {
  it('defaults to one minute', () => {
    expect(new StallingModel([]).idleTimeoutMs).toBe(60_000);
    expect(new DemoChatModel().idleTimeoutMs).toBe(60_000);
  });

  it('a model that never sends a chunk fails with TIMEOUT and is unsubscribed', async () => {
    const model = new StallingModel([], { idleTimeoutMs: 30 });
    const error = await failure(model.invoke('hi'));
    expect(error.code).toBe('TIMEOUT');
    expect(error.details).toMatchObject({ step: 'StallingModel', idleTimeoutMs: 30 });
    expect(error.details.partialOutput).toBeUndefined();
    expect(model.closed).toBe(1);
  });

  it('a stall after some chunks keeps them: delivered on stream, partialOutput of invoke', async () => {
    const model = new StallingModel(['a', 'b'], { idleTimeoutMs: 30 });
    const seen: string[] = [];
    const error = await new Promise<RxRunnablesError>((resolve) => {
      model.stream('hi').subscribe({
        next: (chunk) => seen.push(chunk.text),
        error: (e: RxRunnablesError) => resolve(e),
      });
    });
    expect(seen).toEqual(['a', 'b']);
    expect(error.code).toBe('TIMEOUT');
    const invoked = (await model.invoke('hi').catch((e: unknown) => e)) as RxRunnablesError;
    expect(invoked.code).toBe('TIMEOUT');
    expect((invoked.details.partialOutput as AIMessageChunk).text).toBe('ab');
  });

  it('fires after idleTimeoutMs of silence, never before, and at most a quarter later', async () => {
    vi.useFakeTimers();
    // Chunks at 0, 90 and 180 ms (fake time), then silence.
    class Paced extends ChatModel {
      protected streamMessages() {
        return concat(
          timer(0, 90).pipe(
            take(3),
            map((i) => new AIMessageChunk(`c${i} `)),
          ),
          NEVER,
        );
      }
    }
    let error: RxRunnablesError | undefined;
    const seen: string[] = [];
    new Paced({ idleTimeoutMs: 100 }).stream('x').subscribe({
      next: (chunk) => seen.push(chunk.text),
      error: (e: RxRunnablesError) => (error = e),
    });
    await vi.advanceTimersByTimeAsync(180 + 99);
    expect(seen).toEqual(['c0 ', 'c1 ', 'c2 ']);
    expect(error).toBeUndefined();
    await vi.advanceTimersByTimeAsync(26);
    expect(error?.code).toBe('TIMEOUT');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('chunks arriving in time keep the run alive past the idle time in total', async () => {
    vi.useFakeTimers();
    const model = new DemoChatModel({ script: ['one two three four five'], tokenDelayMs: 40 });
    const pending = model.withIdleTimeout(100).invoke('x');
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(pending).resolves.toMatchObject({ content: 'one two three four five' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the demo model pausing longer than idleTimeoutMs fails with TIMEOUT', async () => {
    vi.useFakeTimers();
    const model = new DemoChatModel({ script: ['one two three'], tokenDelayMs: 500 });
    const pending = failure(model.withIdleTimeout(100).invoke('x'));
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await pending;
    expect(error.code).toBe('TIMEOUT');
    expect(error.details).toMatchObject({ step: 'DemoChatModel', idleTimeoutMs: 100 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('Infinity disables it: no timer, no error however long the model is silent', async () => {
    vi.useFakeTimers();
    const model = new StallingModel(['a'], { idleTimeoutMs: Infinity });
    const seen: string[] = [];
    let ended = false;
    const subscription = model.stream('hi').subscribe({
      next: (chunk) => seen.push(chunk.text),
      error: () => (ended = true),
      complete: () => (ended = true),
    });
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * 24 * 3_600_000);
    expect(ended).toBe(false);
    expect(seen).toEqual(['a']);
    subscription.unsubscribe();
  });

  it('withIdleTimeout returns a copy and leaves the original as it was', () => {
    const model = new StallingModel([]);
    const copy = model.withIdleTimeout(5_000);
    expect(copy.idleTimeoutMs).toBe(5_000);
    expect(model.idleTimeoutMs).toBe(60_000);
    expect(copy).toBeInstanceOf(StallingModel);
  });

  it.each([0, -1, Number.NaN, 2 ** 31, -Infinity, '100'])(
    'rejects %s with INVALID_CONFIG naming the option',
    (value) => {
      for (const make of [
        () => new StallingModel([], { idleTimeoutMs: value as number }),
        () => new StallingModel([]).withIdleTimeout(value as number),
      ]) {
        let error: unknown;
        try {
          make();
        } catch (e) {
          error = e;
        }
        expect(error).toMatchObject({
          code: 'INVALID_CONFIG',
          details: { option: 'idleTimeoutMs' },
        });
        expect((error as Error).message).toMatch(/idleTimeoutMs/);
      }
    },
  );
});
