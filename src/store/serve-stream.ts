/**
 * serveStream: an HTTP response (SSE) that resumes a stored stream after the client's last id.
 * @module
 */
import { concat, of } from 'rxjs';
import type { Observable } from 'rxjs';
import { RxRunnablesError } from '../core/errors';
import { encodeSSE, SSE_HEADERS } from '../transport/sse-encoder';
import { toStreamResponse } from '../transport/response';
import { errorToWire } from '../transport/wire';
import type { EventStore, StoredEvent } from './event-store';

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
}

/**
 * Serves the stored stream `streamId` as SSE from after the client's last event: each frame's
 * `id:` is the event's sequence number, so a client (`fromSSE` with `reconnect`, or an
 * `EventSource`) that reconnects with `Last-Event-ID` gets the rest exactly once and in order,
 * from whichever instance it reaches. Answers `204` (no body) when the stream is unknown, or
 * finished and fully read — or, with `activeOnly`, not active; `400` with a typed error body for
 * a malformed id. A `failed` or `cancelled` stream ends with an `event: error` frame
 * (`STREAM_FAILED`, `STREAM_CANCELLED`). The client leaving stops the read, never the producer.
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
  const nothing =
    info === undefined ||
    (options.activeOnly === true && info.status !== 'active') ||
    (info.status === 'done' && info.lastSeq <= after);
  // The SSE content type on a 204 too: clients that check it read an empty stream and stop.
  if (nothing) return new Response(null, { status: 204, headers });

  const events: Observable<StoredEvent | undefined> = concat(
    store.read(streamId, { after }),
    options.done === undefined ? of() : of(undefined),
  );
  const frames = encodeSSE(events, {
    startId: after + 1,
    serialize: (event) => event?.data ?? (options.done as string),
    pingIntervalMs: options.pingIntervalMs,
  });
  return toStreamResponse(frames, { headers });
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
