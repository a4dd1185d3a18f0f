import { of } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { fromAsyncIterable, fromSyncIterable } from '../../src/rag';
import { streamResult$ } from '../../src/rag/iterable-sources';
import { collectAll, sleep } from './rag-fixtures';

function tracked<T>(values: T[], options: { fail?: Error } = {}) {
  const state = { closed: false, pulled: 0 };
  function* sync(): Generator<T> {
    try {
      for (const v of values) {
        state.pulled += 1;
        yield v;
      }
      if (options.fail) throw options.fail;
    } finally {
      state.closed = true;
    }
  }
  async function* async(): AsyncGenerator<T> {
    yield* sync();
  }
  return { state, sync, async };
}

describe('fromSyncIterable', () => {
  it('emits every value then completes; empty completes at once', async () => {
    expect(await collectAll(fromSyncIterable(['a', 'b', 'c']))).toEqual(['a', 'b', 'c']);
    expect(await collectAll(fromSyncIterable([]))).toEqual([]);
  });

  it('pulls lazily, one value per macrotask', async () => {
    const source = tracked([1, 2, 3]);
    const seen: number[] = [];
    fromSyncIterable(source.sync()).subscribe((v) => seen.push(v));
    expect(seen).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([1]);
  });

  it('forwards an error thrown by the iterator', async () => {
    const source = tracked([1], { fail: new Error('gen failed') });
    await expect(collectAll(fromSyncIterable(source.sync()))).rejects.toThrow('gen failed');
  });

  it('stops pulling and closes the iterator on unsubscribe', async () => {
    const source = tracked([1, 2, 3, 4]);
    const seen: number[] = [];
    let subscription: { unsubscribe(): void } | undefined;
    await new Promise<void>((resolve) => {
      subscription = fromSyncIterable(source.sync()).subscribe((v) => {
        seen.push(v);
        resolve();
      });
    });
    subscription?.unsubscribe();
    expect(source.state.closed).toBe(true);
    await sleep(5);
    expect(seen).toEqual([1]);
  });
});

describe('fromAsyncIterable', () => {
  it('emits every value then completes, and forwards errors', async () => {
    expect(await collectAll(fromAsyncIterable(tracked(['x', 'y']).async()))).toEqual(['x', 'y']);
    await expect(
      collectAll(fromAsyncIterable(tracked([1], { fail: new Error('bad') }).async())),
    ).rejects.toThrow('bad');
  });

  it('calls return() on unsubscribe', async () => {
    const source = tracked([1, 2, 3]);
    const subscription = fromAsyncIterable(source.async()).subscribe();
    subscription.unsubscribe();
    await vi.waitFor(() => expect(source.state.closed).toBe(true));
    expect(source.state.pulled).toBeLessThan(3);
  });

  it('never emits for a never-ending iterable, until unsubscribed', async () => {
    const never: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<number>>(() => undefined),
      }),
    };
    const seen: number[] = [];
    const subscription = fromAsyncIterable(never).subscribe((v) => seen.push(v));
    await sleep(5);
    subscription.unsubscribe();
    expect(seen).toEqual([]);
  });
});

describe('streamResult$', () => {
  it('accepts Observables, async iterables, sync iterables, strings and promises of them', async () => {
    const kinds: string[] = [];
    const onKind = (k: string) => kinds.push(k);
    expect(await collectAll(streamResult$(of('a'), onKind))).toEqual(['a']);
    expect(await collectAll(streamResult$(tracked(['b']).async(), onKind))).toEqual(['b']);
    expect(await collectAll(streamResult$(['c', 'd'], onKind))).toEqual(['c', 'd']);
    expect(await collectAll(streamResult$('whole', onKind))).toEqual(['whole']);
    expect(
      await collectAll(streamResult$(Promise.resolve(tracked(['e']).async()), onKind)),
    ).toEqual(['e']);
    expect(kinds).toEqual(['async', 'async', 'sync', 'async', 'async']);
  });

  it('errors for a value that is not a stream, and for a rejected promise', async () => {
    await expect(collectAll(streamResult$(42))).rejects.toThrow(TypeError);
    await expect(collectAll(streamResult$(Promise.reject(new Error('no stream'))))).rejects.toThrow(
      'no stream',
    );
  });

  it('closes a stream that arrives after the subscriber left', async () => {
    const syncGenerator = tracked([1, 2]).sync();
    let resolve!: (value: unknown) => void;
    const subscription = streamResult$(new Promise((r) => (resolve = r))).subscribe();
    subscription.unsubscribe();
    resolve(syncGenerator);
    await sleep(1);
    expect(syncGenerator.next()).toEqual({ value: undefined, done: true });
    const asyncSource = tracked([1]);
    const generator = asyncSource.async();
    const late = streamResult$(Promise.resolve(generator)).subscribe();
    late.unsubscribe();
    await sleep(1);
    expect(await generator.next()).toEqual({ value: undefined, done: true });
  });
});
