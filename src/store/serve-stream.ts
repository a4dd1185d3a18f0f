/**
 * serveStream: an HTTP response (SSE) that resumes a stored stream after the client's last id.
 * @module
 */
import { Observable } from 'rxjs';
import { RxRunnablesError, toRxRunnablesError } from '../core/errors';
import { encodeSSE, SSE_HEADERS } from '../transport/sse-encoder';
import { toStreamResponse } from '../transport/response';
import { errorToWire } from '../transport/wire';
import type { EventStore } from './event-store';

/** Options of {@link serveStream}. */
export interface ServeStreamOptions {
  /** The request: its `Last-Event-ID` header, else its `?after=` parameter, says where to resume. */
  request?: Request;
  /** Resume after this id (overrides the request's `?after=`). */
  after?: number | string | null;
  /** The client's `Last-Event-ID` (overrides everything else). */
  lastEventId?: string | null;
  /** Answer `204` unless the stream is still `active` (the AI SDK's resume route). Default false. */
  activeOnly?: boolean;
  /** A last `data:` frame after a stream that ended `done` (the UI message stream's `[DONE]`). */
  done?: string;
  /** Headers added to (and overriding) `SSE_HEADERS`. */
  headers?: Record<string, string>;
  /** A `: ping` comment after this long without a frame (default 15 000; 0 disables). */
  pingIntervalMs?: number;
  /** Sends `retry: <ms>` first: how long an `EventSource` waits before it reconnects. */
  retryMs?: number;
}

/** One frame of the route: a stored event, or the stream's terminal frame. */
interface Frame {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
}

/**
 * Serves the stored stream `streamId` as SSE from after the client's last event: each frame's
 * `id:` is the event's sequence number, so a client (`fromSSE` with `reconnect`, or an
 * `EventSource`) that reconnects with `Last-Event-ID` gets the rest exactly once and in order,
 * from whichever instance it reaches. A `failed` or `cancelled` stream ends with an
 * `event: error` frame (`STREAM_FAILED`, `STREAM_CANCELLED`) whose id is one past the last
 * event's (also the `done` frame's). Answers `204` (no body) when the stream is unknown, or ended
 * (done, failed, cancelled) and read to its last frame — so an `EventSource`, which reconnects
 * after every end, stops there — or, with `activeOnly`, not active; `400` with a typed error
 * body for a malformed id. The client leaving stops the read, never the producer.
 *
 * @example
 * ```ts
 * import { MemoryEventStore, serveStream } from 'rx-runnables/store';
 *
 * const store = new MemoryEventStore();
 * // GET /stream/:id
 * export async function GET(request: Request): Promise<Response> {
 *   const id = new URL(request.url).pathname.split('/').pop() ?? '';
 *   return serveStream(store, id, { request });
 * }
 * ```
 */
export async function serveStream(
  store: EventStore,
  streamId: string,
  options: ServeStreamOptions = {},
): Promise<Response> {
  const headers = { ...SSE_HEADERS, ...options.headers };
  let after: number;
  try {
    after = resumePoint(options);
  } catch (error) {
    return new Response(JSON.stringify({ error: errorToWire(error) }), {
      status: 400,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  }
  const info = await store.info(streamId);
  if (info === undefined || (options.activeOnly === true && info.status !== 'active')) {
    // The SSE content type on a 204 too: clients that check it read an empty stream and stop.
    return new Response(null, { status: 204, headers });
  }
  // An ended stream's last id: its last event's, or its terminal frame's (one past it).
  const terminal = info.status !== 'done' || options.done !== undefined;
  const endId = info.lastSeq + (terminal ? 1 : 0);
  if (info.status !== 'active' && after >= endId)
    return new Response(null, { status: 204, headers });

  const frames = encodeSSE(storedFrames(store, streamId, after, options.done), {
    id: (frame) => frame.id,
    event: (frame) => frame.event,
    serialize: (frame) => frame.data,
    pingIntervalMs: options.pingIntervalMs,
    retryMs: options.retryMs,
  });
  return toStreamResponse(frames, { headers });
}

/**
 * The stored events after `after` as frames (`id:` their sequence number), then the terminal
 * frame: `done` after a finished stream, `event: error` after a failed or cancelled one — with
 * the id one past the stream's last event, the same on every connection, so a client that saw it
 * reconnects with that id and gets the 204. Any other read error (trimmed, the store
 * unreachable) is an error frame without an id: the client keeps its last id and tries again.
 */
function storedFrames(
  store: EventStore,
  streamId: string,
  after: number,
  done: string | undefined,
): Observable<Frame> {
  return new Observable<Frame>((subscriber) => {
    let last = after;
    return store.read(streamId, { after }).subscribe({
      next: (event) => {
        last = event.seq;
        subscriber.next({ id: String(event.seq), data: event.data });
      },
      error: (error: unknown) => {
        const typed = toRxRunnablesError(error);
        const ended = typed.code === 'STREAM_FAILED' || typed.code === 'STREAM_CANCELLED';
        const data = JSON.stringify(errorToWire(typed));
        subscriber.next({ ...(ended ? { id: String(last + 1) } : {}), event: 'error', data });
        subscriber.complete();
      },
      complete: () => {
        if (done !== undefined) subscriber.next({ id: String(last + 1), data: done });
        subscriber.complete();
      },
    });
  });
}

/** Where to resume: `Last-Event-ID`, else `after`, else the request's; 0 when none. */
function resumePoint(options: ServeStreamOptions): number {
  const header = options.request?.headers.get('last-event-id');
  const query = options.request ? new URL(options.request.url).searchParams.get('after') : null;
  const raw = options.lastEventId ?? header ?? options.after ?? query ?? 0;
  const text = String(raw).trim();
  const value = text === '' ? 0 : Number(text);
  if (!/^\d*$/.test(text) || !Number.isSafeInteger(value)) {
    throw new RxRunnablesError('INVALID_INPUT', `Not an event id to resume after: ${text}`, {
      lastEventId: text,
    });
  }
  return value;
}
