/**
 * The client: SSE and JSON Lines over `fetch`, as Observables that are also async-iterable.
 * @module
 */
import { Observable } from 'rxjs';
import type { Subscription } from 'rxjs';
import { RxRunnablesError, abortError, toRxRunnablesError } from '../core';
import { OPEN_WITH_FLOW } from '../core/flow-control';
import type { FlowControl } from '../core/flow-control';
import { followSignal } from '../core/follow-signal';
import { decodeJSONL } from './jsonl';
import type { JSONLDecodeOptions } from './jsonl';
import { sseDataReader } from './sse-data';
import type { SSEDataOf, SSEDataOption } from './sse-data';
import { createSSEParser } from './sse-parser';
import type { SSEEvent } from './sse-parser';
import { openTextReader, pullable, readText } from './text-source';
import type { IterableObservable, TextBody } from './text-source';
import { errorFromWire } from './wire';
import { JSONL_TYPES, SSE_TYPES, connection } from './client-connection';
import type { ClientInput } from './client-connection';

export type { ClientInput } from './client-connection';

/** Options of {@link fromSSE}: `fetch`'s own, plus reconnection, limits and how to read `data`. */
export interface FromSSEInit<M extends SSEDataOption = 'text'> extends RequestInit {
  /**
   * Reconnects after a network failure (not after a clean end or an HTTP error), sending
   * `Last-Event-ID`. `attempts` is how many consecutive failures are retried; the delay starts at
   * the server's `retry:` or `backoff.initialMs` (default 1 000) and doubles up to `maxMs`
   * (default 30 000).
   */
  reconnect?: { attempts: number; backoff?: { initialMs?: number; maxMs?: number } };
  /** The `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Largest event accepted, in characters (default 16 MiB); past it `SSE_PARSE`. */
  maxEventSize?: number;
  /**
   * The event name whose data (`{ code, message, details }`) ends the stream with a typed error
   * (default `error`, what the encoders send); `false` delivers such events as they are.
   */
  errorEvent?: string | false;
  /**
   * Called with each valid `retry:` value, a block without data included (what `encodeSSE`'s
   * `retryMs` sends first): the server's reconnection time, which `reconnect` also uses.
   */
  onRetry?: (retryMs: number) => void;
  /**
   * Each event's `data` as sent (`'text'`, default), parsed (`'json'`), revived (`'wire'`:
   * messages and chunks as instances, what `encodeSSE` wrote by default) or read by your
   * function; the type of `event.data` follows. Data that is not JSON is `SSE_PARSE`
   * (`details.reason: 'invalid-json'`) after the events before it.
   */
  data?: M;
}

/** Options of {@link fromJSONL}. */
export interface FromJSONLInit extends RequestInit, JSONLDecodeOptions {
  /** The `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

/**
 * Reads a Server-Sent Events stream: fetches a URL or `Request` (or reads a `Response` or body
 * already at hand) and emits its events ({@link SSEEvent}). An `error` event from the server
 * (`{ code, message, details }`) ends the stream with the matching typed error after the events
 * before it. A non-2xx status errors with `TRANSPORT_HTTP` (`details.status`), another content
 * type with `TRANSPORT_CONTENT_TYPE`, a network failure with `TRANSPORT_NETWORK` (or reconnects,
 * see `reconnect`). Unsubscribing (or `break`) aborts the request. Observable and
 * async-iterable; iteration pulls the body as events are read.
 *
 * @example
 * ```ts
 * import { fromSSE } from 'rx-runnables/transport';
 * for await (const event of fromSSE('http://localhost:3000/chat')) console.log(event.data);
 * ```
 */
export function fromSSE<const M extends SSEDataOption>(
  input: ClientInput,
  init: FromSSEInit<M> & { data: M },
): IterableObservable<SSEEvent<SSEDataOf<M>>>;
export function fromSSE(input: ClientInput, init?: FromSSEInit): IterableObservable<SSEEvent>;
export function fromSSE(
  input: ClientInput,
  init: FromSSEInit<SSEDataOption> = {},
): IterableObservable<SSEEvent<unknown>> {
  const { reconnect, maxEventSize, errorEvent = 'error', onRetry, data, ...rest } = init;
  const read = sseDataReader(data);
  const conn = connection(input, rest, SSE_TYPES, 'text/event-stream');
  const attempts = conn.fetched ? Math.max(0, reconnect?.attempts ?? 0) : 0;
  const initialMs = reconnect?.backoff?.initialMs ?? 1_000;
  const maxMs = reconnect?.backoff?.maxMs ?? 30_000;
  return pullable(
    (flow) =>
      new Observable<SSEEvent<unknown>>((subscriber) => {
        const { controller, release } = followSignal(init.signal);
        let lastEventId = '';
        let retryMs: number | undefined;
        let failures = 0;
        let timer: ReturnType<typeof setTimeout> | undefined;
        let inner: Subscription | undefined;
        const connect = (): void => {
          if (controller.signal.aborted) {
            subscriber.error(abortError(controller.signal.reason));
            return;
          }
          inner = attempt(flow).subscribe({
            next: (event) => subscriber.next(event),
            error: (error: unknown) => {
              const typed = toRxRunnablesError(error, 'TRANSPORT_NETWORK');
              if (
                typed.code !== 'TRANSPORT_NETWORK' ||
                typed.details['remote'] === true ||
                failures >= attempts ||
                controller.signal.aborted
              ) {
                subscriber.error(typed);
                return;
              }
              const delay = Math.min(maxMs, (retryMs ?? initialMs) * 2 ** failures);
              failures += 1;
              timer = setTimeout(connect, delay);
            },
            complete: () => subscriber.complete(),
          });
        };
        const attempt = (f: FlowControl | undefined): Observable<SSEEvent<unknown>> =>
          new Observable<SSEEvent<unknown>>((sub) => {
            let emit: (event: SSEEvent<unknown>) => void = () => undefined;
            let failure: RxRunnablesError | undefined;
            const parser = createSSEParser(
              (event) => {
                if (failure !== undefined) return;
                failures = 0;
                if (errorEvent !== false && event.event === errorEvent) {
                  let payload: unknown = event.data;
                  try {
                    payload = JSON.parse(event.data);
                  } catch {
                    // A plain-text error message.
                  }
                  failure =
                    typeof payload === 'string'
                      ? new RxRunnablesError('UNKNOWN', payload, { remote: true })
                      : errorFromWire(payload);
                  throw failure;
                }
                emit(read === undefined ? event : read(event));
              },
              {
                maxEventSize,
                lastEventId,
                onRetry: (ms) => {
                  retryMs = ms;
                  onRetry?.(ms);
                },
              },
            );
            let body: Promise<TextBody> | undefined;
            const reading = readText<SSEEvent<unknown>>(
              () => {
                body = conn.open(controller.signal, lastEventId);
                let reader: ReturnType<typeof openTextReader> | undefined;
                return {
                  async read() {
                    reader ??= openTextReader(await (body as Promise<TextBody>));
                    try {
                      return await reader.read();
                    } catch (error) {
                      if (controller.signal.aborted) throw abortError(controller.signal.reason);
                      throw toRxRunnablesError(error, 'TRANSPORT_NETWORK');
                    }
                  },
                  cancel() {
                    reader?.cancel();
                  },
                };
              },
              f,
              {
                onText(text, e) {
                  emit = e;
                  try {
                    parser.feed(text);
                  } finally {
                    // Every dispatched block sets it, one without data too (WHATWG).
                    lastEventId = parser.lastEventId;
                  }
                },
                onEnd() {
                  parser.end();
                },
              },
            );
            return reading.subscribe(sub);
          });
        connect();
        return () => {
          if (timer !== undefined) clearTimeout(timer);
          release();
          inner?.unsubscribe();
          controller.abort();
        };
      }),
  );
}

/**
 * Reads a JSON Lines stream: fetches a URL or `Request` (or reads a `Response` or body at hand)
 * and emits each line's value ({@link decodeJSONL}: an error line from the server becomes the
 * matching typed error after the values before it). `TRANSPORT_HTTP`, `TRANSPORT_CONTENT_TYPE`
 * and `TRANSPORT_NETWORK` as in {@link fromSSE}. Unsubscribing aborts the request.
 *
 * @example
 * ```ts
 * import { fromJSONL } from 'rx-runnables/transport';
 * fromJSONL('http://localhost:3000/events.jsonl').subscribe((value) => console.log(value));
 * ```
 */
export function fromJSONL(
  input: ClientInput,
  init: FromJSONLInit = {},
): IterableObservable<unknown> {
  const { maxLineSize, errors, ...rest } = init;
  const conn = connection(input, rest, JSONL_TYPES, 'application/x-ndjson');
  return pullable(
    (flow) =>
      new Observable<unknown>((subscriber) => {
        const { controller, release } = followSignal(init.signal);
        let inner: Subscription | undefined;
        let cancelled = false;
        conn.open(controller.signal, '').then(
          (body) => {
            if (cancelled) return;
            const values: Observable<unknown> = decodeJSONL(body, { maxLineSize, errors });
            const opened = flow === undefined ? values : openWith(values, flow);
            inner = opened.subscribe(subscriber);
          },
          (error: unknown) => subscriber.error(error),
        );
        return () => {
          cancelled = true;
          release();
          inner?.unsubscribe();
          controller.abort();
        };
      }),
  );
}

function openWith<T>(source: Observable<T>, flow: FlowControl): Observable<T> {
  const open = (source as Observable<T> & { [OPEN_WITH_FLOW]?: (f: FlowControl) => Observable<T> })[
    OPEN_WITH_FLOW
  ];
  return typeof open === 'function' ? open.call(source, flow) : source;
}
