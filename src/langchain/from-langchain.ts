/**
 * fromLangChain: any @langchain/core runnable as our Runnable, with inner events.
 * @module
 */
import type { BaseMessage as LCBaseMessage } from '@langchain/core/messages';
import type { AIMessageChunk as LCAIMessageChunk } from '@langchain/core/messages';
import type { BasePromptValueInterface } from '@langchain/core/prompt_values';
import type { RunnableInterface } from '@langchain/core/runnables';
import type { AIMessageChunk, BaseMessage } from '../chunks';
import { ForeignRunnable } from '../core/foreign-runnable';
import type { ForeignCallOptions, ForeignRunnableLike } from '../core/foreign-runnable';
import type { EventKind, Runnable, RunContext } from '../core';
import type { ChatPromptValue, StringPromptValue } from '../models';
import { fromLangChainValue, toLangChainValue } from './convert';
import { LangChainEventForwarder } from './event-forwarder';

/**
 * A LangChain.js value type in this library's terms: messages become ours (a chunk stays a
 * chunk), prompt values ours, lists element by element; anything else is unchanged.
 *
 * @example
 * ```ts
 * type Out = FromLangChainValue<LCAIMessageChunk>; // rx-runnables AIMessageChunk
 * ```
 */
export type FromLangChainValue<T> = 0 extends 1 & T
  ? unknown
  : T extends LCAIMessageChunk
    ? AIMessageChunk
    : T extends LCBaseMessage
      ? BaseMessage
      : T extends BasePromptValueInterface
        ? ChatPromptValue | StringPromptValue
        : T extends readonly (infer E)[]
          ? FromLangChainValue<E>[]
          : T;

/**
 * Options of {@link fromLangChain}.
 *
 * @example
 * ```ts
 * const retriever = fromLangChain(vectorStore.asRetriever(), { name: 'docs' });
 * ```
 */
export interface FromLangChainOptions {
  /** The name reported in events (default: the LangChain runnable's `getName()`). */
  name?: string;
  /** The event kind (default: from its shape — chat model, retriever, prompt, parser, tool…). */
  kind?: EventKind;
  /** `snapshot` when each chunk is the whole value so far (default: LangChain's cumulative parsers). */
  chunkMode?: 'concat' | 'snapshot';
}

/**
 * A LangChain.js runnable as our Runnable; see {@link fromLangChain}. Its input chunks flow into
 * the LangChain runnable's `transform` as they arrive and its output chunks come out as they are
 * produced, converted into our types (an `AIMessageChunk` of LangChain becomes ours with every
 * field). While somebody subscribes to our events, a LangChain callback handler reports the
 * runnable's inner runs (a sequence's prompt, model and parser, a retriever, a tool) as our events
 * below this step.
 *
 * @example
 * ```ts
 * const lcChain = lcPrompt.pipe(new ChatOpenAI({ model: 'gpt-4o-mini' }));
 * const step = new FromLangChainRunnable(lcChain);
 * for await (const chunk of step.astream({ topic: 'rx' })) console.log(chunk.text);
 * ```
 */
export class FromLangChainRunnable<I = unknown, O = unknown> extends ForeignRunnable<I, O> {
  constructor(runnable: ForeignRunnableLike, options: FromLangChainOptions = {}) {
    super(runnable, {
      ...options,
      toForeignInput: toLangChainValue,
      fromForeignChunk: fromLangChainValue,
    });
  }

  protected override callOptions(ctx: RunContext, signal: AbortSignal): ForeignCallOptions {
    const options = super.callOptions(ctx, signal);
    const { events, runId } = ctx;
    if (events === undefined || runId === undefined) {
      // Explicit, so callbacks of an enclosing LangChain run (async-local) do not see inner runs twice.
      options.callbacks = [];
      return options;
    }
    options.runId = runId;
    options.callbacks = [
      new LangChainEventForwarder({ sink: events, runId, parentIds: ctx.parentIds }),
    ];
    return options;
  }
}

/**
 * Turns any @langchain/core runnable — a chat model, prompt, output parser, retriever, tool,
 * `RunnableLambda` or `RunnableSequence` — into our Runnable. Streaming is kept chunk by chunk
 * (a LangChain `AIMessageChunk` arrives as ours, losslessly), our `signal`, `timeoutMs` and
 * unsubscribe abort it, and its inner runs appear in our `streamEvents` under this step.
 *
 * Importing `rx-runnables/langchain` also makes `pipe`, `RunnableSequence.from` and every other
 * place that coerces a step use this adapter for LangChain objects, so wrapping is optional.
 *
 * @example
 * ```ts
 * import { ChatOpenAI } from '@langchain/openai';
 * import { fromLangChain } from 'rx-runnables/langchain';
 * import { ChatPromptTemplate, StringOutputParser } from 'rx-runnables/models';
 *
 * const prompt = ChatPromptTemplate.fromMessages([['human', '{question}']]);
 * const chain = prompt.pipe(fromLangChain(new ChatOpenAI())).pipe(new StringOutputParser());
 * ```
 */
export function fromLangChain<I, O>(
  runnable: RunnableInterface<I, O>,
  options: FromLangChainOptions = {},
): Runnable<I | FromLangChainValue<I>, FromLangChainValue<O>> {
  return new FromLangChainRunnable<I | FromLangChainValue<I>, FromLangChainValue<O>>(
    runnable,
    options,
  );
}
