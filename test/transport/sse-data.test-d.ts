// What fromSSE / decodeSSE type `event.data` as: the `data` option decides.
import { expectTypeOf, test } from 'vitest';
import { decodeSSE, fromSSE } from '../../src/transport';
import type { FromSSEInit, IterableObservable, SSEEvent } from '../../src/transport';

const body = new Response('data: 1\n\n');

test('without data, or with text: strings as sent', () => {
  expectTypeOf(fromSSE('http://x')).toEqualTypeOf<IterableObservable<SSEEvent<string>>>();
  expectTypeOf(decodeSSE(body, { data: 'text' })).toEqualTypeOf<IterableObservable<SSEEvent>>();
  const init: FromSSEInit = { headers: {} };
  expectTypeOf(fromSSE('http://x', init)).toEqualTypeOf<IterableObservable<SSEEvent>>();
});

test('json and wire: unknown until narrowed', () => {
  expectTypeOf(fromSSE('http://x', { data: 'json' })).toEqualTypeOf<
    IterableObservable<SSEEvent<unknown>>
  >();
  expectTypeOf(decodeSSE(body, { data: 'wire' })).toEqualTypeOf<
    IterableObservable<SSEEvent<unknown>>
  >();
});

test('a function: its result', () => {
  const read = (text: string): { n: number } => ({ n: Number(text) });
  expectTypeOf(fromSSE('http://x', { data: read })).toEqualTypeOf<
    IterableObservable<SSEEvent<{ n: number }>>
  >();
  expectTypeOf(decodeSSE(body, { data: (text) => text.length })).toEqualTypeOf<
    IterableObservable<SSEEvent<number>>
  >();
});
