/**
 * toLangChain: our Runnable as a real @langchain/core Runnable.
 * @module
 */
import type { CallbackManagerForChainRun } from '@langchain/core/callbacks/manager';
import type {
  AIMessageChunk as LCAIMessageChunk,
  BaseMessage as LCBaseMessage,
} from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import type { ChatGeneration } from '@langchain/core/outputs';
import type {
  BasePromptValueInterface,
  ChatPromptValue as LCChatPromptValue,
  StringPromptValue as LCStringPromptValue,
} from '@langchain/core/prompt_values';
import {
  Runnable as LCRunnable,
  ensureConfig,
  getCallbackManagerForConfig,
} from '@langchain/core/runnables';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { AIMessageChunk, BaseMessage } from '../chunks';
import type { EventKind, Runnable, RunOptions } from '../core';
import type { RunEventSink } from '../core/run-events';
import { addChunkInMode } from '../core/chunk-mode';
import { runRoot } from '../core/run-context';
import type { ChatPromptValue, PromptValueLike, StringPromptValue } from '../models';
import { CallbackBridge, messagesOf, textOf } from './callback-bridge';
import { fromLangChainValue, toLangChainValue } from './convert';
import { driveTransform } from './drive-transform';
import { tracedTransform } from './traced-transform';

/**
 * One of our value types in LangChain.js terms (the inverse of `FromLangChainValue`).
 *
 * @example
 * ```ts
 * type Out = ToLangChainValue<AIMessageChunk>; // @langchain/core AIMessageChunk
 * ```
 */
export type ToLangChainValue<T> = 0 extends 1 & T
  ? unknown
  : T extends AIMessageChunk
    ? LCAIMessageChunk
    : T extends BaseMessage
      ? LCBaseMessage
      : T extends ChatPromptValue
        ? LCChatPromptValue
        : T extends StringPromptValue
          ? LCStringPromptValue
          : T extends PromptValueLike
            ? BasePromptValueInterface
            : T extends readonly (infer E)[]
              ? ToLangChainValue<E>[]
              : T;

const RUN_TYPES: Partial<Record<EventKind, string>> = {
  prompt: 'prompt',
  parser: 'parser',
  retriever: 'retriever',
  tool: 'tool',
};

/** The protected traits of a step that decide how it is reported. */
function traitsOf(runnable: Runnable<unknown, unknown>): { kind: EventKind; snapshot: boolean } {
  const traits = runnable as unknown as { eventKind: EventKind; chunkMode: string };
  return { kind: traits.eventKind, snapshot: traits.chunkMode === 'snapshot' };
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

/**
 * Our Runnable as a @langchain/core `Runnable`; see {@link toLangChain}. Its `transform` passes
 * LangChain's input chunks into our transform as they arrive and yields our output chunks as
 * LangChain values (an `AIMessageChunk` as LangChain's, every field kept). LangChain's
 * `config.signal` (and `timeout`) aborts our run; breaking out of its stream unsubscribes it.
 * LangChain callbacks see this step as a chain (a prompt, parser, retriever or tool by its kind),
 * or as a chat model when it is one, and every step inside it below that run.
 *
 * @example
 * ```ts
 * const lcStep = new ToLangChainRunnable(new StringOutputParser());
 * const chain = lcPrompt.pipe(lcModel).pipe(lcStep); // a LangChain RunnableSequence
 * ```
 */
export class ToLangChainRunnable<I = unknown, O = unknown> extends LCRunnable<
  I | ToLangChainValue<I>,
  ToLangChainValue<O>
> {
  lc_namespace = ['rx_runnables', 'langchain'];
  private readonly kind: EventKind;
  private readonly snapshot: boolean;

  constructor(readonly runnable: Runnable<I, O>) {
    super();
    this.name = runnable.name;
    const traits = traitsOf(runnable as Runnable<unknown, unknown>);
    this.kind = traits.kind;
    this.snapshot = traits.snapshot;
  }

  static override lc_name(): string {
    return 'ToLangChainRunnable';
  }

  override async invoke(
    input: I | ToLangChainValue<I>,
    options?: Partial<RunnableConfig>,
  ): Promise<ToLangChainValue<O>> {
    let total: O | undefined;
    const onChunk = (chunk: O): void => {
      total = this.runnable.addChunk(total, chunk);
    };
    for await (const _ of this.run(once(input), options, onChunk)) {
      // drained for the total
    }
    return toLangChainValue(total) as ToLangChainValue<O>;
  }

  override async *_streamIterator(
    input: I | ToLangChainValue<I>,
    options?: Partial<RunnableConfig>,
  ): AsyncGenerator<ToLangChainValue<O>> {
    yield* this.run(once(input), options);
  }

  override transform(
    generator: AsyncGenerator<I | ToLangChainValue<I>>,
    options: Partial<RunnableConfig>,
  ): AsyncGenerator<ToLangChainValue<O>> {
    return this.run(generator, options);
  }

  override _concatOutputChunks<T>(first: T, second: T): T {
    return this.snapshot ? second : super._concatOutputChunks(first, second);
  }

  private run(
    inputs: AsyncGenerator<I | ToLangChainValue<I>>,
    options: Partial<RunnableConfig> | undefined,
    onChunk?: (chunk: O) => void,
  ): AsyncGenerator<ToLangChainValue<O>> {
    if (this.kind === 'chat_model') return this.runAsChatModel(inputs, options, onChunk);
    const runType = RUN_TYPES[this.kind];
    // The totals LangChain's callbacks report, added up in our types while a handler listens.
    let input: unknown;
    let inputAdds = true;
    let output: O | undefined;
    return tracedTransform(
      this,
      inputs,
      runType === undefined ? options : { ...options, runType },
      {
        input: (chunk, tracked) => {
          const value = fromLangChainValue(chunk);
          if (tracked && inputAdds) {
            try {
              input = addChunkInMode('concat', input, value);
            } catch {
              // As LangChain: input chunks that do not add up report no input.
              [input, inputAdds] = [undefined, false];
            }
          }
          return value;
        },
        transform: (generator, runManager, config) =>
          this.relay(generator, config, runManager, (chunk) => {
            onChunk?.(chunk);
            if (runManager !== undefined) output = this.runnable.addChunk(output, chunk);
          }),
        totals: () => ({ input: toLangChainValue(input), output: toLangChainValue(output) }),
      },
    );
  }

  /**
   * Runs our Runnable on its input chunks and yields its output as LangChain values; inner runs
   * are reported under `runManager` (given only when a handler listens).
   */
  private async *relay(
    inputs: AsyncIterator<unknown>,
    config: Partial<RunnableConfig>,
    runManager: CallbackManagerForChainRun | undefined,
    onChunk: (chunk: O) => void,
  ): AsyncGenerator<ToLangChainValue<O>> {
    const bridge = runManager === undefined ? undefined : new CallbackBridge(runManager);
    const output = this.ours(inputs, config, bridge?.sink);
    try {
      for await (const chunk of output) {
        onChunk(chunk);
        // Inner runs report this chunk to LangChain before it moves on, as LangChain's own do.
        if (bridge) await bridge.flush();
        yield toLangChainValue(chunk) as ToLangChainValue<O>;
      }
    } finally {
      await bridge?.flush();
    }
  }

  private ours(
    inputs: AsyncIterator<unknown>,
    config: Partial<RunnableConfig>,
    events: RunEventSink | undefined,
  ): AsyncGenerator<O> {
    const options: RunOptions = {};
    if (config.signal) options.signal = config.signal;
    if (config.tags?.length) options.tags = config.tags;
    if (config.metadata && Object.keys(config.metadata).length > 0)
      options.metadata = config.metadata;
    if (config.configurable) options.configurable = config.configurable;
    if (config.maxConcurrency !== undefined) options.maxConcurrency = config.maxConcurrency;
    return driveTransform(inputs as AsyncIterator<I>, (input$) =>
      runRoot(options, events, (ctx) => this.runnable.runTransform(input$, ctx)),
    );
  }

  /** A chat model of ours reports LangChain's chat model callbacks, token by token. */
  private async *runAsChatModel(
    inputs: AsyncGenerator<unknown>,
    options: Partial<RunnableConfig> | undefined,
    onChunk?: (chunk: O) => void,
  ): AsyncGenerator<ToLangChainValue<O>> {
    const config = ensureConfig(options);
    let input: unknown;
    for await (const chunk of inputs)
      input = input === undefined ? chunk : this._concatOutputChunks(input, chunk);
    const callbackManager = await getCallbackManagerForConfig(config);
    const runName = config.runName ?? this.getName();
    const [runManager] =
      (await callbackManager?.handleChatModelStart(
        this.toJSON(),
        [messagesOf(fromLangChainValue(input))],
        config.runId,
        undefined,
        undefined,
        undefined,
        undefined,
        runName,
      )) ?? [];
    let total: O | undefined;
    try {
      for await (const chunk of this.ours(once(fromLangChainValue(input)), config, undefined)) {
        total = this.runnable.addChunk(total, chunk);
        onChunk?.(chunk);
        const message = toLangChainValue(chunk) as ToLangChainValue<O>;
        if (runManager) {
          const text = textOf(chunk);
          const fields = {
            chunk: new ChatGenerationChunk({ message: message as LCAIMessageChunk, text }),
          };
          await runManager.handleLLMNewToken(
            text,
            { prompt: 0, completion: 0 },
            undefined,
            undefined,
            undefined,
            fields,
          );
        }
        yield message;
      }
    } catch (error) {
      await runManager?.handleLLMError(error);
      throw error;
    }
    const generation: ChatGeneration = {
      message: toLangChainValue(total) as LCAIMessageChunk,
      text: textOf(total),
    };
    await runManager?.handleLLMEnd({ generations: [[generation]] });
  }
}

/**
 * Turns our Runnable into a real @langchain/core `Runnable`: it works in LangChain's
 * `RunnableSequence`, `.pipe`, `.stream`, `.streamEvents` (v2), `.batch` and LangGraph nodes.
 * Input arrives in our types, output chunks leave as LangChain values (our `AIMessageChunk`
 * becomes LangChain's), LangChain's `signal` cancels our run, and LangChain callbacks (and so
 * `streamEvents`) see this step and every step inside it.
 *
 * @example
 * ```ts
 * import { StringOutputParser as LCStringOutputParser } from '@langchain/core/output_parsers';
 * import { ChatPromptTemplate as LCChatPromptTemplate } from '@langchain/core/prompts';
 * import { toLangChain } from 'rx-runnables/langchain';
 * import { DemoChatModel } from 'rx-runnables/models';
 *
 * const lcPrompt = LCChatPromptTemplate.fromMessages([['human', '{question}']]);
 * const lcChain = lcPrompt.pipe(toLangChain(new DemoChatModel())).pipe(new LCStringOutputParser());
 * for await (const text of await lcChain.stream({ question: 'Why?' })) process.stdout.write(text);
 * ```
 */
export function toLangChain<I, O>(runnable: Runnable<I, O>): ToLangChainRunnable<I, O> {
  return new ToLangChainRunnable(runnable);
}
