/**
 * Web-standard `Response`s streaming SSE or JSON Lines, pulled as the client reads.
 * @module
 */
import type { Observable } from 'rxjs';
import { toAsyncIterator } from '../core';
import { JSONL_HEADERS, encodeJSONL } from './jsonl';
import type { JSONLEncodeOptions } from './jsonl';
import { SSE_HEADERS, encodeSSE } from './sse-encoder';
import type { SSEEncodeOptions } from './sse-encoder';
import { toSourceObservable } from './stream-source';
import type { StreamSource } from './stream-source';

/** Options of a streaming `Response`: status, extra headers and how much may wait unread. */
export interface StreamResponseOptions {
  /** HTTP status (default 200). */
  status?: number;
  /** Headers added to (and overriding) the format's own. */
  headers?: HeadersInit;
  /**
   * How many encoded frames may be produced ahead of the client's reads (default 1). The
   * source is pulled only as the body is read, so a slow client holds at most this many plus
   * the stream's own one-chunk queue.
   */
  highWaterMark?: number;
}

/** Options of {@link toSSEResponse}. */
export type SSEResponseOptions<T> = SSEEncodeOptions<T> & StreamResponseOptions;

/** Options of {@link toJSONLResponse}. */
export type JSONLResponseOptions<T> = JSONLEncodeOptions<T> & StreamResponseOptions;

const encoder = new TextEncoder();

/**
 * A `Response` whose body is the given text frames, pulled on demand: a frame is taken from
 * the source only when the body's queue has room (`pull`), and cancelling the body (the client
 * went away) unsubscribes the source, aborting the model's request.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { toStreamResponse } from 'rx-runnables/transport';
 * const response = toStreamResponse(of('a\n', 'b\n'), { headers: { 'content-type': 'text/plain' } });
 * ```
 */
export function toStreamResponse(
  frames: Observable<string>,
  options: StreamResponseOptions & { defaultHeaders?: Readonly<Record<string, string>> } = {},
): Response {
  const iterator = toAsyncIterator(frames, { highWaterMark: options.highWaterMark ?? 1 });
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const result = await iterator.next();
        // A read still pending when the body was cancelled settles with nothing to deliver.
        if (cancelled) return;
        if (result.done === true) controller.close();
        else controller.enqueue(encoder.encode(result.value));
      },
      async cancel() {
        cancelled = true;
        await iterator.return?.();
      },
    },
    { highWaterMark: 1 },
  );
  const headers = new Headers(options.defaultHeaders);
  new Headers(options.headers).forEach((value, key) => headers.set(key, value));
  return new Response(body, { status: options.status ?? 200, headers });
}

/**
 * A web `Response` streaming a source as Server-Sent Events ({@link encodeSSE}): one frame per
 * value, a typed `event: error` frame if the source fails, pings while idle. The source is read
 * only as the client reads (pull-based backpressure) and is cancelled when the client goes
 * away. Works in any runtime with web streams: Next.js route handlers, Hono, Deno, Bun, workers.
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { toSSEResponse } from 'rx-runnables/transport';
 * export function GET(): Response {
 *   return toSSEResponse(new DemoChatModel().stream('Hello'));
 * }
 * ```
 */
export function toSSEResponse<T>(
  source: StreamSource<T>,
  options: SSEResponseOptions<T> = {},
): Response {
  return toStreamResponse(encodeSSE(toSourceObservable(source), options), {
    ...options,
    defaultHeaders: SSE_HEADERS,
  });
}

/**
 * A web `Response` streaming a source as JSON Lines ({@link encodeJSONL}), pulled as the client
 * reads and cancelled when it goes away.
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { toJSONLResponse } from 'rx-runnables/transport';
 * const response = toJSONLResponse(new DemoChatModel().stream('Hello'));
 * ```
 */
export function toJSONLResponse<T>(
  source: StreamSource<T>,
  options: JSONLResponseOptions<T> = {},
): Response {
  return toStreamResponse(encodeJSONL(toSourceObservable(source), options), {
    ...options,
    defaultHeaders: JSONL_HEADERS,
  });
}
