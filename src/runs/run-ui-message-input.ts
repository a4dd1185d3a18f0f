/**
 * A run as the values the UI message stream encoder of `rx-runnables/transport` reads: text,
 * tool-call chunks, tool results and approval requests.
 * @module
 */
import { Observable } from 'rxjs';
import { AIMessageChunk, ToolMessage } from '../chunks';
import { RxRunnablesError } from '../core';
import type { AssistantStreamEvent } from './run-objects';
import type { Run } from './run';

/** UI message stream parts a run adds to what messages say: approvals, denials and aborts. */
export type RunUIPart =
  | {
      readonly type: 'tool-approval-request';
      readonly approvalId: string;
      readonly toolCallId: string;
    }
  | { readonly type: 'tool-output-denied'; readonly toolCallId: string }
  | { readonly type: 'abort'; readonly reason?: string };

/** What {@link runToUIMessageInput} emits. */
export type RunUIMessageInput = string | AIMessageChunk | ToolMessage | RunUIPart;

const END_OF_CALLS = new AIMessageChunk({
  content: '',
  responseMetadata: { finish_reason: 'tool_calls' },
});

/**
 * The run's events as the values `toUIMessageStream` / `toUIMessageStreamResponse` (from
 * `rx-runnables/transport`) turn into AI SDK UI message stream parts: text deltas as text,
 * tool-call fragments as tool-call chunks (`tool-input-start`, `tool-input-delta`,
 * `tool-input-available`), each tool's result as a `ToolMessage` (`tool-output-available`, or
 * `tool-output-error`; a rejected call is `tool-output-denied`), a pause for approval as
 * `tool-approval-request` parts (the approval id is the tool call id), a cancel as `abort`. A
 * failed run errors with its typed error, which the encoder sends as an `error` part.
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { createRun, runToUIMessageInput } from 'rx-runnables/runs';
 * import { toUIMessageStreamResponse } from 'rx-runnables/transport';
 *
 * const run = createRun({ model: new DemoChatModel(), messages: 'Hi' });
 * const response = toUIMessageStreamResponse(runToUIMessageInput(run)); // for useChat
 * ```
 */
export function runToUIMessageInput(run: Run): Observable<RunUIMessageInput> {
  return new Observable<RunUIMessageInput>((subscriber) => {
    // Outputs known before this stream (tools run before a pause, outputs submitted since):
    // the stream that paused sent them, or the client made them; sent once only.
    const sent = new Set(Object.keys(run.state.pending?.outputs ?? {}));
    const onEvent = (event: AssistantStreamEvent): void => {
      switch (event.event) {
        case 'thread.message.delta': {
          const text = event.data.delta.content[0]?.text.value ?? '';
          if (text !== '') subscriber.next(text);
          break;
        }
        case 'thread.run.step.delta':
          for (const call of event.data.delta.step_details.tool_calls) {
            subscriber.next(
              new AIMessageChunk({
                content: '',
                toolCallChunks: [
                  {
                    index: call.index,
                    ...(call.id === undefined ? {} : { id: call.id }),
                    ...(call.function.name === undefined ? {} : { name: call.function.name }),
                    args: call.function.arguments ?? '',
                    type: 'tool_call_chunk',
                  },
                ],
              }),
            );
          }
          break;
        case 'thread.run.step.completed': {
          const details = event.data.step_details;
          if (details.type !== 'tool_calls') break;
          for (const call of details.tool_calls) {
            if (sent.has(call.id)) continue;
            const message = run.state.messages.find(
              (m): m is ToolMessage =>
                m.type === 'tool' && (m as ToolMessage).toolCallId === call.id,
            );
            if (message?.metadata?.approval === 'rejected') {
              subscriber.next({ type: 'tool-output-denied', toolCallId: call.id });
            } else {
              subscriber.next(
                message ??
                  new ToolMessage({ content: call.function.output ?? '', toolCallId: call.id }),
              );
            }
          }
          break;
        }
        case 'thread.run.requires_action': {
          subscriber.next(END_OF_CALLS);
          // The step's calls that already ran (server tools beside a client tool): their
          // outputs now, so the front end sees every call but the ones it must answer settled.
          const pending = run.state.pending;
          for (const call of pending?.calls ?? []) {
            const outcome = pending?.outputs[call.id];
            if (outcome === undefined || sent.has(call.id)) continue;
            sent.add(call.id);
            subscriber.next(
              pending?.approvals[call.id]?.approved === false
                ? { type: 'tool-output-denied', toolCallId: call.id }
                : new ToolMessage({
                    content: outcome.output,
                    toolCallId: call.id,
                    status: outcome.isError ? 'error' : 'success',
                  }),
            );
          }
          const action = event.data.required_action;
          if (action?.type === 'tool_approval') {
            for (const call of action.tool_approval.tool_calls) {
              subscriber.next({
                type: 'tool-approval-request',
                approvalId: call.id,
                toolCallId: call.id,
              });
            }
          }
          break;
        }
        case 'thread.run.cancelled':
          subscriber.next({ type: 'abort', reason: 'cancelled' });
          break;
        case 'thread.run.expired':
          subscriber.next({ type: 'abort', reason: 'expired' });
          break;
        case 'error':
          subscriber.error(
            new RxRunnablesError(event.data.code as RxRunnablesError['code'], event.data.message, {
              ...event.data.details,
            }),
          );
          break;
        default:
          break;
      }
    };
    return run.subscribe({
      next: onEvent,
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}
