/**
 * Chat/RAG streams as Vercel AI SDK UI message streams: parts, SSE frames and a web Response.
 * @module
 */
import { Observable, isObservable } from 'rxjs';
import type { Subscribable } from 'rxjs';
import { fromAsyncIterable } from '../core';
import { UIMessageEncoder } from './ui-message-encoder';
import type { UIMessageStreamInput, UIMessageStreamOptions } from './ui-message-encoder';
import { UI_MESSAGE_STREAM_HEADERS } from './ui-message-chunk';
import type { UIMessageChunk } from './ui-message-chunk';

/** A source of UI message stream input: an Observable (or any subscribable) or an async iterable. */
export type UIMessageStreamSource<T extends UIMessageStreamInput = UIMessageStreamInput> =
  Observable<T> | Subscribable<T> | AsyncIterable<T>;

function toObservable<T>(
  source: Observable<T> | Subscribable<T> | AsyncIterable<T>,
): Observable<T> {
  if (isObservable(source)) return source as Observable<T>;
  if (Symbol.asyncIterator in source) return fromAsyncIterable(source);
  return new Observable<T>((subscriber) => {
    const subscription = source.subscribe(subscriber);
    return () => subscription.unsubscribe();
  });
}

/**
 * The UI message stream parts of a chat or RAG run: `start` (with the message id),
 * `start-step`, text / reasoning / tool parts, sources, then `finish-step` and `finish`. The
 * source's values are strings, `AIMessageChunk`s (text, reasoning, tool-call chunks),
 * `ToolMessage`s, StreamingRAG events or UI parts passed through. A failing source or bad
 * input ends the stream with an `error` part (`errorText`), after every part already sent; the
 * typed error is given to `options.onError`. Cold; unsubscribing cancels the source.
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { toUIMessageStream } from 'rx-runnables/transport';
 *
 * const parts = toUIMessageStream(new DemoChatModel().stream('Hi'), { messageId: 'm1' });
 * parts.subscribe((part) => console.log(part.type));
 * ```
 */
export function toUIMessageStream(
  source: UIMessageStreamSource,
  options: UIMessageStreamOptions = {},
): Observable<UIMessageChunk> {
  const input$ = toObservable(source);
  return new Observable<UIMessageChunk>((subscriber) => {
    const encoder = new UIMessageEncoder(options);
    const out: UIMessageChunk[] = [];
    const flush = (): void => {
      for (let i = 0; i < out.length && !subscriber.closed; i++)
        subscriber.next(out[i] as UIMessageChunk);
      out.length = 0;
    };
    return input$.subscribe({
      next(value) {
        encoder.push(value, out);
        flush();
      },
      error(error: unknown) {
        encoder.fail(error, out);
        flush();
        subscriber.complete();
      },
      complete() {
        encoder.end(out);
        flush();
        subscriber.complete();
      },
    });
  });
}

/** The SSE frame that ends a UI message stream. */
export const UI_MESSAGE_STREAM_DONE = 'data: [DONE]\n\n';

/**
 * One SSE frame per part (`data: <json>\n\n`), then `data: [DONE]\n\n`: the body of a UI
 * message stream response. JSON has no raw newlines, so each part is exactly one `data:` line.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { toUIMessageStreamSSE } from 'rx-runnables/transport';
 *
 * toUIMessageStreamSSE(of('Hello')).subscribe((frame) => process.stdout.write(frame));
 * ```
 */
export function toUIMessageStreamSSE(
  source: UIMessageStreamSource,
  options: UIMessageStreamOptions = {},
): Observable<string> {
  const parts$ = toUIMessageStream(source, options);
  return new Observable<string>((subscriber) =>
    parts$.subscribe({
      next: (part) => subscriber.next(`data: ${JSON.stringify(part)}\n\n`),
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        subscriber.next(UI_MESSAGE_STREAM_DONE);
        subscriber.complete();
      },
    }),
  );
}

/** Options of {@link toUIMessageStreamResponse}: encoder options plus the response's. */
export interface UIMessageStreamResponseOptions extends UIMessageStreamOptions {
  /** HTTP status (default 200). */
  status?: number;
  /** Extra headers, added to {@link UI_MESSAGE_STREAM_HEADERS}. */
  headers?: Record<string, string>;
}

/**
 * A web `Response` streaming the UI message stream as SSE with the
 * `x-vercel-ai-ui-message-stream: v1` header: what a `useChat` route returns. The source is
 * subscribed when the body is first read; frames produced between two reads go out as one chunk,
 * and cancelling the body (the client went away) unsubscribes, cancelling the run.
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { toUIMessageStreamResponse } from 'rx-runnables/transport';
 *
 * export async function POST(): Promise<Response> {
 *   return toUIMessageStreamResponse(new DemoChatModel().stream('Hi'));
 * }
 * ```
 */
export function toUIMessageStreamResponse(
  source: UIMessageStreamSource,
  options: UIMessageStreamResponseOptions = {},
): Response {
  const { status, headers, ...encoderOptions } = options;
  const body = framesToReadable(toUIMessageStreamSSE(source, encoderOptions));
  return new Response(body, {
    status: status ?? 200,
    headers: { ...UI_MESSAGE_STREAM_HEADERS, ...headers },
  });
}

/**
 * A byte stream of string frames that subscribes on the first pull and, on each pull, sends what
 * was produced since the last one in one chunk (waiting for the next frame when there is none).
 * A synchronous source runs to the end on subscription; an async one keeps producing.
 */
function framesToReadable(frames$: Observable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending = '';
  let done = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let subscription: { unsubscribe(): void } | undefined;
  const notify = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      subscription ??= frames$.subscribe({
        next: (frame) => {
          pending += frame;
          notify();
        },
        error: (error: unknown) => {
          failure = { error };
          notify();
        },
        complete: () => {
          done = true;
          notify();
        },
      });
      if (pending === '' && !done && failure === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      if (pending !== '') {
        controller.enqueue(encoder.encode(pending));
        pending = '';
      }
      if (failure !== undefined) controller.error(failure.error);
      else if (done) controller.close();
    },
    cancel() {
      subscription?.unsubscribe();
      notify();
    },
  });
}
