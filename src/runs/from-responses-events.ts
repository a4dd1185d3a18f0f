/**
 * fromResponsesEvents: Responses API streaming events read back as AIMessageChunks.
 * @module
 */
import { Observable, from } from 'rxjs';
import type { ObservableInput } from 'rxjs';
import { AIMessageChunk } from '../chunks';
import { RxRunnablesError } from '../core';
import type { ResponseObject, ResponseStreamEvent } from './responses-types';

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function finalChunk(
  id: string,
  response: ResponseObject | undefined,
  pendingCalls: boolean,
): AIMessageChunk {
  const usage = response?.usage ?? null;
  const status = response?.status;
  const finishReason = status === 'incomplete' ? 'length' : pendingCalls ? 'tool_calls' : 'stop';
  return new AIMessageChunk({
    content: '',
    id,
    responseMetadata: {
      finish_reason: finishReason,
      ...(response?.model === undefined ? {} : { model_name: response.model }),
      ...(response?.incomplete_details == null
        ? {}
        : { incomplete_details: response.incomplete_details }),
    },
    ...(usage === null
      ? {}
      : {
          usageMetadata: {
            inputTokens: usage.input_tokens,
            outputTokens: usage.output_tokens,
            totalTokens: usage.total_tokens,
          },
        }),
  });
}

/**
 * Reads Responses API streaming events (from {@link toResponsesEvents}, or OpenAI's own `POST
 * /v1/responses` stream decoded from SSE) as the `AIMessageChunk`s a chat model streams: text
 * deltas as content, function calls as tool-call chunks indexed by `output_index` (name and id
 * first, then argument fragments), and a last chunk with `finish_reason` and usage at
 * `response.completed` / `response.incomplete`. `response.failed` and `error` end the stream
 * with a `GENERATION` error (the server's code in `details.responseCode`); a value that is not
 * an event is `INVALID_INPUT` with its position. Items the model did not produce
 * (`function_call_output`) are skipped.
 *
 * @example
 * ```ts
 * const chunks = fromResponsesEvents(toResponsesEvents(run));
 * const answer = await lastValueFrom(chunks.pipe(reduce((a, c) => a.concat(c))));
 * ```
 */
export function fromResponsesEvents(
  events: ObservableInput<ResponseStreamEvent | unknown>,
): Observable<AIMessageChunk> {
  return new Observable<AIMessageChunk>((subscriber) => {
    let id = 'response';
    let position = 0;
    let calls = false;
    let outputs = 0;
    return from(events).subscribe({
      next(value) {
        const at = position++;
        if (!isRecord(value) || typeof value.type !== 'string') {
          subscriber.error(
            new RxRunnablesError('INVALID_INPUT', `Responses event ${at} has no string "type"`, {
              position: at,
              stage: 'fromResponsesEvents',
            }),
          );
          return;
        }
        const event = value as ResponseStreamEvent;
        switch (event.type) {
          case 'response.created':
            id = event.response.id;
            break;
          case 'response.output_text.delta':
            if (event.delta !== '')
              subscriber.next(new AIMessageChunk({ content: event.delta, id }));
            break;
          case 'response.output_item.added':
            if (event.item.type === 'function_call') {
              calls = true;
              subscriber.next(
                new AIMessageChunk({
                  content: '',
                  id,
                  toolCallChunks: [
                    {
                      index: event.output_index,
                      id: event.item.call_id,
                      name: event.item.name,
                      args: event.item.arguments,
                      type: 'tool_call_chunk',
                    },
                  ],
                }),
              );
            } else if (event.item.type === 'function_call_output') outputs++;
            break;
          case 'response.function_call_arguments.delta':
            subscriber.next(
              new AIMessageChunk({
                content: '',
                id,
                toolCallChunks: [
                  { index: event.output_index, args: event.delta, type: 'tool_call_chunk' },
                ],
              }),
            );
            break;
          case 'response.completed':
          case 'response.incomplete': {
            const pending =
              calls &&
              event.response.output.filter((i) => i.type === 'function_call').length > outputs;
            subscriber.next(finalChunk(id, event.response, pending));
            subscriber.complete();
            break;
          }
          case 'response.failed': {
            const error = event.response.error;
            subscriber.error(
              new RxRunnablesError('GENERATION', error?.message ?? 'The response failed', {
                stage: 'fromResponsesEvents',
                responseCode: error?.code,
              }),
            );
            break;
          }
          case 'error':
            subscriber.error(
              new RxRunnablesError('GENERATION', event.message, {
                stage: 'fromResponsesEvents',
                responseCode: event.code,
              }),
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
