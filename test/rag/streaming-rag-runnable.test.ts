import { describe, expect, it } from 'vitest';
import { Runnable, RunnableLambda } from '../../src/core';
import type { RunEvent } from '../../src/core';
import { DemoChatModel } from '../../src/models/demo-chat-model';
import { InMemoryRetriever, StreamingRAG } from '../../src/rag';
import { asyncModel, collectAll, fixedRetriever } from './rag-fixtures';

const retriever = () =>
  new InMemoryRetriever({
    documents: [
      'Unsubscribing cancels the run. It aborts the request.',
      'Retries repeat a failed step.',
    ],
  });

function byName(events: RunEvent[], name: string): RunEvent[] {
  return events.filter((e) => e.name === name);
}

describe('StreamingRAG as a Runnable', () => {
  it('is a Runnable<string, string> that pipes both ways and streams through the pipe', async () => {
    const rag = new StreamingRAG({ retriever: retriever(), llm: asyncModel(['a', 'b', 'c']) });
    expect(rag).toBeInstanceOf(Runnable);
    const chain = new RunnableLambda((q: string) => q.trim()).pipe(rag);
    expect(await collectAll(chain.stream('  why? '))).toEqual(['a', 'b', 'c']);
    expect(await chain.pipe((s: string) => s.toUpperCase()).invoke('why')).toBe('ABC');
  });

  it('nests on_retriever_* and on_chat_model_* events under its own run in a pipe', async () => {
    const rag = new StreamingRAG({ retriever: retriever(), llm: new DemoChatModel() });
    const chain = new RunnableLambda((q: string) => q).pipe(rag);
    const events = await collectAll(chain.streamEvents('How does unsubscribing cancel the run?'));
    const [ragStart] = byName(events, 'StreamingRAG');
    expect(ragStart?.event).toBe('on_chain_start');
    const retrieverEvents = byName(events, 'InMemoryRetriever').map((e) => e.event);
    expect(retrieverEvents).toEqual(['on_retriever_start', 'on_retriever_end']);
    const modelEvents = byName(events, 'DemoChatModel').map((e) => e.event);
    expect(modelEvents[0]).toBe('on_chat_model_start');
    expect(modelEvents).toContain('on_chat_model_stream');
    expect(modelEvents.at(-1)).toBe('on_chat_model_end');
    for (const child of [
      ...byName(events, 'InMemoryRetriever'),
      ...byName(events, 'DemoChatModel'),
    ]) {
      expect(child.parentIds.at(-1)).toBe(ragStart?.runId);
    }
    const end = byName(events, 'StreamingRAG').at(-1);
    expect(end?.event).toBe('on_chain_end');
    expect(end?.data.output).toContain('Unsubscribing cancels the run');
  });

  it('gives its v2 events directly with streamEvents(query, { version: "v2" })', async () => {
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm: asyncModel(['x', 'y']) });
    const events = await collectAll(rag.streamEvents('q', { version: 'v2' }));
    expect(events.map((e) => `${e.event}:${e.name}`)).toEqual([
      'on_chain_start:StreamingRAG',
      'on_retriever_start:RetrieverAdapter',
      'on_retriever_end:RetrieverAdapter',
      'on_chat_model_start:LLM',
      // As in LangChain, a model's stream event follows the chunk downstream.
      'on_chain_stream:StreamingRAG',
      'on_chat_model_stream:LLM',
      'on_chain_stream:StreamingRAG',
      'on_chat_model_stream:LLM',
      'on_chat_model_end:LLM',
      'on_chain_end:StreamingRAG',
    ]);
  });

  it('reports the simulated strategy as on_llm_* events', async () => {
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      generate: () => 'one two',
      chunkSize: 1,
      config: { simDelayMs: 0 },
    });
    const events = await collectAll(rag.streamEvents('q', { version: 'v2' }));
    expect(byName(events, 'SimulatedGeneration').map((e) => e.event)).toEqual([
      'on_llm_start',
      'on_llm_stream',
      'on_llm_stream',
      'on_llm_end',
    ]);
  });

  it('fails the pipe with a typed error (so retries and fallbacks apply)', async () => {
    let calls = 0;
    const rag = new StreamingRAG({
      retriever: {
        retrieve: () => {
          calls += 1;
          return calls === 1 ? Promise.reject(new Error('flaky')) : [];
        },
      },
      llm: asyncModel(['recovered']),
    });
    await expect(rag.invoke('q')).rejects.toMatchObject({ code: 'RETRIEVAL', message: 'flaky' });
    calls = 0;
    expect(await rag.withRetry({ attempts: 2 }).invoke('q')).toBe('recovered');
  });

  it('rejects a non-string input with INVALID_INPUT', async () => {
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm: asyncModel(['x']) });
    const chain = new RunnableLambda(() => ({ not: 'a string' }) as unknown as string).pipe(rag);
    await expect(chain.invoke('q')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
