/**
 * Server-Sent Events encoding: one frame per value, typed error frames, keep-alive pings.
 * @module
 */
import { Observable } from 'rxjs';
import type { Subscription } from 'rxjs';
import { RxRunnablesError } from '../core';
import { liftFlow } from './flow-lift';
import { errorToWire, serializeForWire } from './wire';

/** One SSE frame to write: `data` may span lines (each becomes a `data:` line). */
export interface SSEMessage {
  id?: string;
  event?: string;
  data: string;
  /** Reconnection delay the client should use, in milliseconds. */
  retry?: number;
}

/** Options of {@link encodeSSE}. */
export interface SSEEncodeOptions<T> {
  /** The `event:` field of each value's frame: a fixed name or one per value (none = `message`). */
  event?: string | ((value: T) => string | undefined);
  /** A value's `data` text (default {@link serializeForWire}, JSON). */
  serialize?: (value: T) => string;
  /** A `: ping` comment after this long without a frame (default 15 000; 0 disables). */
  pingIntervalMs?: number;
  /** Sends `retry: <ms>` first, the reconnection delay for `EventSource`-style clients. */
  retryMs?: number;
  /** The `id:` of the first value's frame; the next ones count up from it (default 1). */
  startId?: number;
  /**
   * Each value's `id:` taken from the value instead of counted (`undefined`: no `id:` line), so
   * the ids of one run stay one id space across its streams: `id: (e) => e.sequence` for run
   * events. An error frame then gets the last numeric id plus one (no `id:` after another id).
   */
  id?: (value: T) => string | number | undefined;
}

/** Response headers of an SSE stream (`text/event-stream`, no caching, no proxy buffering). */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
});

/** The comment frame sent to keep idle connections open. */
export const SSE_PING = ': ping\n\n';

const LINE_BREAK = /\r\n|\r|\n/;

function checkField(name: string, value: string): void {
  if (value.includes('\n') || value.includes('\r') || (name === 'id' && value.includes('\0'))) {
    throw new RxRunnablesError('INVALID_INPUT', `An SSE ${name} cannot contain a line break`, {
      field: name,
      value,
    });
  }
}

/**
 * One SSE frame as text: `id:`, `event:`, `retry:` then one `data:` line per line of `data`
 * (CR, LF and CRLF all split), ended by a blank line. A line break in `id` or `event` throws
 * `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * import { formatSSE } from 'rx-runnables/transport';
 * formatSSE({ id: '1', event: 'delta', data: 'a\nb' }); // 'id: 1\nevent: delta\ndata: a\ndata: b\n\n'
 * ```
 */
export function formatSSE(message: SSEMessage): string {
  const { id, data } = message;
  if (
    message.event === undefined &&
    message.retry === undefined &&
    id !== undefined &&
    data.indexOf('\n') === -1 &&
    data.indexOf('\r') === -1 &&
    id.indexOf('\n') === -1 &&
    id.indexOf('\r') === -1 &&
    id.indexOf('\0') === -1
  ) {
    return `id: ${id}\ndata: ${data}\n\n`;
  }
  let out = '';
  if (message.id !== undefined) {
    checkField('id', message.id);
    out += `id: ${message.id}\n`;
  }
  if (message.event !== undefined) {
    checkField('event', message.event);
    out += `event: ${message.event}\n`;
  }
  if (message.retry !== undefined) out += `retry: ${Math.max(0, Math.floor(message.retry))}\n`;
  if (data.indexOf('\n') === -1 && data.indexOf('\r') === -1) {
    out += `data: ${data}\n`;
  } else {
    for (const line of data.split(LINE_BREAK)) out += `data: ${line}\n`;
  }
  return out + '\n';
}

/**
 * Turns a stream of values into SSE frames (strings). Each value becomes one frame with a
 * monotonic `id:` (from `startId`, or the value's own with `id`), its `event:` name and its
 * serialized `data:`. A source error
 * becomes a last frame `event: error` whose data is `{ code, message, details }`, then the
 * stream completes: frames sent before it stay valid. While no frame is sent for
 * `pingIntervalMs`, a `: ping` comment keeps proxies from closing the connection.
 *
 * Cold; unsubscribing cancels the source. Read by an async iterator (as `toSSEResponse` does),
 * the source is pulled only as frames are read.
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { encodeSSE } from 'rx-runnables/transport';
 * encodeSSE(new DemoChatModel().stream('Hi'), { event: 'delta' }).subscribe((frame) =>
 *   console.log(frame),
 * );
 * ```
 */
export function encodeSSE<T>(
  source: Observable<T>,
  options: SSEEncodeOptions<T> = {},
): Observable<string> {
  const { event, retryMs, id: idOf } = options;
  const serialize = options.serialize ?? serializeForWire;
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const eventOf = typeof event === 'function' ? event : (): string | undefined => event;
  return liftFlow(source, (input$, flow) => {
    return new Observable<string>((subscriber) => {
      let id = options.startId ?? 1;
      // With `idOf`: the id after the last numeric one (for the error frame), if any.
      let nextId: number | undefined = undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let lastFrameAt = Date.now();
      // One timer, not one per frame: when it fires it pings if the stream has been idle for
      // the whole interval, else it waits for the rest of it.
      const tick = (): void => {
        const idle = Date.now() - lastFrameAt;
        if (idle >= pingIntervalMs) {
          // A reader that is not reading gets no pings piling up for it.
          if (flow === undefined || flow.ready) subscriber.next(SSE_PING);
          lastFrameAt = Date.now();
          timer = setTimeout(tick, pingIntervalMs);
        } else {
          timer = setTimeout(tick, pingIntervalMs - idle);
        }
      };
      const arm = (): void => {
        if (pingIntervalMs > 0) timer = setTimeout(tick, pingIntervalMs);
      };
      const stop = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
      };
      if (retryMs !== undefined) subscriber.next(`retry: ${Math.max(0, Math.floor(retryMs))}\n\n`);
      arm();
      let subscription: Subscription | undefined = undefined;
      let ended = false;
      const fail = (error: unknown): void => {
        if (ended) return;
        ended = true;
        stop();
        subscription?.unsubscribe();
        const data = JSON.stringify(errorToWire(error));
        const errorId = idOf === undefined ? String(id++) : nextId?.toString();
        subscriber.next(formatSSE({ id: errorId, event: 'error', data }));
        subscriber.complete();
      };
      subscription = input$.subscribe({
        next(value) {
          if (ended) return;
          let frame: string;
          try {
            let frameId: string | undefined;
            if (idOf === undefined) frameId = String(id);
            else {
              const own = idOf(value);
              frameId = own === undefined ? undefined : String(own);
              // A frame without `id:` leaves the client's last id (and so the next one) as it was.
              if (frameId !== undefined) {
                nextId = /^\d+$/.test(frameId) ? Number(frameId) + 1 : undefined;
              }
            }
            frame = formatSSE({ id: frameId, event: eventOf(value), data: serialize(value) });
          } catch (error) {
            fail(error);
            return;
          }
          id += 1;
          if (timer !== undefined) lastFrameAt = Date.now();
          subscriber.next(frame);
        },
        error: fail,
        complete() {
          ended = true;
          stop();
          subscriber.complete();
        },
      });
      if (ended) subscription.unsubscribe();
      return () => {
        ended = true;
        stop();
        subscription?.unsubscribe();
      };
    });
  });
}
