/**
 * The encoded form of `streamEvents`, kept out of runnable.ts.
 * @module
 */
import type { RxRunnablesError } from './errors';
import type { EventFilter } from './event-filter';
import { checkEncoding, encodeEventStream } from './event-stream-encoding';
import type { EventStreamBytes } from './event-stream-encoding';
import type { RunEvent } from './run-events';
import type { RunOptions } from './run-options';
import type { RunStream } from './run-stream';

interface EventSource<I> {
  streamEvents(input: I, options: RunOptions, filter?: EventFilter): RunStream<RunEvent>;
}

/**
 * `step.streamEvents(input, options, filter)` as SSE bytes (`options.encoding` checked). A bad
 * encoding errors the byte stream with `INVALID_CONFIG`. @internal
 */
export function encodedEvents<I>(
  step: EventSource<I>,
  input: I,
  options: RunOptions & { encoding?: unknown },
  filter: EventFilter | undefined,
): EventStreamBytes {
  const { encoding, ...rest } = options;
  try {
    checkEncoding(encoding);
  } catch (error) {
    const typed = error as RxRunnablesError;
    return encodeEventStream({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(typed) }),
    });
  }
  return encodeEventStream(step.streamEvents(input, rest, filter));
}
