import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { AIMessageChunk as LCAIMessageChunk } from '@langchain/core/messages';
import type { BaseMessage as LCBaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import type { ChatResult } from '@langchain/core/outputs';
import { from, lastValueFrom, toArray } from 'rxjs';
import { AIMessageChunk } from '../../src/chunks';
import type { BaseMessage } from '../../src/chunks';
import { ChatModel } from '../../src/models';
import type { ChatModelCallContext } from '../../src/models';
import type { Observable } from 'rxjs';
import type { RunEvent, RunOptions } from '../../src/core';

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface ScriptedModelOptions extends BaseChatModelParams {
  chunks: LCAIMessageChunk[];
  delayMs?: number;
  log?: string[];
}

/**
 * A real @langchain/core chat model (a BaseChatModel subclass) that streams the given chunks,
 * logging each one it produces and remembering the signal it was called with.
 */
export class ScriptedLCChatModel extends BaseChatModel {
  readonly chunks: LCAIMessageChunk[];
  readonly delayMs: number;
  readonly log: string[];
  readonly signals: (AbortSignal | undefined)[] = [];
  readonly prompts: LCBaseMessage[][] = [];

  constructor({ chunks, delayMs = 0, log = [], ...rest }: ScriptedModelOptions) {
    super(rest);
    this.chunks = chunks;
    this.delayMs = delayMs;
    this.log = log;
  }

  _llmType(): string {
    return 'scripted';
  }

  async _generate(
    messages: LCBaseMessage[],
    options: this['ParsedCallOptions'],
  ): Promise<ChatResult> {
    this.prompts.push(messages);
    this.signals.push(options.signal);
    const message = this.chunks.reduce((a, b) => a.concat(b));
    return { generations: [{ message, text: message.text }] };
  }

  override async *_streamResponseChunks(
    messages: LCBaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    this.prompts.push(messages);
    this.signals.push(options.signal);
    for (const [i, chunk] of this.chunks.entries()) {
      if (i > 0 && this.delayMs > 0) await sleep(this.delayMs, options.signal);
      this.log.push(`produce ${i}`);
      const generation = new ChatGenerationChunk({ message: chunk, text: chunk.text });
      await runManager?.handleLLMNewToken(chunk.text, undefined, undefined, undefined, undefined, {
        chunk: generation,
      });
      yield generation;
    }
    this.log.push('model done');
  }
}

/** Text chunks as LangChain AIMessageChunks. */
export function textChunks(...texts: string[]): LCAIMessageChunk[] {
  return texts.map((content) => new LCAIMessageChunk({ content }));
}

/** Every event of one `streamEvents` run (rejects if the run fails). */
export function eventsOf<I>(
  runnable: { streamEvents(input: I, options?: RunOptions): Observable<RunEvent> },
  input: I,
  options?: RunOptions,
): Promise<RunEvent[]> {
  return lastValueFrom(runnable.streamEvents(input, options).pipe(toArray()));
}

/**
 * A chat model of ours that streams the words of `reply` `delayMs` apart, logging each one it
 * produces and the messages it was called with; it stops when the run's signal aborts.
 */
export class WordModel extends ChatModel {
  readonly log: string[];
  readonly calls: { messages: BaseMessage[]; signal: AbortSignal }[] = [];

  constructor(
    private readonly reply: string | AIMessageChunk[],
    private readonly delayMs = 0,
    log: string[] = [],
  ) {
    super();
    this.log = log;
  }

  protected streamMessages(
    messages: BaseMessage[],
    ctx: ChatModelCallContext,
  ): Observable<AIMessageChunk> {
    this.calls.push({ messages, signal: ctx.signal });
    const chunks =
      typeof this.reply === 'string'
        ? this.reply.split(/(?<= )/).map((word) => new AIMessageChunk(word))
        : this.reply;
    const log = this.log;
    const delayMs = this.delayMs;
    return from(
      (async function* () {
        for (const [i, chunk] of chunks.entries()) {
          if (i > 0 && delayMs > 0) await sleep(delayMs, ctx.signal);
          log.push(`produce ${i}`);
          yield chunk;
        }
        log.push('model done');
      })(),
    );
  }
}
