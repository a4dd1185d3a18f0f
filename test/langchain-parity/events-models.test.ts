// streamEvents v2 of models and retrievers, on @langchain/core 1.x and on ours.
import { Document as LCDocument } from '@langchain/core/documents';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage as LCAIMessage } from '@langchain/core/messages';
import type { BaseMessage as LCBaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { RunnableLambda as LCLambda } from '@langchain/core/runnables';
import type { RunnableConfig } from '@langchain/core/runnables';
import {
  FakeListChatModel as LCFakeListChatModel,
  FakeRetriever as LCFakeRetriever,
  FakeStreamingLLM as LCFakeStreamingLLM,
} from '@langchain/core/utils/testing';
import { Observable, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import { Runnable, RunnableLambda } from '../../src/core';
import type { LambdaConfig } from '../../src/core';
import { ChatModel } from '../../src/models';
import { RetrieverAdapter } from '../../src/rag';
import { FakeListChatModel, comparable, drain } from './events-support';

/** A LangChain chat model that cannot stream: it implements `_generate` only. */
class WholeModel extends BaseChatModel {
  _llmType(): string {
    return 'whole';
  }
  async _generate(_messages: LCBaseMessage[]): Promise<ChatResult> {
    const message = new LCAIMessage('whole answer');
    return { generations: [{ message, text: 'whole answer' }] };
  }
}

/** Ours: a model whose answer comes in one chunk. */
class OneChunkModel extends ChatModel {
  protected streamMessages(): Observable<AIMessageChunk> {
    return of(new AIMessageChunk('whole answer'));
  }
}

/** Ours: an `llm` step streaming its text character by character, named as LangChain's fake. */
class FakeStreamingLLM extends Runnable<string, string> {
  override readonly eventKind = 'llm' as const;
  protected transform(input$: Observable<string>): Observable<string> {
    return new Observable<string>((subscriber) =>
      input$.subscribe({
        complete: () => {
          for (const ch of 'ab') subscriber.next(ch);
          subscriber.complete();
        },
      }),
    );
  }
}

/** Ours: a retriever named as LangChain's fake, returning the same documents. */
class FakeRetriever {
  retrieve(): { pageContent: string; metadata: Record<string, unknown> }[] {
    return [{ pageContent: 'doc one', metadata: { source: 'a.md' } }];
  }
}
const lcRetriever = () =>
  new LCFakeRetriever({
    output: [new LCDocument({ pageContent: 'doc one', metadata: { source: 'a.md' } })],
  });

describe('streamEvents v2: models', () => {
  it('a chat model invoked inside a streamed run reports its stream events', async () => {
    const lc = LCLambda.from(
      async (q: string, config?: RunnableConfig) =>
        (await new LCFakeListChatModel({ responses: ['ab'] }).invoke(q, config)).content,
    );
    const ours = RunnableLambda.from(
      async (q: string, config: LambdaConfig) =>
        (await new FakeListChatModel('ab').invoke(q, config)).content,
    );
    const lcEvents = comparable(await drain(lc.streamEvents('q', { version: 'v2' })));
    const ourEvents = comparable(await drain(ours.streamEvents('q', { version: 'v2' })));
    expect(ourEvents).toEqual(lcEvents);
    expect(ourEvents.filter((e) => e.event === 'on_chat_model_stream')).toHaveLength(2);
  });

  it('a model that cannot stream: LangChain reports no stream event, we report one (a difference)', async () => {
    const lc = LCLambda.from((q: string) => q).pipe(new WholeModel({}));
    const ours = RunnableLambda.from((q: string) => q).pipe(new OneChunkModel());
    const lcEvents = comparable(await drain(lc.streamEvents('q', { version: 'v2' })));
    const ourEvents = comparable(await drain(ours.streamEvents('q', { version: 'v2' })));
    expect(lcEvents.filter((e) => e.event === 'on_chat_model_stream')).toEqual([]);
    const streamed = ourEvents.filter((e) => e.event === 'on_chat_model_stream');
    expect(streamed.map((e) => e.data)).toEqual([
      { chunk: { type: 'ai', content: 'whole answer' } },
    ]);
    // Apart from that event (and the model's name), the same events of each run. (Our model's
    // chunk moves on as it arrives, so the sequence streams it before the model ends.)
    const rest = (events: typeof ourEvents) =>
      events
        .filter((e) => e.event !== 'on_chat_model_stream')
        .map((e) => ({ ...e, name: e.name.replace(/OneChunkModel|WholeModel/, 'Model') }))
        .sort((a, b) => a.run.localeCompare(b.run));
    expect(rest(ourEvents)).toEqual(rest(lcEvents));
  });

  it("an LLM run on its own: the caller's input, GenerationChunk-shaped chunks, generations out", async () => {
    const lcEvents = comparable(
      await drain(
        new LCFakeStreamingLLM({ responses: ['ab'] }).streamEvents('hello', { version: 'v2' }),
      ),
    );
    const ourEvents = comparable(
      await drain(new FakeStreamingLLM().streamEvents('hello', { version: 'v2' })),
    );
    expect(ourEvents).toEqual(lcEvents);
    expect(ourEvents.map((e) => e.data)).toEqual([
      { input: 'hello' },
      { chunk: { text: 'a' } },
      { chunk: { text: 'b' } },
      { output: { generations: [[{ text: 'ab', generationInfo: {} }]], llmOutput: {} } },
    ]);
  });

  it('an LLM in a sequence: { prompts } in its start and end events', async () => {
    const lc = LCLambda.from((q: string) => q).pipe(new LCFakeStreamingLLM({ responses: ['ab'] }));
    const ours = RunnableLambda.from((q: string) => q).pipe(new FakeStreamingLLM());
    const lcEvents = comparable(await drain(lc.streamEvents('hello', { version: 'v2' })));
    const ourEvents = comparable(await drain(ours.streamEvents('hello', { version: 'v2' })));
    expect(ourEvents).toEqual(lcEvents);
    expect(ourEvents.find((e) => e.event === 'on_llm_start')?.data).toEqual({
      input: { prompts: ['hello'] },
    });
  });
});

describe('streamEvents v2: retrievers', () => {
  it("run on its own: the caller's query in, the documents out", async () => {
    const lcEvents = comparable(await drain(lcRetriever().streamEvents('q', { version: 'v2' })));
    const ourEvents = comparable(
      await drain(new RetrieverAdapter(new FakeRetriever()).streamEvents('q', { version: 'v2' })),
    );
    expect(ourEvents).toEqual(lcEvents);
    expect(ourEvents.map((e) => e.data)).toEqual([
      { input: 'q' },
      { output: [{ pageContent: 'doc one', metadata: { source: 'a.md' } }] },
    ]);
  });

  it('in a sequence: { query } in the start and end events', async () => {
    const lc = LCLambda.from((q: string) => q).pipe(lcRetriever());
    const ours = RunnableLambda.from((q: string) => q).pipe(
      new RetrieverAdapter(new FakeRetriever()),
    );
    const lcEvents = comparable(await drain(lc.streamEvents('q', { version: 'v2' })));
    const ourEvents = comparable(await drain(ours.streamEvents('q', { version: 'v2' })));
    expect(ourEvents).toEqual(lcEvents);
    expect(ourEvents.find((e) => e.event === 'on_retriever_start')?.data).toEqual({
      input: { query: 'q' },
    });
  });
});
