import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { RxRunnablesError } from '../../src/core';
import { decodeSSE } from '../../src/transport';
import type { SSEEvent } from '../../src/transport';

/** A body of `count` one-event reads that counts how many reads were pulled and whether it was cancelled. */
function countingBody(count: number): {
  body: ReadableStream<Uint8Array>;
  pulls: () => number;
  cancelled: () => boolean;
} {
  let pulls = 0;
  let cancelled = false;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulls === count) {
          controller.close();
          return;
        }
        pulls += 1;
        controller.enqueue(encoder.encode(`id: ${pulls}\ndata: event ${pulls}\n\n`));
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulls: () => pulls, cancelled: () => cancelled };
}

describe('decodeSSE', () => {
  it('reads a Response, a ReadableStream or an async iterable of bytes or strings', async () => {
    const text = 'id: 1\ndata: a\n\ndata: b\n\n';
    const expected: SSEEvent[] = [
      { id: '1', event: 'message', data: 'a' },
      { id: '1', event: 'message', data: 'b' },
    ];
    async function* strings(): AsyncGenerator<string> {
      yield text.slice(0, 7);
      yield text.slice(7);
    }
    async function* bytes(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(text);
    }
    for (const body of [
      new Response(text),
      new Response(text).body as ReadableStream<Uint8Array>,
      strings(),
      bytes(),
    ]) {
      expect(await lastValueFrom(decodeSSE(body).pipe(toArray()))).toEqual(expected);
    }
  });

  it('iteration pulls the body only as events are read, and break cancels it', async () => {
    const { body, pulls, cancelled } = countingBody(1000);
    const seen: string[] = [];
    for await (const event of decodeSSE(body)) {
      seen.push(event.data);
      await new Promise((resolve) => setTimeout(resolve, 5));
      // The async iterator keeps up to 4 events read ahead (its highWaterMark), one read more.
      expect(pulls()).toBeLessThanOrEqual(seen.length + 5);
      if (seen.length === 5) break;
    }
    expect(seen).toEqual(['event 1', 'event 2', 'event 3', 'event 4', 'event 5']);
    expect(pulls()).toBeLessThanOrEqual(10);
    expect(cancelled()).toBe(true);
  });

  it('an event past maxEventSize errors with SSE_PARSE after the events before it', async () => {
    const events: SSEEvent[] = [];
    const error = await new Promise<RxRunnablesError>((resolve) => {
      decodeSSE(new Response(`data: ok\n\ndata: ${'x'.repeat(100)}\n\n`), {
        maxEventSize: 50,
      }).subscribe({
        next: (e) => events.push(e),
        error: resolve,
      });
    });
    expect(events.map((e) => e.data)).toEqual(['ok']);
    expect(error.code).toBe('SSE_PARSE');
    expect(error.details).toMatchObject({ reason: 'event-too-large', maxEventSize: 50 });
  });

  it('a body can be read once: a second subscription errors with INVALID_INPUT', async () => {
    const events = decodeSSE(new Response('data: a\n\n'));
    expect(await lastValueFrom(events.pipe(toArray()))).toHaveLength(1);
    await expect(lastValueFrom(events)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('a body that fails mid-stream errors after the events before it', async () => {
    let step = 0;
    const body = new ReadableStream<string>({
      pull(controller) {
        step += 1;
        if (step === 1) controller.enqueue('data: a\n\n');
        else controller.error(new TypeError('socket closed'));
      },
    });
    const events: string[] = [];
    const error = await new Promise<unknown>((resolve) => {
      decodeSSE(body).subscribe({ next: (e) => events.push(e.data), error: resolve });
    });
    expect(events).toEqual(['a']);
    expect((error as Error).message).toBe('socket closed');
  });
});
