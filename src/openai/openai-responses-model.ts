/**
 * A chat model on OpenAI's Responses API (`POST /responses`, streamed), with `fetch` only.
 * @module
 */
import { Observable, Subject } from 'rxjs';
import type { AIMessageChunk, BaseMessage } from '../chunks';
import { RxRunnablesError } from '../core/errors';
import { flowReady } from '../core/flow-control';
import { followSignal } from '../core/follow-signal';
import { ChatModel } from '../models/chat-model';
import type { ChatModelCallContext, ChatModelOptions } from '../models/chat-model';
import { fromResponsesEvents } from '../runs/from-responses-events';
import { decodeSSE } from '../transport/sse-decoder';
import { DEFAULT_OPENAI_MODEL, env } from './openai-env';
import { toOpenAIModelError } from './openai-errors';
import { toResponsesInput, toResponsesTools } from './responses-input';

/** Options of {@link OpenAIResponsesModel}. */
export interface OpenAIResponsesModelOptions extends ChatModelOptions {
  /** The model name (default `OPENAI_MODEL`, else `gpt-4o-mini`). */
  model?: string;
  /** The API key, sent as `Authorization: Bearer …` (default `OPENAI_API_KEY`). */
  apiKey?: string;
  /** The server's base URL, ending in `/v1` (default `OPENAI_BASE_URL`, else OpenAI's). */
  baseURL?: string;
  /** Sampling temperature (`temperature` in the request). */
  temperature?: number;
  /** Most tokens the answer may have (`max_output_tokens`). */
  maxOutputTokens?: number;
  /** More request body fields, sent as they are (`reasoning`, `store`, `metadata`, …). */
  extraBody?: Readonly<Record<string, unknown>>;
  /** The `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

/** The HTTP error answer as the fields `toOpenAIModelError` reads (status, headers, API error). */
async function httpFailure(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text().catch(() => '');
  let error: { message?: unknown; type?: unknown; code?: unknown } = {};
  try {
    const body = JSON.parse(text) as { error?: typeof error };
    if (typeof body.error === 'object' && body.error !== null) error = body.error;
  } catch {
    // Not JSON: the text is the message.
  }
  const message = typeof error.message === 'string' ? error.message : text || response.statusText;
  return {
    status: response.status,
    headers: response.headers,
    message,
    type: error.type,
    code: error.code,
  };
}

/**
 * A chat model on OpenAI's Responses API, with `fetch` only (no `@langchain/*`, no `node:`
 * module): it POSTs `${baseURL}/responses` with `stream: true`, decodes the SSE body with
 * `decodeSSE` and reads the events with `fromResponsesEvents`, so it streams text deltas,
 * tool-call chunks (by `output_index`) and usage on the last chunk. Messages become Responses
 * input items (tool calls → `function_call`, tool results → `function_call_output`, matched by
 * `call_id`), bound tools become function tools, and `toolChoice` becomes `tool_choice`. It
 * reads `OPENAI_API_KEY`, `OPENAI_BASE_URL` and `OPENAI_MODEL`. Unsubscribing or aborting
 * closes the HTTP request; iterating reads the body only as fast as the consumer.
 *
 * Errors: an HTTP error answer → `MODEL_HTTP` with `details.status` (and `retryAfterMs` from
 * `Retry-After`, `errorType`, `errorCode`); a connection refused → `MODEL_HTTP` with
 * `stage: 'request'`, cut mid-stream → `MODEL_HTTP` with `stage: 'stream'`; a `data:` line that
 * is not JSON → `SSE_PARSE` with `details.position` (the event's index); an end without
 * `response.completed` or `response.incomplete` → `MODEL_INCOMPLETE`; a 200 answer with no event
 * → `EMPTY_OUTPUT`; `response.failed` or an `error` event → `GENERATION`; an abort → `ABORTED`;
 * no API key → `INVALID_CONFIG`. Chunks delivered before an error stay delivered.
 *
 * @example
 * ```ts
 * import { OpenAIResponsesModel } from 'rx-runnables/openai';
 *
 * const model = new OpenAIResponsesModel({ model: 'gpt-4o-mini' });
 * model.stream('Tell me a joke').subscribe((chunk) => process.stdout.write(chunk.text));
 * ```
 */
export class OpenAIResponsesModel extends ChatModel {
  /** The model name sent to the server. */
  readonly model: string;
  /** The base URL requests go to (`${baseURL}/responses`). */
  readonly baseURL: string;
  private readonly apiKey: string | undefined;
  private readonly fields: Readonly<Record<string, unknown>>;
  private readonly fetchImpl: typeof fetch | undefined;

  constructor(options: OpenAIResponsesModelOptions = {}) {
    super(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs });
    this.model = options.model ?? env('OPENAI_MODEL') ?? DEFAULT_OPENAI_MODEL;
    this.baseURL = (
      options.baseURL ??
      env('OPENAI_BASE_URL') ??
      'https://api.openai.com/v1'
    ).replace(/\/+$/, '');
    this.apiKey = options.apiKey ?? env('OPENAI_API_KEY');
    this.fetchImpl = options.fetch;
    this.fields = {
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      ...(options.maxOutputTokens === undefined
        ? {}
        : { max_output_tokens: options.maxOutputTokens }),
      ...options.extraBody,
    };
  }

  protected override streamMessages(
    messages: BaseMessage[],
    ctx: ChatModelCallContext,
  ): Observable<AIMessageChunk> {
    return new Observable<AIMessageChunk>((subscriber) => {
      const { controller, release } = followSignal(ctx.signal);
      const step = this.name;
      let chunksReceived = 0;
      let streaming = false;
      let ended = false;
      let failure: unknown;
      const events = new Subject<unknown>();
      const reading = fromResponsesEvents(events).subscribe({
        next: (chunk) => {
          chunksReceived++;
          subscriber.next(chunk);
        },
        error: (error: unknown) => (failure = error),
        complete: () => (ended = true),
      });

      const run = async () => {
        if (this.apiKey === undefined) {
          throw new RxRunnablesError(
            'INVALID_CONFIG',
            'No API key: pass `apiKey` or set OPENAI_API_KEY',
            { step },
          );
        }
        const response = await (this.fetchImpl ?? globalThis.fetch)(`${this.baseURL}/responses`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            authorization: `Bearer ${this.apiKey}`,
          },
          body: JSON.stringify({
            model: this.model,
            input: toResponsesInput(messages),
            ...toResponsesTools(ctx.tools, ctx.toolChoice),
            ...this.fields,
            stream: true,
          }),
          signal: controller.signal,
        });
        if (!response.ok) throw await httpFailure(response);
        streaming = true;
        let position = 0;
        for await (const event of decodeSSE(response)) {
          if (subscriber.closed) return;
          const at = position++;
          let value: unknown;
          try {
            value = JSON.parse(event.data);
          } catch (cause) {
            throw new RxRunnablesError('SSE_PARSE', `Responses event ${at} is not JSON`, {
              step,
              stage: 'stream',
              position: at,
              text: event.data.slice(0, 200),
              chunksReceived,
              cause,
            });
          }
          events.next(value);
          if (failure !== undefined) throw failure;
          if (ended) break;
          // Read the body only as fast as an iterating consumer reads (TCP backpressure).
          const wait = flowReady(ctx.flow);
          if (wait) await wait;
        }
        if (controller.signal.aborted) throw controller.signal.reason;
        if (position === 0) {
          throw new RxRunnablesError('EMPTY_OUTPUT', 'The model answered with no event at all', {
            step,
            stage: 'stream',
            chunksReceived,
          });
        }
        if (!ended) {
          throw new RxRunnablesError(
            'MODEL_INCOMPLETE',
            'The Responses stream ended without response.completed: the answer may be cut short',
            { step, stage: 'stream', chunksReceived },
          );
        }
        subscriber.complete();
      };
      run().catch((error: unknown) => {
        const aborted = controller.signal.aborted;
        if (streaming && !aborted && !RxRunnablesError.isInstance(error)) {
          // The body broke after the answer had begun (a cut connection).
          subscriber.error(
            new RxRunnablesError(
              'MODEL_HTTP',
              `The connection to the model closed before the stream ended: ${String(error)}`,
              { step, stage: 'stream', chunksReceived, cause: error },
            ),
          );
          return;
        }
        const context = { step, aborted, abortReason: controller.signal.reason, chunksReceived };
        subscriber.error(toOpenAIModelError(error, context));
      });

      return () => {
        release();
        reading.unsubscribe();
        // Closes the HTTP request when the run ends early; a no-op after a normal end.
        controller.abort(new RxRunnablesError('ABORTED', 'The run ended'));
      };
    });
  }
}
