import { Subject, from, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk, accumulate } from '../../src/chunks';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('accumulate()', () => {
  it('emits nothing for a never-ending silent source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-').pipe(accumulate())).toBe('-');
    });
  });

  it('completes empty for an empty source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<string>('|').pipe(accumulate())).toBe('|');
    });
  });

  it('passes one value through', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: 'x' }).pipe(accumulate())).toBe('a|', { a: 'x' });
    });
  });

  it('emits running totals of strings', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c|', { a: 'Hel', b: 'lo', c: '!' });
      expectObservable(source.pipe(accumulate())).toBe('a-b-c|', {
        a: 'Hel',
        b: 'Hello',
        c: 'Hello!',
      });
    });
  });

  it('emits running totals of arrays and plain objects', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('ab|', { a: [1], b: [2] }).pipe(accumulate())).toBe('ab|', {
        a: [1],
        b: [1, 2],
      });
      const objects = cold('ab|', { a: { text: 'a', n: 1 }, b: { text: 'b' } });
      expectObservable(objects.pipe(accumulate())).toBe('ab|', {
        a: { text: 'a', n: 1 },
        b: { text: 'ab', n: 1 },
      });
    });
  });

  it('keeps the totals emitted so far after an error, then errors', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('ab#', { a: 'x', b: 'y' }, 'boom').pipe(accumulate())).toBe(
        'ab#',
        { a: 'x', b: 'xy' },
        'boom',
      );
    });
  });

  it('unsubscribes the source when unsubscribed early', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-c-d|', { a: 'a', b: 'b', c: 'c', d: 'd' });
      expectObservable(source.pipe(accumulate()), '^--!').toBe('a-b', { a: 'a', b: 'ab' });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('errors when a concat throws', () => {
    const thrower = {
      concat(): never {
        throw new Error('cannot add');
      },
    };
    const seen: unknown[] = [];
    let failure: unknown;
    from<unknown[]>([thrower, { next: true }])
      .pipe(accumulate())
      .subscribe({
        next: (v) => seen.push(v),
        error: (e: unknown) => (failure = e),
      });
    expect(seen).toEqual([thrower]);
    expect((failure as Error).message).toBe('cannot add');
  });

  it('accumulates AIMessageChunks into running messages', () => {
    const totals: string[] = [];
    const subject = new Subject<string>();
    subject
      .pipe(
        map((t) => new AIMessageChunk({ content: t, id: 'run-1' })),
        accumulate(),
      )
      .subscribe((m) => totals.push(`${m.id}:${m.text}`));
    ['El', 'on', ' Musk'].forEach((t) => subject.next(t));
    expect(totals).toEqual(['run-1:El', 'run-1:Elon', 'run-1:Elon Musk']);
  });
});
