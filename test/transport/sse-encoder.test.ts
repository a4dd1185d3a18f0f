import { Observable, concat, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BaseMessage } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';
import { isStreamEvent } from '../../src/rag';
import {
  SSE_HEADERS,
  SSE_PING,
  decodeSSE,
  encodeSSE,
  formatSSE,
  reviveFromWire,
  serializeForWire,
} from '../../src/transport';
import { wireValues } from './wire-values';

const frames = (source: Observable<string>): Promise<string[]> =>
  lastValueFrom(source.pipe(toArray()));

afterEach(() => {
  vi.useRealTimers();
});

describe('formatSSE', () => {
  it('writes id, event, retry and one data line per line of data', () => {
    expect(formatSSE({ id: '7', event: 'delta', retry: 1500, data: 'a\nb\r\nc\rd' })).toBe(
      'id: 7\nevent: delta\nretry: 1500\ndata: a\ndata: b\ndata: c\ndata: d\n\n',
    );
    expect(formatSSE({ data: '' })).toBe('data: \n\n');
  });

  it('rejects a line break in an id or event name with INVALID_INPUT', () => {
    expect(() => formatSSE({ id: '1\n2', data: 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }) as Error,
    );
    expect(() => formatSSE({ event: 'a\rb', data: 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }) as Error,
    );
  });
});

describe('encodeSSE', () => {
  it('one frame per value, ids counting up from startId, JSON data by default', async () => {
    const out = await frames(encodeSSE(of('a', { b: 1 }), { startId: 10, pingIntervalMs: 0 }));
    expect(out).toEqual(['id: 10\ndata: "a"\n\n', 'id: 11\ndata: {"b":1}\n\n']);
  });

  it('event names, fixed or per value, a custom serializer and a retry frame first', async () => {
    const out = await frames(
      encodeSSE(of(1, 2), {
        event: (n) => (n === 1 ? 'one' : undefined),
        serialize: (n) => `#${n}`,
        retryMs: 3000,
        pingIntervalMs: 0,
      }),
    );
    expect(out).toEqual([
      'retry: 3000\n\n',
      'id: 1\nevent: one\ndata: #1\n\n',
      'id: 2\ndata: #2\n\n',
    ]);
    const fixed = await frames(encodeSSE(of(1), { event: 'n', pingIntervalMs: 0 }));
    expect(fixed).toEqual(['id: 1\nevent: n\ndata: 1\n\n']);
  });

  it('a source error becomes a last typed `error` frame after the frames before it, then completion', async () => {
    const failure = new RxRunnablesError('GENERATION', 'model failed', {
      step: 'model',
      stage: 'generation',
    });
    const out = await frames(
      encodeSSE(
        concat(
          of('a'),
          throwError(() => failure),
        ),
        { pingIntervalMs: 0 },
      ),
    );
    expect(out).toHaveLength(2);
    expect(out[0]).toBe('id: 1\ndata: "a"\n\n');
    expect(out[1]).toBe(
      `id: 2\nevent: error\ndata: ${JSON.stringify({
        code: 'GENERATION',
        message: 'model failed',
        details: { step: 'model', stage: 'generation' },
      })}\n\n`,
    );
  });

  it('an untyped error is typed (UNKNOWN) and its cause reduced to name and message', async () => {
    const out = await frames(
      encodeSSE(
        throwError(() => new TypeError('bad')),
        { pingIntervalMs: 0 },
      ),
    );
    const data = JSON.parse(out[0]?.split('data: ')[1] ?? '') as unknown;
    expect(data).toEqual({
      code: 'UNKNOWN',
      message: 'bad',
      details: { cause: { name: 'TypeError', message: 'bad' } },
    });
  });

  it('a serializer that throws ends the stream with an error frame', async () => {
    const out = await frames(
      encodeSSE(of(1, 2), {
        serialize: (n) => {
          if (n === 2) throw new RxRunnablesError('INVALID_INPUT', 'cannot send 2');
          return String(n);
        },
        pingIntervalMs: 0,
      }),
    );
    expect(out).toEqual([
      'id: 1\ndata: 1\n\n',
      expect.stringContaining('event: error\ndata: {"code":"INVALID_INPUT"'),
    ]);
  });

  it('pings while idle, not while frames flow, and clears its timer on unsubscribe', () => {
    vi.useFakeTimers();
    const source = new Observable<string>((subscriber) => {
      const t1 = setTimeout(() => subscriber.next('late'), 2500);
      return () => clearTimeout(t1);
    });
    const out: string[] = [];
    const subscription = encodeSSE(source, { pingIntervalMs: 1000 }).subscribe((f) => out.push(f));
    vi.advanceTimersByTime(2400);
    expect(out).toEqual([SSE_PING, SSE_PING]);
    vi.advanceTimersByTime(100); // the value at 2500 resets the idle clock
    vi.advanceTimersByTime(900);
    expect(out).toEqual([SSE_PING, SSE_PING, 'id: 1\ndata: "late"\n\n']);
    vi.advanceTimersByTime(100);
    expect(out.at(-1)).toBe(SSE_PING);
    subscription.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('unsubscribing cancels the source', () => {
    let cancelled = false;
    const source = new Observable<string>(() => () => {
      cancelled = true;
    });
    encodeSSE(source, { pingIntervalMs: 0 }).subscribe().unsubscribe();
    expect(cancelled).toBe(true);
  });

  it('SSE_HEADERS are the event-stream headers', () => {
    expect(SSE_HEADERS).toEqual({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
  });
});

describe('encoder → decoder round trips for every value type', () => {
  it('each value comes back equal (messages and RAG events as instances), with its id', async () => {
    for (const { name, values } of await wireValues()) {
      const text = (await frames(encodeSSE(of(...values), { event: 'v', pingIntervalMs: 0 }))).join(
        '',
      );
      // Through bytes, one byte per read, to the decoder.
      const bytes = new TextEncoder().encode(text);
      async function* oneByOne(): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
      }
      const events = await lastValueFrom(decodeSSE(oneByOne()).pipe(toArray()));
      expect(
        events.map((e) => e.id),
        name,
      ).toEqual(values.map((_, i) => String(i + 1)));
      expect(events.every((e) => e.event === 'v')).toBe(true);
      const revived = events.map((e) => reviveFromWire(JSON.parse(e.data)));
      expect(
        revived.map((v) => serializeForWire(v)),
        name,
      ).toEqual(values.map((v) => serializeForWire(v)));
      values.forEach((v, i) => {
        if (v instanceof BaseMessage) expect(revived[i]).toBeInstanceOf(v.constructor);
        if (isStreamEvent(v)) expect(isStreamEvent(revived[i])).toBe(true);
      });
    }
  });

  it('a run that fails mid-stream: the chunks before the error frame decode, then the error', async () => {
    const failure = new RxRunnablesError('TIMEOUT', 'too slow', {
      step: 'model',
      partialOutput: 'ab',
    });
    const text = (
      await frames(
        encodeSSE(
          concat(
            of('a', 'b'),
            throwError(() => failure),
          ),
          { pingIntervalMs: 0 },
        ),
      )
    ).join('');
    const events = await lastValueFrom(decodeSSE(new Response(text)).pipe(toArray()));
    expect(events.map((e) => e.event)).toEqual(['message', 'message', 'error']);
    expect(JSON.parse(events[2]?.data ?? '')).toEqual({
      code: 'TIMEOUT',
      message: 'too slow',
      details: { step: 'model', partialOutput: 'ab' },
    });
  });
});
