/**
 * A chat model on `ChatOpenAI` from `@langchain/openai`: any OpenAI-compatible server.
 * @module
 */
import { ChatOpenAI } from '@langchain/openai';
import type { ChatOpenAICallOptions, ChatOpenAIFields } from '@langchain/openai';
import { Observable } from 'rxjs';
import { AIMessageChunk } from '../chunks';
import type { BaseMessage } from '../chunks';
import { RxRunnablesError } from '../core/errors';
import { flowReady } from '../core/flow-control';
import { followSignal } from '../core/follow-signal';
import { ChatModel } from '../models/chat-model';
import type { ChatModelCallContext, ChatModelOptions, ToolChoice } from '../models/chat-model';
import type { ToolDefinition } from '../models/tool-definition';
import { fromLangChainMessage, toLangChainMessage } from '../langchain/messages';
import { AssistantDeltaCompletions } from './assistant-delta-completions';
import { jsonAnswerFetch } from './json-answer-fetch';
import { DEFAULT_OPENAI_MODEL, env } from './openai-env';
import { toOpenAIModelError } from './openai-errors';

/**
 * Options of {@link OpenAIChatModel}: every `ChatOpenAI` field (`temperature`, `maxTokens`,
 * `timeout`, `maxRetries`, `configuration`, …) plus a few shortcuts.
 */
export interface OpenAIChatModelOptions extends ChatOpenAIFields, ChatModelOptions {
  /**
   * An existing `ChatOpenAI` to use as is; every other option (but `idleTimeoutMs`) is then
   * ignored. Such a client reads role-less deltas' text but, being stock, drops their tool calls.
   */
  client?: ChatOpenAI;
  /** The model name (default `OPENAI_MODEL`, else `gpt-4o-mini`). */
  model?: string;
  /** The API key (default `OPENAI_API_KEY`). Local servers usually accept any string. */
  apiKey?: string;
  /** The server's base URL, ending in `/v1` (default `OPENAI_BASE_URL`, else OpenAI's). */
  baseURL?: string;
}

/** The converted chunk; a non-AI delta (a server sending another role) keeps its content. */
function toChunk(message: BaseMessage): AIMessageChunk {
  if (message instanceof AIMessageChunk) return message;
  const { content, id, responseMetadata } = message;
  return new AIMessageChunk({ content, ...(id === undefined ? {} : { id }), responseMetadata });
}

/**
 * True for the chunk that says the answer is whole: Chat Completions' `finish_reason`, or the
 * Responses API's final `status`.
 */
function isFinal(chunk: AIMessageChunk): boolean {
  const { finish_reason: finishReason, status } = chunk.responseMetadata;
  return (typeof finishReason === 'string' && finishReason !== '') || typeof status === 'string';
}

function toolChoiceOption(choice: ToolChoice): ChatOpenAICallOptions['tool_choice'] {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  return { type: 'function', function: { name: choice } };
}

function toolOptions(tools: readonly ToolDefinition[], choice: ToolChoice | undefined) {
  if (tools.length === 0) return {};
  return {
    tools: tools.map((tool) => ({
      type: 'function' as const,
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: { ...tool.parameters },
      },
    })),
    ...(choice === undefined ? {} : { tool_choice: toolChoiceOption(choice) }),
  };
}

/**
 * A chat model backed by `ChatOpenAI` (`@langchain/openai`, an optional peer dependency). It
 * reads `OPENAI_API_KEY`, `OPENAI_BASE_URL` and `OPENAI_MODEL`, so any OpenAI-compatible server
 * (OpenAI, vLLM, llama.cpp, Ollama, …) works. It streams content, tool-call chunks (arguments
 * reassemble on concat into `toolCalls`) and token usage (`usageMetadata`, on the last chunk).
 * Unsubscribing, aborting `signal` or a `timeoutMs` deadline aborts the HTTP request.
 *
 * Errors: HTTP error answers → `MODEL_HTTP` with `details.status` (and `retryAfterMs` when the
 * server sent `Retry-After`); a connection cut mid-stream → `MODEL_HTTP` with
 * `details.stage: 'stream'`; a stream that ends without `finish_reason` → `MODEL_INCOMPLETE` with
 * `details.partialOutput`; a 200 answer with no chunk at all (an empty body) → `EMPTY_OUTPUT`;
 * no chunk for `idleTimeoutMs` → `TIMEOUT`; a malformed `data:` line → `SSE_PARSE`; an abort →
 * `ABORTED`; missing credentials → `INVALID_CONFIG`.
 * Deltas without a `role` (or `role: null`) are the assistant's, and a plain `chat.completion`
 * JSON answer to the stream request is replayed as chunks.
 *
 * @example
 * ```ts
 * import { OpenAIChatModel } from 'rx-runnables/openai';
 *
 * const model = new OpenAIChatModel({ model: 'gpt-4o-mini', temperature: 0 });
 * model.stream('Tell me a joke').subscribe((chunk) => process.stdout.write(chunk.text));
 * ```
 */
export class OpenAIChatModel extends ChatModel {
  /** The underlying LangChain client. */
  readonly client: ChatOpenAI;

  constructor(options: OpenAIChatModelOptions = {}) {
    super(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs });
    const { client, baseURL, configuration, idleTimeoutMs: _idle, ...fields } = options;
    if (client !== undefined) {
      if (!(client instanceof ChatOpenAI)) {
        throw new RxRunnablesError('INVALID_CONFIG', '`client` must be a ChatOpenAI instance');
      }
      this.client = client;
      return;
    }
    const apiKey = fields.apiKey ?? env('OPENAI_API_KEY');
    const clientFields: ChatOpenAIFields = {
      streamUsage: true,
      ...fields,
      model: fields.model ?? env('OPENAI_MODEL') ?? DEFAULT_OPENAI_MODEL,
      ...(apiKey === undefined ? {} : { apiKey }),
      configuration: {
        baseURL: baseURL ?? env('OPENAI_BASE_URL'),
        ...configuration,
        fetch: jsonAnswerFetch(configuration?.fetch),
      },
    };
    this.client = new ChatOpenAI({
      ...clientFields,
      completions: fields.completions ?? new AssistantDeltaCompletions(clientFields),
    });
  }

  /** The model name sent to the server. */
  get model(): string {
    return this.client.model;
  }

  protected override streamMessages(
    messages: BaseMessage[],
    ctx: ChatModelCallContext,
  ): Observable<AIMessageChunk> {
    return new Observable<AIMessageChunk>((subscriber) => {
      const { controller, release } = followSignal(ctx.signal);
      let chunksReceived = 0;
      let finished = false;

      const run = async () => {
        const lcMessages = messages.map(toLangChainMessage);
        const stream = await this.client.stream(lcMessages, {
          signal: controller.signal,
          ...toolOptions(ctx.tools, ctx.toolChoice),
        });
        for await (const chunk of stream) {
          if (subscriber.closed) return;
          chunksReceived++;
          const ours = toChunk(fromLangChainMessage(chunk));
          if (!finished && isFinal(ours)) finished = true;
          subscriber.next(ours);
          // Read the body only as fast as an iterating consumer reads (TCP backpressure).
          const wait = flowReady(ctx.flow);
          if (wait) await wait;
        }
        // The OpenAI SDK ends an aborted stream quietly; report the abort instead.
        if (controller.signal.aborted) throw controller.signal.reason;
        if (chunksReceived === 0) {
          throw new RxRunnablesError(
            'EMPTY_OUTPUT',
            'The model answered with no chunk at all (an empty body, or a body that is not an event stream)',
            { step: this.name, stage: 'stream', chunksReceived },
          );
        }
        if (!finished) {
          throw new RxRunnablesError(
            'MODEL_INCOMPLETE',
            'The model stream ended without a finish_reason: the answer may be cut short',
            // `invoke` adds the partial message (details.partialOutput); streams have its chunks.
            { step: this.name, stage: 'stream', chunksReceived },
          );
        }
        subscriber.complete();
      };
      run().catch((error: unknown) => {
        subscriber.error(
          toOpenAIModelError(error, {
            step: this.name,
            aborted: controller.signal.aborted,
            abortReason: controller.signal.reason,
            chunksReceived,
          }),
        );
      });

      return () => {
        release();
        // Closes the HTTP request when the run ends early; a no-op after a normal end.
        controller.abort(new RxRunnablesError('ABORTED', 'The run ended'));
      };
    });
  }
}
