/**
 * The client side of a streaming action's SSE stream, robust to reads split anywhere.
 * @module
 */
import { Observable } from 'rxjs';
import { RxRunnablesError, toAsyncIterator } from '../core';
import { liftFlow } from './flow-lift';
import { decodeSSE } from './sse-decoder';
import type { SSEEvent } from './sse-decoder';
import type { ActionStreamEvent } from './streaming-action-sse';
import type { IterableObservable } from './text-source';
import { errorFromWire } from './wire';

/** What {@link readActionSSE} reads: a fetch `Response`, its body, or chunks of bytes or text. */
export type ActionSSEInput = Parameters<typeof decodeSSE>[0];

const TYPES = new Set(['state', 'delta', 'result']);

/**
 * Reads the frames `streamActionSSE` sends (or the reference's server: `data: {"type","value"}`)
 * as typed events: `state`, each `delta`, then `result`. It parses the byte stream with the SSE
 * decoder, so a frame split across reads — even inside a multi-byte character — is read whole,
 * which the reference's client (splitting each read on `'data: '`) gets wrong. An `error` frame
 * errors the Observable with the server's typed error (`details.remote: true`); a frame that is
 * not `{ type, value }` JSON errors with `SSE_PARSE`. Also async-iterable: iterating reads the
 * body only as events are read; `break` cancels it.
 *
 * @example
 * ```ts
 * import { readActionSSE } from 'rx-runnables/transport';
 *
 * let text = '';
 * const response = await fetch('http://127.0.0.1:3000/chat', { method: 'POST', body: '{"prompt":"hi"}' });
 * readActionSSE<string, string, unknown>(response).subscribe((event) => {
 *   if (event.type === 'delta') text += event.value;
 *   if (event.type === 'result') console.log(text, event.value.state);
 * });
 * ```
 */
export function readActionSSE<D, R, S>(
  input: ActionSSEInput,
): IterableObservable<Exclude<ActionStreamEvent<D, R, S>, { type: 'error' }>> {
  const out = liftFlow(decodeSSE(input), (events$) => toActionEvents<D, R, S>(events$));
  Object.defineProperty(out, Symbol.asyncIterator, { value: () => toAsyncIterator(out) });
  return out as IterableObservable<Exclude<ActionStreamEvent<D, R, S>, { type: 'error' }>>;
}

function toActionEvents<D, R, S>(
  events$: Observable<SSEEvent>,
): Observable<Exclude<ActionStreamEvent<D, R, S>, { type: 'error' }>> {
  return new Observable((subscriber) => {
    let index = 0;
    return events$.subscribe({
      next(event) {
        const position = index++;
        let parsed: { type?: unknown; value?: unknown };
        try {
          parsed = JSON.parse(event.data) as { type?: unknown; value?: unknown };
        } catch (cause) {
          subscriber.error(
            new RxRunnablesError('SSE_PARSE', `Action frame ${position} is not JSON`, {
              cause,
              position,
              stage: 'action-client',
            }),
          );
          return;
        }
        const type = typeof parsed === 'object' && parsed !== null ? parsed.type : undefined;
        if (type === 'error') {
          subscriber.error(errorFromWire(parsed.value));
        } else if (typeof type === 'string' && TYPES.has(type)) {
          subscriber.next(parsed as Exclude<ActionStreamEvent<D, R, S>, { type: 'error' }>);
        } else {
          subscriber.error(
            new RxRunnablesError(
              'SSE_PARSE',
              `Action frame ${position} has no type of state, delta, result or error`,
              { position, stage: 'action-client' },
            ),
          );
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}
