/**
 * The chat model contract: messages in, a stream of AIMessageChunk out.
 * @module
 */
import { catchError, defer, mergeMap, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import type { AIMessageChunk, BaseMessage } from '../chunks';
import { Runnable, collect, toRxRunnablesError } from '../core';
import type { RunContext, RunOptions } from '../core';
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
}

const NO_TOOLS: readonly ToolDefinition[] = Object.freeze([]);

/**
 * Base class of chat models. A model implements one member, {@link ChatModel.streamMessages};
 * the base collects the input (a model cannot start before its prompt is whole), turns it into
 * messages and streams the answer as {@link AIMessageChunk}s. `invoke` returns the chunks
 * added up into one `AIMessageChunk`.
 *
 * Errors from `streamMessages` reach the caller as `RxRunnablesError` (code `GENERATION`
 * unless the error already has one).
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
    copy.boundTools = Object.freeze(tools.map(toToolDefinition));
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
    };
    return collect(input$).pipe(
      mergeMap((input) => defer(() => this.streamMessages(toChatMessages(input), callContext))),
      catchError((error: unknown) =>
        throwError(() => toRxRunnablesError(error, 'GENERATION', { step: this.name })),
      ),
    );
  }
}
