/**
 * The chat model contract: messages in, a stream of AIMessageChunk out.
 * @module
 */
import { Observable, catchError, defer, mergeMap, throwError } from 'rxjs';
import { AIMessageChunk } from '../chunks';
import type { BaseMessage } from '../chunks';
import { Runnable, RxRunnablesError, collect, newRunId, toRxRunnablesError } from '../core';
import type { FlowControl, RunContext, RunOptions } from '../core';
import { checkDurationMs, idleTimeout } from './idle-timeout';
import { toChatMessages } from './to-chat-messages';
import type { ChatModelInput } from './to-chat-messages';
import { toToolDefinition } from './tool-definition';
import type { ToolDefinition, ToolLike } from './tool-definition';

export type { ChatModelInput } from './to-chat-messages';

/**
 * Which tool the model may call: `'auto'` (it decides), `'none'`, `'required'` (some tool), or
 * the name of one tool it must call.
 */
export type ToolChoice = 'auto' | 'none' | 'required' | (string & {});

/** Options of {@link ChatModel.bindTools}. */
export interface BindToolsOptions {
  toolChoice?: ToolChoice;
}

/**
 * Options every chat model takes.
 *
 * @example
 * ```ts
 * const model = new OpenAIChatModel({ idleTimeoutMs: 30_000 }); // a stalled stream fails after 30 s
 * ```
 */
export interface ChatModelOptions {
  /**
   * Milliseconds the model may go without a chunk — before the first one and between two — before
   * the run fails with `TIMEOUT` and the request is aborted (default 60 000; `Infinity`
   * disables it). This catches a server that stalls after sending its headers, which the HTTP
   * client's own timeout does not. At most 2^31 − 1.
   */
  idleTimeoutMs?: number;
}

/** The default {@link ChatModelOptions.idleTimeoutMs}: one minute. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** What {@link ChatModel.streamMessages} receives besides the messages. */
export interface ChatModelCallContext {
  /** Aborted when the run is cancelled; stop all work (requests, timers) when it fires. */
  readonly signal: AbortSignal;
  /** The tools bound with `bindTools` (empty when none). */
  readonly tools: readonly ToolDefinition[];
  /** The run's options (`configurable` may carry per-call model settings). */
  readonly options: RunOptions;
  /** The tool choice bound with `bindTools`, if any. */
  readonly toolChoice?: ToolChoice;
  /**
   * Present while the run is read by async iteration: a model that reads its answer in a loop
   * awaits `flowReady(flow)` between chunks, so it reads only as fast as the consumer.
   */
  readonly flow?: FlowControl;
}

const NO_TOOLS: readonly ToolDefinition[] = Object.freeze([]);

/**
 * Base class of chat models. A model implements one member, {@link ChatModel.streamMessages};
 * the base collects the input (a model cannot start before its prompt is whole), turns it into
 * messages and streams the answer as {@link AIMessageChunk}s. `invoke` returns the chunks
 * added up into one `AIMessageChunk`.
 *
 * Errors from `streamMessages` reach the caller as `RxRunnablesError` (code `GENERATION`
 * unless the error already has one). A model that sends no chunk for `idleTimeoutMs` (before the
 * first or between two) fails with `TIMEOUT` (`details.step`, `details.idleTimeoutMs`,
 * `details.partialOutput`: the chunks so far added up) and its stream is unsubscribed, which
 * aborts its request.
 *
 * @example
 * ```ts
 * class EchoModel extends ChatModel {
 *   protected streamMessages(messages: BaseMessage[]) {
 *     return of(new AIMessageChunk(messages.at(-1)?.text ?? ''));
 *   }
 * }
 * const reply = await new EchoModel().invoke('Hi'); // AIMessageChunk { content: 'Hi' }
 * ```
 */
export abstract class ChatModel extends Runnable<ChatModelInput, AIMessageChunk> {
  override readonly eventKind = 'chat_model';
  /** Tools bound with {@link ChatModel.bindTools}. */
  protected boundTools: readonly ToolDefinition[] = NO_TOOLS;
  /** The tool choice bound with {@link ChatModel.bindTools}. */
  protected boundToolChoice: ToolChoice | undefined = undefined;
  private idleMs: number;

  constructor(options: ChatModelOptions = {}) {
    super();
    this.idleMs = checkDurationMs(
      'idleTimeoutMs',
      options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      {
        min: 1,
      },
    );
  }

  /** Milliseconds allowed without a chunk (see {@link ChatModelOptions.idleTimeoutMs}). */
  get idleTimeoutMs(): number {
    return this.idleMs;
  }

  /**
   * A copy of this model with another idle timeout (`Infinity` for none).
   *
   * @example
   * ```ts
   * const patient = model.withIdleTimeout(5 * 60_000);
   * ```
   */
  withIdleTimeout(idleTimeoutMs: number): this {
    const copy = this.clone();
    copy.idleMs = checkDurationMs('idleTimeoutMs', idleTimeoutMs, { min: 1 });
    return copy;
  }

  /**
   * The one thing a model implements. Must stop all work when the returned Observable is
   * unsubscribed or `ctx.signal` aborts.
   */
  protected abstract streamMessages(
    messages: BaseMessage[],
    ctx: ChatModelCallContext,
  ): Observable<AIMessageChunk>;

  /** The tools this model is bound to. */
  get tools(): readonly ToolDefinition[] {
    return this.boundTools;
  }

  /**
   * A copy of this model bound to `tools` (replacing any bound before). Tools may be given as
   * zod 4 schemas, JSON Schema or OpenAI function tools; see {@link ToolLike}.
   *
   * @example
   * ```ts
   * const withWeather = model.bindTools(
   *   [{ name: 'weather', description: 'Weather in a city', schema: z.object({ city: z.string() }) }],
   *   { toolChoice: 'auto' },
   * );
   * ```
   */
  bindTools(tools: readonly ToolLike[], options: BindToolsOptions = {}): this {
    const copy = this.clone();
    copy.boundTools = Object.freeze(
      tools.map((tool, index) => toToolDefinition(tool, { step: this.name, index })),
    );
    copy.boundToolChoice = options.toolChoice;
    return copy;
  }

  /**
   * A shallow copy sharing configuration, used by `bindTools`. Subclasses whose instances hold
   * state that must not be shared (or `#private` fields, which a shallow copy cannot carry)
   * override it.
   */
  protected clone(): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
  }

  /** Chat models report `{ messages: [[…]] }` as their start event's input, as in LangChain. */
  override eventInput(input: ChatModelInput): unknown {
    try {
      return { messages: [toChatMessages(input, this.name)] };
    } catch {
      return input;
    }
  }

  protected override transform(
    input$: Observable<ChatModelInput>,
    ctx: RunContext,
  ): Observable<AIMessageChunk> {
    const tools = this.boundTools;
    const toolChoice = this.boundToolChoice;
    const callContext: ChatModelCallContext = {
      get signal() {
        return ctx.signal;
      },
      tools,
      options: ctx.options,
      ...(toolChoice === undefined ? {} : { toolChoice }),
      ...(ctx.flow === undefined ? {} : { flow: ctx.flow }),
    };
    const idleMs = this.idleMs;
    // No partial output here: the chunks were delivered, and `invoke` adds up what arrived.
    const onIdle = (): RxRunnablesError =>
      new RxRunnablesError('TIMEOUT', `${this.name} sent no chunk for ${idleMs} ms`, {
        step: this.name,
        stage: 'stream',
        idleTimeoutMs: idleMs,
      });
    return collect(input$).pipe(
      mergeMap((input) =>
        idleTimeout(
          defer(() => this.streamMessages(toChatMessages(input, this.name), callContext)).pipe(
            withRunId(ctx),
          ),
          idleMs,
          onIdle,
        ),
      ),
      catchError((error: unknown) =>
        throwError(() => toRxRunnablesError(error, 'GENERATION', { step: this.name })),
      ),
    );
  }
}

/**
 * Gives chunks without an `id` the id `run-<runId>`, as LangChain does. While events are on, every
 * such chunk gets the model step's run id (what `on_chat_model_stream` shows). Otherwise only the
 * first one gets an id made for the call: a chunk sum keeps the first id, so `invoke` and
 * `accumulate()` carry it, and no other chunk is copied (a copy per token would double the cost
 * of a chunk through a pipe).
 */
function withRunId(
  ctx: RunContext,
): (source: Observable<AIMessageChunk>) => Observable<AIMessageChunk> {
  return (source) =>
    new Observable<AIMessageChunk>((subscriber) => {
      let id: string | undefined;
      return source.subscribe({
        next(chunk) {
          if (chunk.id !== undefined || (id !== undefined && ctx.runId === undefined)) {
            subscriber.next(chunk);
            return;
          }
          id ??= `run-${ctx.runId ?? newRunId()}`;
          subscriber.next(
            new AIMessageChunk({
              content: chunk.content,
              id,
              name: chunk.name,
              additionalKwargs: chunk.additionalKwargs,
              responseMetadata: chunk.responseMetadata,
              toolCallChunks: chunk.toolCallChunks,
              usageMetadata: chunk.usageMetadata,
              ...(chunk.toolCallChunks.length === 0
                ? { toolCalls: chunk.toolCalls, invalidToolCalls: chunk.invalidToolCalls }
                : {}),
            }),
          );
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
