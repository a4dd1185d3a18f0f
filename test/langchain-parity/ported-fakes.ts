// Stand-ins for the fakes of `@langchain/core/utils/testing` used by the ported cases, built on
// our public API only: an echoing text model, a character-streaming text model and an echoing
// chat model.
import { of, type Observable } from 'rxjs';
import { RunnableLambda, type Runnable } from '../../src/core';
import { AIMessageChunk, type BaseMessage } from '../../src/chunks';
import { ChatModel } from '../../src/models';

interface FakeTextOptions {
  /** Replies in turn instead of echoing the prompt (LangChain's `responses`). */
  readonly responses?: readonly string[];
  /** Throw this message instead of answering (LangChain's `thrownErrorString`). */
  readonly thrownErrorString?: string;
}

function replier(options: FakeTextOptions): (prompt: unknown) => string {
  let call = 0;
  return (prompt) => {
    if (options.thrownErrorString !== undefined) throw new Error(options.thrownErrorString);
    const responses = options.responses;
    if (responses && responses.length > 0) return responses[call++ % responses.length] ?? '';
    return String(prompt);
  };
}

/** LangChain's `FakeLLM`: answers its prompt (a prompt value as its transcript) in one chunk. */
export function fakeLLM(options: FakeTextOptions = {}): Runnable<unknown, string> {
  const reply = replier(options);
  return RunnableLambda.from((prompt: unknown) => reply(prompt));
}

/** LangChain's `FakeStreamingLLM`: the same answer, one character per chunk. */
export function fakeStreamingLLM(options: FakeTextOptions = {}): Runnable<unknown, string> {
  const reply = replier(options);
  return RunnableLambda.from(function* (prompt: unknown): Generator<string> {
    yield* reply(prompt);
  });
}

/**
 * LangChain's `FakeChatModel`: its reply is the prompt's messages' content joined by newlines
 * (content blocks as indented JSON).
 */
export class FakeChatModel extends ChatModel {
  protected streamMessages(messages: BaseMessage[]): Observable<AIMessageChunk> {
    const texts = messages.map(({ content }) =>
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
    return of(new AIMessageChunk(texts.join('\n')));
  }
}

/** LangChain's `FakeListChatModel`: its replies in turn, one character per chunk. */
export class FakeListChatModel extends ChatModel {
  private call = 0;
  constructor(private readonly responses: readonly string[]) {
    super();
  }

  protected streamMessages(): Observable<AIMessageChunk> {
    const text = this.responses[this.call++ % this.responses.length] ?? '';
    return of(...[...text].map((char) => new AIMessageChunk(char)));
  }
}

/** Every value an async iterable yields, in order. */
export async function drainAll<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}
