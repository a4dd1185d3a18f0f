/**
 * Server-Sent Events decoding of a body (bytes or text) into events, as an Observable.
 * @module
 */
import { RxRunnablesError } from '../core';
import { sseDataReader } from './sse-data';
import type { SSEDataOf, SSEDataOption } from './sse-data';
import { createSSEParser } from './sse-parser';
import type { SSEEvent, SSEParserOptions } from './sse-parser';
import { openTextReader, pullable, readText } from './text-source';
import type { IterableObservable, TextBody } from './text-source';

export { createSSEParser } from './sse-parser';
export type { SSEEvent, SSEParser, SSEParserOptions } from './sse-parser';

/** Options of {@link decodeSSE}: the parser's, and how to read each event's data. */
export interface SSEDecodeOptions<M extends SSEDataOption = 'text'> extends SSEParserOptions {
  /**
   * Each event's `data` as sent (`'text'`, default), parsed (`'json'`), revived (`'wire'`:
   * messages and StreamingRAG events as instances) or read by your function; the type of
   * `event.data` follows.
   */
  data?: M;
}

/**
 * Decodes an SSE body — a `Response`, a `ReadableStream` or an async iterable of bytes or
 * strings — into its events (see {@link createSSEParser} for the rules). The result is an
 * Observable and also async-iterable; iterating pulls the body only as events are read.
 * Unsubscribing (or `break`) cancels the body. A malformed stream errors with `SSE_PARSE` after
 * the events before the fault. With `data: 'json'` or `'wire'`, a `data` that is not JSON is
 * `SSE_PARSE` (`details.reason: 'invalid-json'`, `id`, `event`, `text`).
 *
 * @example
 * ```ts
 * import type { AIMessageChunk } from 'rx-runnables/chunks';
 * import { decodeSSE } from 'rx-runnables/transport';
 * const response = new Response('data: hello\n\n');
 * for await (const event of decodeSSE(response)) console.log(event.data); // hello
 *
 * const wire = new Response('data: {"type":"ai","content":"Hi","chunk":true}\n\n');
 * for await (const event of decodeSSE(wire, { data: 'wire' })) {
 *   console.log((event.data as AIMessageChunk).text); // Hi
 * }
 * ```
 */
export function decodeSSE<const M extends SSEDataOption>(
  input: TextBody,
  options: SSEDecodeOptions<M> & { data: M },
): IterableObservable<SSEEvent<SSEDataOf<M>>>;
export function decodeSSE(
  input: TextBody,
  options?: SSEDecodeOptions,
): IterableObservable<SSEEvent>;
export function decodeSSE(
  input: TextBody,
  options: SSEDecodeOptions<SSEDataOption> = {},
): IterableObservable<SSEEvent<unknown>> {
  const { data, ...parserOptions } = options;
  const read = sseDataReader(data);
  let used = false;
  return pullable((flow) => {
    let emitNow: (event: SSEEvent<unknown>) => void = () => undefined;
    const parser = createSSEParser(
      read === undefined ? (event) => emitNow(event) : (event) => emitNow(read(event)),
      parserOptions,
    );
    return readText<SSEEvent<unknown>>(
      () => {
        if (used)
          throw new RxRunnablesError('INVALID_INPUT', 'decodeSSE: a body can be read only once');
        used = true;
        return openTextReader(input);
      },
      flow,
      {
        onText(text, emit) {
          emitNow = emit;
          parser.feed(text);
        },
        onEnd() {
          parser.end();
        },
      },
    );
  });
}
