/**
 * Server-Sent Events decoding of a body (bytes or text) into events, as an Observable.
 * @module
 */
import { RxRunnablesError } from '../core';
import { createSSEParser } from './sse-parser';
import type { SSEEvent, SSEParserOptions } from './sse-parser';
import { openTextReader, pullable, readText } from './text-source';
import type { IterableObservable, TextBody } from './text-source';

export { createSSEParser } from './sse-parser';
export type { SSEEvent, SSEParser, SSEParserOptions } from './sse-parser';

/** Options of {@link decodeSSE}. */
export type SSEDecodeOptions = SSEParserOptions;

/**
 * Decodes an SSE body — a `Response`, a `ReadableStream` or an async iterable of bytes or
 * strings — into its events (see {@link createSSEParser} for the rules). The result is an
 * Observable and also async-iterable; iterating pulls the body only as events are read.
 * Unsubscribing (or `break`) cancels the body. A malformed stream errors with `SSE_PARSE` after
 * the events before the fault.
 *
 * @example
 * ```ts
 * import { decodeSSE } from 'rx-runnables/transport';
 * const response = new Response('data: hello\n\n');
 * for await (const event of decodeSSE(response)) console.log(event.data); // hello
 * ```
 */
export function decodeSSE(
  input: TextBody,
  options: SSEDecodeOptions = {},
): IterableObservable<SSEEvent> {
  let used = false;
  return pullable((flow) => {
    let emitNow: (event: SSEEvent) => void = () => undefined;
    const parser = createSSEParser((event) => emitNow(event), options);
    return readText<SSEEvent>(
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
