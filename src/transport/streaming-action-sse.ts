/**
 * Streaming actions over SSE: a `state` frame, `delta` frames, then a `result` frame.
 * @module
 */
import { Observable } from 'rxjs';
import { streamResult } from './streaming-action';
import type { ActionResult, StreamResultOptions, StreamingAction } from './streaming-action';
import { formatSSE } from './sse-encoder';
import { errorToWire, serializeForWire } from './wire';
import type { WireError } from './wire';

/**
 * One frame of a streaming action's SSE stream: `{ type, value }` in the frame's data, as the
 * reference's server sends them (`data: {"type":"delta","value":"Hel"}`).
 */
export type ActionStreamEvent<D, R, S> =
  | { readonly type: 'state'; readonly value: unknown }
  | { readonly type: 'delta'; readonly value: D }
  | { readonly type: 'result'; readonly value: ActionResult<R, S> }
  | { readonly type: 'error'; readonly value: WireError };

/** Options of {@link streamActionSSE}. */
export interface StreamActionSSEOptions<R, S> extends StreamResultOptions<R, S> {
  /** What the first `state` frame carries (default: the whole state before the action). */
  stateView?: (state: S) => unknown;
}

/** One data-only SSE frame (no `id:`/`event:` lines): `data: {"type":…,"value":…}\n\n`. */
function frame(type: string, value: unknown): string {
  return formatSSE({ data: `{"type":"${type}","value":${serializeForWire(value)}}` });
}

/**
 * Runs a streaming action and streams it as SSE frames: first `state` (the state before the
 * action, or `stateView(state)` — the reference sends its `chat_history`), then one `delta`
 * frame per delta, then `result` with `{ result, state }`. A failure ends the stream with an
 * `error` frame carrying `{ code, message, details }` after the frames already sent. Frames are
 * data-only (`data: {"type","value"}`), the reference's wire; read them with
 * `readActionSSE`, which handles reads split anywhere. Unsubscribing cancels the action.
 *
 * @example
 * ```ts
 * import { actionResult, streamActionSSE } from 'rx-runnables/transport';
 *
 * async function* respond(state: { history: string[] }, inputs: { prompt: string }) {
 *   for (const word of ['You', 'said', inputs.prompt]) yield `${word} `;
 *   yield actionResult('done', { history: [...state.history, inputs.prompt] });
 * }
 * streamActionSSE(respond, { history: [] }, { prompt: 'hi' }).subscribe((f) => process.stdout.write(f));
 * ```
 */
export function streamActionSSE<S, I, D, R>(
  action: StreamingAction<S, I, D, R>,
  state: S,
  inputs: I,
  options: StreamActionSSEOptions<R, S> = {},
): Observable<string> {
  const { stateView, ...runOptions } = options;
  return new Observable<string>((subscriber) => {
    const container = streamResult(action, state, inputs, runOptions);
    subscriber.next(frame('state', stateView === undefined ? state : stateView(state)));
    const iterator = container[Symbol.asyncIterator]();
    const loop = async (): Promise<void> => {
      for (;;) {
        const step = await iterator.next();
        if (subscriber.closed) return;
        if (step.done === true) break;
        subscriber.next(frame('delta', step.value));
      }
      const final = await container.get();
      subscriber.next(frame('result', final));
      subscriber.complete();
    };
    loop().catch((error: unknown) => {
      if (subscriber.closed) return;
      subscriber.next(frame('error', errorToWire(error)));
      subscriber.complete();
    });
    return () => void container.cancel();
  });
}
