/**
 * The AI SDK's resumable chat: detached runs stored as UI message stream parts, and the
 * `GET /api/chat/:id/stream` route `useChat({ resume: true })` calls.
 * @module
 */
import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { toUIMessageStream } from '../transport/to-ui-message-stream';
import type { UIMessageStreamSource } from '../transport/to-ui-message-stream';
import { UI_MESSAGE_STREAM_HEADERS } from '../transport/ui-message-chunk';
import type { UIMessageStreamOptions } from '../transport/ui-message-stream-options';
import type { EventStore } from './event-store';
import { serveStream } from './serve-stream';
import type { ServeStreamOptions } from './serve-stream';

/**
 * An `encode` for {@link runDetached}: the run's output as UI message stream parts (`start`,
 * text deltas, `finish`, …), one stored event per part (its JSON).
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { encodeUIMessageParts, MemoryEventStore, runDetached } from 'rx-runnables/store';
 *
 * const store = new MemoryEventStore();
 * await runDetached(new DemoChatModel(), 'Hi', {
 *   store,
 *   streamId: 'chat-1',
 *   encode: encodeUIMessageParts({ messageId: 'm1' }),
 * });
 * ```
 */
export function encodeUIMessageParts(
  options: UIMessageStreamOptions = {},
): (output: Observable<unknown>) => Observable<string> {
  return (output) =>
    toUIMessageStream(output as UIMessageStreamSource, options).pipe(
      map((part) => JSON.stringify(part)),
    );
}

/**
 * Serves a stored UI message stream the way the AI SDK's chat transport reads it: the whole
 * stream from its first part (the client replays it into the last assistant message), then
 * `data: [DONE]`, with the UI message stream headers — or `204` when the stream is not active
 * (unknown, or finished: the client then keeps what it has). For `GET /api/chat/:id/stream`
 * of `useChat({ resume: true })`, and for the `POST` that starts the run, with
 * `activeOnly: false` there (an answer that already ended is then sent whole, not `204`).
 *
 * @example
 * ```ts
 * import { MemoryEventStore, serveUIMessageStream } from 'rx-runnables/store';
 *
 * const store = new MemoryEventStore();
 * const activeStreams = new Map<string, string>(); // chat id → its running stream's id
 * // app/api/chat/[id]/stream/route.ts
 * export async function GET(_: Request, ctx: { params: { id: string } }): Promise<Response> {
 *   const streamId = activeStreams.get(ctx.params.id);
 *   if (streamId === undefined) return new Response(null, { status: 204 });
 *   return serveUIMessageStream(store, streamId);
 * }
 * ```
 */
export function serveUIMessageStream(
  store: EventStore,
  streamId: string,
  options: Omit<ServeStreamOptions, 'done' | 'after' | 'lastEventId' | 'request'> = {},
): Promise<Response> {
  return serveStream(store, streamId, {
    activeOnly: true,
    ...options,
    after: 0,
    done: '[DONE]',
    headers: { ...UI_MESSAGE_STREAM_HEADERS, ...options.headers },
  });
}
