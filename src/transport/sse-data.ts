/**
 * How `decodeSSE` and `fromSSE` read each event's `data`: as sent, as JSON, revived from the wire
 * shapes, or by a function of the caller's; the type of `event.data` follows the choice.
 * @module
 */
import { RxRunnablesError, toRxRunnablesError } from '../core';
import type { SSEEvent } from './sse-parser';
import { reviveFromWire } from './wire';

/**
 * What each event's `data` becomes: `'text'` (as sent), `'json'` (`JSON.parse`), `'wire'`
 * (`JSON.parse`, then {@link reviveFromWire}: messages and chunks as instances, what `encodeSSE`
 * wrote with its default serializer), or a function of the text and the event.
 */
export type SSEDataOption = 'text' | 'json' | 'wire' | ((data: string, event: SSEEvent) => unknown);

/** The type of `event.data` for a {@link SSEDataOption}: `unknown` for JSON, a function's result. */
export type SSEDataOf<M extends SSEDataOption> = M extends 'text'
  ? string
  : M extends (data: string, event: SSEEvent) => infer D
    ? D
    : unknown;

/** The longest data text quoted in an `invalid-json` error. */
const QUOTED = 200;

function parseJSON(event: SSEEvent): unknown {
  try {
    return JSON.parse(event.data) as unknown;
  } catch (cause) {
    throw new RxRunnablesError(
      'SSE_PARSE',
      `The data of SSE event ${JSON.stringify(event.event)} (id ${JSON.stringify(event.id)}) is not JSON`,
      {
        reason: 'invalid-json',
        id: event.id,
        event: event.event,
        text: event.data.slice(0, QUOTED),
        cause,
      },
    );
  }
}

/**
 * The function that turns a text event into the chosen reading, or `undefined` for `'text'`
 * (nothing to do per event). @internal
 */
export function sseDataReader(
  option: SSEDataOption | undefined,
): ((event: SSEEvent) => SSEEvent<unknown>) | undefined {
  if (option === undefined || option === 'text') return undefined;
  if (option === 'json') return (event) => ({ ...event, data: parseJSON(event) });
  if (option === 'wire') return (event) => ({ ...event, data: reviveFromWire(parseJSON(event)) });
  return (event) => {
    try {
      return { ...event, data: option(event.data, event) };
    } catch (error) {
      throw toRxRunnablesError(error, 'SSE_PARSE', {
        reason: 'data-reader',
        id: event.id,
        event: event.event,
      });
    }
  };
}
