/**
 * Chat/RAG streams as Vercel AI SDK UI message streams: parts, SSE frames and a web Response.
 * @module
 */
import { Observable } from 'rxjs';
import { liftFlow } from './flow-lift';
import { pipeToNodeResponse } from './node-response';
import type { NodePipeOutcome, NodeResponseLike } from './node-response';
import { toStreamResponse } from './response';
import type { StreamResponseOptions } from './response';
import { toSourceObservable } from './stream-source';
import type { StreamSource } from './stream-source';
import { UIMessageEncoder } from './ui-message-encoder';
import type { UIMessageStreamInput, UIMessageStreamOptions } from './ui-message-stream-options';
import { UI_MESSAGE_STREAM_HEADERS } from './ui-message-chunk';
import type { UIMessageChunk } from './ui-message-chunk';

/** A source of UI message stream input: an Observable (what `stream()` returns) or an async iterable. */
export type UIMessageStreamSource<T extends UIMessageStreamInput = UIMessageStreamInput> =
  StreamSource<T>;

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
  return liftFlow(toSourceObservable<UIMessageStreamInput>(source), (input$) =>
    encodeParts(input$, options),
  );
}

function encodeParts(
  input$: Observable<UIMessageStreamInput>,
  options: UIMessageStreamOptions,
): Observable<UIMessageChunk> {
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
  return liftFlow(toUIMessageStream(source, options), (parts$) => frames(parts$));
}

/** A part's frame; the per-token part is written by hand (the same JSON, several times faster). */
function frameOf(part: UIMessageChunk): string {
  if (part.type === 'text-delta') {
    return `data: {"type":"text-delta","id":${JSON.stringify(part.id)},"delta":${JSON.stringify(part.delta)}}\n\n`;
  }
  return `data: ${JSON.stringify(part)}\n\n`;
}

function frames(parts$: Observable<UIMessageChunk>): Observable<string> {
  return new Observable<string>((subscriber) =>
    parts$.subscribe({
      next: (part) => subscriber.next(frameOf(part)),
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        subscriber.next(UI_MESSAGE_STREAM_DONE);
        subscriber.complete();
      },
    }),
  );
}

/** Options of {@link toUIMessageStreamResponse}: encoder options plus the response's. */
export interface UIMessageStreamResponseOptions
  extends UIMessageStreamOptions, StreamResponseOptions {}

/**
 * A web `Response` streaming the UI message stream as SSE with the
 * `x-vercel-ai-ui-message-stream: v1` header: what a `useChat` route returns. The source is
 * pulled as the client reads (through `toStreamResponse`), and cancelling the body (the client
 * went away) cancels the run.
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { toUIMessageStreamResponse } from 'rx-runnables/transport';
 *
 * export function POST(): Response {
 *   return toUIMessageStreamResponse(new DemoChatModel().stream('Hi'));
 * }
 * ```
 */
export function toUIMessageStreamResponse(
  source: UIMessageStreamSource,
  options: UIMessageStreamResponseOptions = {},
): Response {
  const { status, headers, highWaterMark, ...encoderOptions } = options;
  return toStreamResponse(coalesced(toUIMessageStreamSSE(source, encoderOptions)), {
    status,
    headers,
    highWaterMark,
    defaultHeaders: UI_MESSAGE_STREAM_HEADERS,
  });
}

/** Options of {@link pipeUIMessageStreamToNodeResponse}. */
export interface UIMessageStreamNodeOptions extends UIMessageStreamOptions {
  /** HTTP status (default 200). */
  status?: number;
  /** Extra headers, over {@link UI_MESSAGE_STREAM_HEADERS}. */
  headers?: Record<string, string>;
}

/**
 * Writes the UI message stream to a Node `http.ServerResponse` (Express, Fastify's `reply.raw`)
 * with the v1 headers, honouring backpressure (`drain`) and cancelling the run when the client
 * disconnects. Resolves `'finished'` or `'disconnected'`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { pipeUIMessageStreamToNodeResponse } from 'rx-runnables/transport';
 *
 * createServer((req, res) => {
 *   void pipeUIMessageStreamToNodeResponse(new DemoChatModel().stream('Hi'), res);
 * }).listen(3000);
 * ```
 */
export function pipeUIMessageStreamToNodeResponse(
  source: UIMessageStreamSource,
  res: NodeResponseLike,
  options: UIMessageStreamNodeOptions = {},
): Promise<NodePipeOutcome> {
  const { status, headers, ...encoderOptions } = options;
  return pipeToNodeResponse(coalesced(toUIMessageStreamSSE(source, encoderOptions)), res, {
    status,
    headers: { ...UI_MESSAGE_STREAM_HEADERS, ...headers },
  });
}

/**
 * Frames produced in one synchronous burst (a model that had many tokens ready) go out as one
 * chunk, written at the end of the current microtask; a frame produced alone goes out alone,
 * with no added delay beyond that microtask. Keeps the source's flow control.
 */
function coalesced(frames$: Observable<string>): Observable<string> {
  return liftFlow(
    frames$,
    (input$) =>
      new Observable<string>((subscriber) => {
        let pending = '';
        let scheduled = false;
        let ended = false;
        const flush = (): void => {
          scheduled = false;
          if (pending !== '' && !subscriber.closed) {
            const out = pending;
            pending = '';
            subscriber.next(out);
          }
          if (ended) subscriber.complete();
        };
        const subscription = input$.subscribe({
          next(frame) {
            pending += frame;
            if (!scheduled) {
              scheduled = true;
              queueMicrotask(flush);
            }
          },
          error(error: unknown) {
            flush();
            subscriber.error(error);
          },
          complete() {
            ended = true;
            if (!scheduled) flush();
          },
        });
        return () => {
          pending = '';
          subscription.unsubscribe();
        };
      }),
  );
}
