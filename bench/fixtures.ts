/**
 * The in-memory workload shared by the benchmarks: a token list and LangChain's model over it.
 * @module
 */
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk as LcAIMessageChunk } from '@langchain/core/messages';
import type { BaseMessage as LcBaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk } from '@langchain/core/outputs';
import type { ChatResult } from '@langchain/core/outputs';
import { Observable } from 'rxjs';
import { AIMessageChunk } from 'rx-runnables/chunks';
import type { BaseMessage } from 'rx-runnables/chunks';
import { ChatModel } from 'rx-runnables/models';

/** `count` short tokens, a word boundary every fifth. */
export const tokenList = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => (i % 5 === 0 ? ' word' : `t${i % 10}`));

/** Our in-memory model: streams a fixed token list. */
export class ArrayModel extends ChatModel {
  constructor(private readonly tokens: readonly string[]) {
    super();
  }
  protected streamMessages(_messages: BaseMessage[]): Observable<AIMessageChunk> {
    return new Observable<AIMessageChunk>((subscriber) => {
      for (const content of this.tokens) {
        if (subscriber.closed) return;
        subscriber.next(new AIMessageChunk({ content }));
      }
      subscriber.complete();
    });
  }
}

/** LangChain's in-memory model: streams a fixed token list, no network, no timers. */
export class LcArrayModel extends BaseChatModel {
  constructor(private readonly tokens: readonly string[]) {
    super({});
  }
  _llmType(): string {
    return 'array';
  }
  async _generate(): Promise<ChatResult> {
    throw new Error('stream only');
  }
  override async *_streamResponseChunks(
    _messages: LcBaseMessage[],
  ): AsyncGenerator<ChatGenerationChunk> {
    for (const content of this.tokens) {
      yield new ChatGenerationChunk({ text: content, message: new LcAIMessageChunk({ content }) });
    }
  }
}

/** Consumes an async iterable, returning how many values it gave. */
export async function drain(iterable: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of iterable) n++;
  return n;
}
