/**
 * `streamEvents(input, { encoding: 'text/event-stream' })`: the events as LangChain's SSE bytes.
 * @module
 */
import { RxRunnablesError } from './errors';
import type { RunEvent } from './run-events';

/** The one encoding `streamEvents` takes, as LangChain.js does. */
export type EventStreamEncoding = 'text/event-stream';

/**
 * What `streamEvents` returns with `encoding: 'text/event-stream'`: a byte stream (hand it to
 * `new Response(…)`) that `for await` also reads. It is pulled: the run advances only as the
 * reader reads, and cancelling the stream cancels the run.
 */
export type EventStreamBytes = ReadableStream<Uint8Array> & AsyncIterable<Uint8Array>;

/**
 * One event as LangChain.js writes it on the wire: `run_id` for `runId`, no `parentIds`, and the
 * key order of LangChain's own events (an SSE client comparing bytes sees LangChain's).
 * @internal
 */
export function toWireEvent(event: RunEvent): Record<string, unknown> {
  const { event: name, name: stepName, runId: run_id, tags, metadata, data } = event;
  if (!name.endsWith('_stream')) {
    if (name.endsWith('_start')) {
      return { event: name, data, name: stepName, tags, run_id, metadata };
    }
    return { event: name, data, run_id, name: stepName, tags, metadata };
  }
  // A model's tokens below the root come from its callbacks, with data first; every other chunk
  // (a chain's, the root's) from LangChain's tap on the output, with data last.
  const fromCallbacks =
    event.parentIds.length > 0 && (name === 'on_chat_model_stream' || name === 'on_llm_stream');
  return fromCallbacks
    ? { event: name, data, run_id, name: stepName, tags, metadata }
    : { event: name, run_id, name: stepName, tags, metadata, data };
}

/** Checks `encoding` (only `'text/event-stream'` exists). @internal */
export function checkEncoding(encoding: unknown): EventStreamEncoding {
  if (encoding === 'text/event-stream') return encoding;
  throw new RxRunnablesError(
    'INVALID_CONFIG',
    `streamEvents encoding must be 'text/event-stream', got ${String(encoding)}`,
    { option: 'encoding' },
  );
}

/**
 * `events` as SSE bytes: `event: data` with each event's JSON, then `event: end`. A failed run
 * errors the byte stream with the run's error, after the error events.
 * @internal
 */
export function encodeEventStream(events: AsyncIterable<RunEvent>): EventStreamBytes {
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<RunEvent> | undefined;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        iterator ??= events[Symbol.asyncIterator]();
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(encoder.encode('event: end\n\n'));
          controller.close();
          return;
        }
        const json = JSON.stringify(toWireEvent(next.value));
        controller.enqueue(encoder.encode(`event: data\ndata: ${json}\n\n`));
      },
      async cancel() {
        await iterator?.return?.();
      },
    },
    { highWaterMark: 0 },
  );
  return withAsyncIterator(stream);
}

/** `stream`, async-iterable where the runtime's ReadableStream is not (Safari). */
function withAsyncIterator(stream: ReadableStream<Uint8Array>): EventStreamBytes {
  const iterable = stream as EventStreamBytes;
  if (typeof iterable[Symbol.asyncIterator] === 'function') return iterable;
  Object.defineProperty(stream, Symbol.asyncIterator, {
    value(): AsyncIterator<Uint8Array> {
      const reader = stream.getReader();
      return {
        next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
        async return() {
          await reader.cancel();
          reader.releaseLock();
          return { done: true, value: undefined };
        },
      };
    },
  });
  return iterable;
}
