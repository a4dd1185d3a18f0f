// Shared by the parity tests: the same case run on @langchain/core and on ours.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { StringOutputParser as LCParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LCPrompt } from '@langchain/core/prompts';
import { Observable } from 'rxjs';
import { AIMessageChunk } from '../../src/chunks';
import type { BaseMessage } from '../../src/chunks';
import { ChatModel, ChatPromptTemplate, StringOutputParser } from '../../src/models';

/** Every value an async iterable yields, in order. */
export async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

/**
 * Our counterpart of LangChain's `FakeListChatModel`: streams its reply character by character,
 * under the same name.
 */
export class FakeListChatModel extends ChatModel {
  constructor(private readonly reply: string) {
    super();
  }
  protected streamMessages(_messages: BaseMessage[]): Observable<AIMessageChunk> {
    return new Observable<AIMessageChunk>((subscriber) => {
      for (const ch of this.reply) subscriber.next(new AIMessageChunk(ch));
      subscriber.complete();
    });
  }
}

/** LangChain's prompt (one human message, `template`) | model | string parser. */
export const lcChainOf = (model: BaseChatModel, template = '{q}') =>
  LCPrompt.fromMessages([['human', template]])
    .pipe(model)
    .pipe(new LCParser());

/** Our prompt (one human message, `template`) | model | string parser. */
export const ourChainOf = (model: ChatModel, template = '{q}') =>
  ChatPromptTemplate.fromMessages([['human', template]])
    .pipe(model)
    .pipe(new StringOutputParser());

/** A message shaped as an old `@langchain/core` made it (no class of any installed version). */
export class AIMessageV0 {
  lc_namespace = ['langchain_core', 'messages'];
  lc_serializable = true;
  constructor(readonly content: string) {}
  _getType(): string {
    return 'ai';
  }
}

/**
 * An object that implements LangChain's `RunnableInterface` without being a `Runnable` of any
 * version: `invoke` works, `stream` and `transform` are not implemented (LangChain's own
 * runnable_interface test uses the same shape).
 */
export class InterfaceOnlyModel {
  lc_serializable = true;
  protected lc_runnable = true;
  calls: string[] = [];

  async invoke(input: { toString(): string }): Promise<AIMessageV0> {
    this.calls.push('invoke');
    return new AIMessageV0(input.toString());
  }

  async batch(inputs: { toString(): string }[]): Promise<AIMessageV0[]> {
    this.calls.push('batch');
    return Promise.all(inputs.map((input) => this.invoke(input)));
  }

  async stream(): Promise<AsyncIterable<AIMessageV0>> {
    this.calls.push('stream');
    throw new Error('Not implemented');
  }

  // eslint-disable-next-line require-yield
  async *transform(): AsyncGenerator<AIMessageV0> {
    this.calls.push('transform');
    throw new Error('Not implemented');
  }

  getName(): string {
    return 'TEST';
  }

  get lc_id(): string[] {
    return ['TEST'];
  }
}
