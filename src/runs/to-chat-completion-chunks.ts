/**
 * toChatCompletionChunks: a run as an OpenAI Chat Completions stream (`chat.completion.chunk`).
 * @module
 */
import { Observable, map } from 'rxjs';
import { RxRunnablesError } from '../core';
import type { AssistantStreamEvent, RunObject, ToolCallDelta } from './run-objects';

/** One tool call piece in a chunk's delta. */
export interface ChatCompletionToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

/** A `chat.completion.chunk` object, as OpenAI streams them. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: {
    index: 0;
    delta: {
      role?: 'assistant';
      content?: string;
      tool_calls?: ChatCompletionToolCallDelta[];
    };
    finish_reason: 'stop' | 'tool_calls' | 'length' | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

/**
 * The run as Chat Completions chunks: one assistant message whose `content` is the text of all
 * the run's messages. Tools the run executes itself stay on the server; the calls a paused run
 * waits on (manual tools and approvals) are sent as `tool_calls` deltas (in the fragments the
 * model sent) with `finish_reason: 'tool_calls'`, so the client answers them as with OpenAI.
 * A finished run ends with `stop` (`length` when `maxSteps` ran out), then a usage chunk with
 * empty `choices`. A failed run errors with its typed error after the chunks already sent.
 *
 * @example
 * ```ts
 * toChatCompletionChunks(run).subscribe((chunk) => console.log(chunk.choices[0]?.delta));
 * ```
 */
export function toChatCompletionChunks(
  run: Observable<AssistantStreamEvent>,
): Observable<ChatCompletionChunk> {
  return new Observable<ChatCompletionChunk>((subscriber) => {
    let head: { id: string; created: number; model: string } | undefined;
    let pendingCalls: ToolCallDelta[] = [];
    const chunk = (
      delta: ChatCompletionChunk['choices'][0]['delta'],
      finishReason: ChatCompletionChunk['choices'][0]['finish_reason'] = null,
    ): ChatCompletionChunk => {
      const h = head as NonNullable<typeof head>;
      return {
        id: h.id,
        object: 'chat.completion.chunk',
        created: h.created,
        model: h.model,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      };
    };
    const finish = (run: RunObject, reason: 'stop' | 'tool_calls' | 'length'): void => {
      subscriber.next(chunk({}, reason));
      const u = run.usage;
      if (u !== null) subscriber.next({ ...chunk({}), choices: [], usage: { ...u } });
    };
    return run.subscribe({
      next(event) {
        switch (event.event) {
          case 'thread.run.created':
          case 'thread.run.queued':
            if (head === undefined) {
              head = {
                id: `chatcmpl-${event.data.id}`,
                created: event.data.created_at,
                model: event.data.model,
              };
              subscriber.next(chunk({ role: 'assistant', content: '' }));
            }
            break;
          case 'thread.message.delta': {
            const text = event.data.delta.content[0]?.text.value ?? '';
            if (text !== '') subscriber.next(chunk({ content: text }));
            break;
          }
          case 'thread.run.step.created':
            pendingCalls = [];
            break;
          case 'thread.run.step.delta':
            pendingCalls.push(...event.data.delta.step_details.tool_calls);
            break;
          case 'thread.run.requires_action': {
            // Only the calls the run waits on reach the client (the run executes the others),
            // numbered from 0 in the order the model made them.
            const action = event.data.required_action;
            const waited = new Set(
              (action === null
                ? []
                : action.type === 'tool_approval'
                  ? action.tool_approval.tool_calls
                  : action.submit_tool_outputs.tool_calls
              ).map((c) => c.id),
            );
            const ids = new Map<number, string>();
            for (const call of pendingCalls) {
              if (call.id !== undefined) ids.set(call.index, call.id);
            }
            const indexOf = new Map<number, number>();
            for (const [index, id] of [...ids].sort((a, b) => a[0] - b[0])) {
              if (waited.has(id)) indexOf.set(index, indexOf.size);
            }
            for (const call of pendingCalls) {
              const index = indexOf.get(call.index);
              if (index === undefined) continue;
              subscriber.next(
                chunk({
                  tool_calls: [
                    {
                      index,
                      ...(call.id === undefined ? {} : { id: call.id, type: 'function' as const }),
                      function: {
                        ...(call.function.name === undefined ? {} : { name: call.function.name }),
                        arguments: call.function.arguments ?? '',
                      },
                    },
                  ],
                }),
              );
            }
            pendingCalls = [];
            finish(event.data, 'tool_calls');
            break;
          }
          case 'thread.run.completed':
          case 'thread.run.cancelled':
          case 'thread.run.expired':
            finish(event.data, 'stop');
            break;
          case 'thread.run.incomplete':
            finish(event.data, 'length');
            break;
          case 'error':
            subscriber.error(
              new RxRunnablesError(
                event.data.code as RxRunnablesError['code'],
                event.data.message,
                {
                  ...event.data.details,
                },
              ),
            );
            break;
          default:
            break;
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}

/**
 * {@link toChatCompletionChunks} as SSE frames (`data: {json}\n\n`) ending with `data: [DONE]`,
 * what OpenAI clients read. Serve them with `toStreamResponse` or `pipeToNodeResponse` from
 * `rx-runnables/transport`. A failed run ends with a `data: {"error": {…}}` frame (no `[DONE]`).
 *
 * @example
 * ```ts
 * import { DemoChatModel } from 'rx-runnables/models';
 * import { createRun, toChatCompletionsSSE } from 'rx-runnables/runs';
 * import { toStreamResponse } from 'rx-runnables/transport';
 *
 * const run = createRun({ model: new DemoChatModel(), messages: 'Hi' });
 * const response = toStreamResponse(toChatCompletionsSSE(run)); // for any OpenAI client
 * ```
 */
export function toChatCompletionsSSE(run: Observable<AssistantStreamEvent>): Observable<string> {
  return new Observable<string>((subscriber) =>
    toChatCompletionChunks(run)
      .pipe(map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`))
      .subscribe({
        next: (frame) => subscriber.next(frame),
        error: (error: unknown) => {
          const e = RxRunnablesError.isInstance(error) ? error : undefined;
          const body = {
            error: {
              message: e?.message ?? String(error),
              type: 'server_error',
              code: e?.code ?? null,
            },
          };
          subscriber.next(`data: ${JSON.stringify(body)}\n\n`);
          subscriber.complete();
        },
        complete: () => {
          subscriber.next('data: [DONE]\n\n');
          subscriber.complete();
        },
      }),
  );
}
