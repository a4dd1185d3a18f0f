import { describe, expect, it } from 'vitest';
import { Subject, of } from 'rxjs';
import { RunnableLambda, toAsyncIterator } from '../../../src/core';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('astream behaves like a native async generator', () => {
  it('several next() calls at once settle in order with successive values', async () => {
    const it3 = toAsyncIterator(of(1, 2, 3));
    const results = await Promise.all([it3.next(), it3.next(), it3.next(), it3.next()]);
    expect(results).toEqual([
      { value: 1, done: false },
      { value: 2, done: false },
      { value: 3, done: false },
      { value: undefined, done: true },
    ]);
  });

  it('concurrent next() on a slow source settle in order', async () => {
    const subject = new Subject<number>();
    const iterator = toAsyncIterator(subject);
    const a = iterator.next();
    const b = iterator.next();
    subject.next(1);
    subject.next(2);
    subject.complete();
    expect(await a).toEqual({ value: 1, done: false });
    expect(await b).toEqual({ value: 2, done: false });
  });

  it('return() while a next() is pending settles that next() as done', async () => {
    const step = RunnableLambda.from(async function* never(_: string) {
      await sleep(60_000);
      yield 'late';
    });
    const iterator = step.astream('x');
    const pending = iterator.next();
    const returned = await iterator.return?.();
    expect(returned).toEqual({ value: undefined, done: true });
    expect(await pending).toEqual({ value: undefined, done: true });
  });

  it('throw() while a next() is pending settles that next() and rejects with the error', async () => {
    const subject = new Subject<number>();
    const iterator = toAsyncIterator(subject);
    const pending = iterator.next();
    const boom = new Error('stop');
    await expect(iterator.throw?.(boom)).rejects.toBe(boom);
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(subject.observed).toBe(false);
  });

  it('an error rejects the pending next() and later calls are done', async () => {
    const subject = new Subject<number>();
    const iterator = toAsyncIterator(subject);
    const first = iterator.next();
    const second = iterator.next();
    subject.error(new Error('bad'));
    await expect(first).rejects.toThrow('bad');
    expect(await second).toEqual({ value: undefined, done: true });
  });
});

describe('backpressure: async iteration pulls', () => {
  it('an async generator runs only a few chunks ahead of a slow consumer', async () => {
    let produced = 0;
    const step = RunnableLambda.from(async function* source(_: string) {
      for (let i = 0; i < 50_000; i++) {
        produced++;
        yield i;
      }
    });
    let read = 0;
    let maxAhead = 0;
    for await (const _ of step.pipe((n: number) => n).astream('x')) void _;
    // The lambda after the source collects: everything is pulled, as it must be.
    expect(produced).toBe(50_000);
    produced = 0;
    for await (const chunk of step.astream('x')) {
      read++;
      maxAhead = Math.max(maxAhead, produced - read);
      if (read % 100 === 0) await sleep(1);
      if (chunk === 2_000) break;
    }
    expect(maxAhead).toBeLessThanOrEqual(16);
    expect(produced).toBeLessThan(2_020);
  });

  it('for await over stream() pulls the same way', async () => {
    let produced = 0;
    const step = RunnableLambda.from(async function* source(_: string) {
      for (let i = 0; i < 10_000; i++) {
        produced++;
        yield i;
      }
    });
    let read = 0;
    for await (const _ of step.stream('x')) {
      read++;
      if (read === 50) break;
    }
    expect(produced).toBeLessThan(70);
  });

  it('an endless synchronous generator read with break ends', async () => {
    let produced = 0;
    const step = RunnableLambda.from(function* endless(_: string) {
      for (;;) {
        produced++;
        yield produced;
      }
    });
    const seen: number[] = [];
    for await (const n of step.astream('x')) {
      seen.push(n);
      if (seen.length === 5) break;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(produced).toBeLessThan(20);
  });

  it('stream() subscribers keep push semantics', async () => {
    let produced = 0;
    const step = RunnableLambda.from(async function* source(_: string) {
      for (let i = 0; i < 1_000; i++) {
        produced++;
        yield i;
      }
    });
    const got: number[] = [];
    await new Promise<void>((resolve) =>
      step.stream('x').subscribe({ next: (n) => got.push(n), complete: resolve }),
    );
    expect(got).toHaveLength(1_000);
    expect(produced).toBe(1_000);
  });
});
