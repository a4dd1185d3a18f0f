import { inspect } from 'node:util';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { of } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { RunnableLambda, RxRunnablesError } from '../../src/core';
import { DemoChatModel } from '../../src/models/demo-chat-model';
import { StreamingRAG } from '../../src/rag';
import type { StreamEvent } from '../../src/rag';
import { DOCS, asyncModel, fixedRetriever, syncModel } from './rag-fixtures';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return RxRunnablesError.isInstance(error) ? error.code : 'untyped';
  }
  return undefined;
}

describe('strategy 1: native async streaming', () => {
  it('streams an astream async generator token by token', async () => {
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm: asyncModel(['Hel', 'lo']) });
    expect(rag.llmMode).toBe('async');
    expect(String(rag)).toBe('StreamingRAG(llm=async, chunkSize=10)');
    expect(await rag.invoke('q')).toBe('Hello');
  });

  it('accepts an astream that returns an Observable or a promise of an async iterable', async () => {
    const observable = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: { astream: () => of('a', 'b') },
    });
    expect(await observable.invoke('q')).toBe('ab');
    async function* gen() {
      yield 'x';
      yield 'y';
    }
    const promised = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: { astream: async () => gen() },
    });
    expect(await promised.invoke('q')).toBe('xy');
  });

  it('streams our ChatModel (the demo model) and takes the text of its message chunks', async () => {
    const llm = new DemoChatModel();
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm });
    expect(rag.llmMode).toBe('async');
    const { answer, events } = await rag.query('How does unsubscribing cancel the run?');
    expect(answer).toContain('Unsubscribing cancels the run');
    expect(events.filter((e) => e.isChunk).length).toBeGreaterThan(1);
  });

  it('streams any Runnable of ours, such as a generator lambda', async () => {
    const llm = new RunnableLambda(async function* (prompt: string) {
      yield 'prompt has ';
      yield `${prompt.length} chars`;
    });
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm });
    expect(await rag.invoke('q')).toMatch(/^prompt has \d+ chars$/);
  });

  it('streams a LangChain.js chat model (stream() returns a promise of a stream of message chunks)', async () => {
    const llm = new FakeListChatModel({ responses: ['Lang chain answer'] });
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm });
    expect(rag.llmMode).toBe('async');
    const { answer, events } = await rag.query('q');
    expect(answer).toBe('Lang chain answer');
    expect(events.filter((e) => e.isChunk).length).toBeGreaterThan(1);
  });
});

describe('strategy 2: sync streaming, bridged', () => {
  it('streams a generator stream() and reports llm=sync', async () => {
    const llm = syncModel(['a', 'b', 'c']);
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm, chunkSize: 5 });
    expect(rag.llmMode).toBe('sync');
    expect(String(rag)).toBe('StreamingRAG(llm=sync, chunkSize=5)');
    expect(await rag.invoke('q')).toBe('abc');
    expect(llm.record.closed).toBe(true);
  });

  it('lets the event loop run between two tokens', async () => {
    const order: string[] = [];
    const llm = {
      *stream(): Generator<string> {
        yield 'first';
        order.push('model resumed');
        yield 'second';
      },
    };
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm,
      // A macrotask queued when the first token arrives runs before the model is asked again.
      onChunk: (text) => {
        if (text === 'first') setImmediate(() => order.push('macrotask'));
      },
    });
    await rag.invoke('q');
    expect(order).toEqual(['macrotask', 'model resumed']);
  });

  it('closes the generator when the consumer stops early', async () => {
    const llm = syncModel(['a', 'b', 'c', 'd']);
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm });
    for await (const chunk of rag.astream('q')) {
      expect(chunk).toBe('a');
      break;
    }
    await vi.waitFor(() => expect(llm.record.closed).toBe(true));
  });

  it('consumes natively a plain stream() that turns out to return an async iterable', async () => {
    async function* gen() {
      yield 'async ';
      yield 'after all';
    }
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm: { stream: () => gen() } });
    expect(rag.llmMode).toBe('sync');
    expect(await rag.invoke('q')).toBe('async after all');
  });
});

describe('strategy 3: simulation from generate(query, context)', () => {
  it('splits the answer into chunkSize-word chunks, simDelayMs apart', async () => {
    vi.useFakeTimers();
    try {
      const rag = new StreamingRAG({
        retriever: { retrieve: () => DOCS },
        generate: () => 'one two three four five six seven',
        config: { chunkSize: 3, simDelayMs: 100 },
      });
      expect(String(rag)).toBe('StreamingRAG(llm=sim, chunkSize=3)');
      const chunks: string[] = [];
      rag.stream('q').subscribe((c) => chunks.push(c));
      await vi.advanceTimersByTimeAsync(0);
      expect(chunks).toEqual(['one two three ']);
      await vi.advanceTimersByTimeAsync(99);
      expect(chunks).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(chunks).toEqual(['one two three ', 'four five six ']);
      await vi.advanceTimersByTimeAsync(100);
      expect(chunks.join('')).toBe('one two three four five six seven');
    } finally {
      vi.useRealTimers();
    }
  });

  it('uses the retriever object’s own generate and llm, like the reference’s RAG backend', async () => {
    const calls: unknown[][] = [];
    const backend = {
      retrieve: () => DOCS,
      generate: (query: string, context: unknown) => {
        calls.push([query, context]);
        return { answer: `answer to ${query}` };
      },
    };
    const rag = new StreamingRAG({ retriever: backend, config: { simDelayMs: 0 } });
    expect(rag.llmMode).toBe('sim');
    expect(await rag.invoke('why', { context: { user: 'ana' } })).toBe('answer to why');
    expect(calls).toEqual([['why', { user: 'ana' }]]);
    const backendWithLlm = { ...backend, llm: asyncModel(['from llm']) };
    const withLlm = new StreamingRAG({ retriever: backendWithLlm });
    expect(withLlm.llmMode).toBe('async');
    expect(await withLlm.invoke('q')).toBe('from llm');
  });

  it('forwards the context on every surface and gives generate the documents and prompt', async () => {
    const seen: unknown[] = [];
    const rag = new StreamingRAG({
      retriever: { retrieve: () => DOCS },
      generate: (_q, context, info) => {
        seen.push(context);
        expect(info.docs).toHaveLength(2);
        expect(info.prompt).toContain(DOCS[0]!.pageContent);
        return 'ok';
      },
      config: { simDelayMs: 0 },
    });
    const context = { tenant: 't1' };
    await rag.query('q', { context });
    await rag.invoke('q', { configurable: { context } });
    const events: StreamEvent[] = [];
    for await (const event of rag.astreamEvents('q', { context })) events.push(event);
    expect(seen).toEqual([context, context, context]);
  });

  it('falls back to simulation when the llm cannot stream but a generate exists', () => {
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: { complete: () => 'x' } as never,
      generate: () => 'x',
    });
    expect(rag.llmMode).toBe('sim');
  });

  it('reports a generate that returns neither a string nor { answer } as a generation error', async () => {
    const rag = new StreamingRAG({ retriever: fixedRetriever(), generate: () => 42 });
    const { events } = await rag.query('q');
    expect(events.at(-1)?.data).toMatchObject({ stage: 'generation' });
  });
});

describe('choosing a strategy', () => {
  it('throws NO_LLM, asking for an LLM, when nothing can generate', () => {
    expect(codeOf(() => new StreamingRAG({ retriever: fixedRetriever() }))).toBe('NO_LLM');
    expect(() => new StreamingRAG({ retriever: fixedRetriever() })).toThrow(/provide an LLM/);
    expect(codeOf(() => new StreamingRAG({ retriever: fixedRetriever(), llm: {} as never }))).toBe(
      'NO_LLM',
    );
  });

  it('throws INVALID_CONFIG for a missing or unusable retriever', () => {
    expect(codeOf(() => new StreamingRAG({} as never))).toBe('INVALID_CONFIG');
    expect(
      codeOf(
        () => new StreamingRAG({ retriever: { find: () => [] } as never, generate: () => '' }),
      ),
    ).toBe('INVALID_CONFIG');
  });

  it('shows the strategy and chunk size in inspect and console.log', () => {
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      generate: () => '',
      config: { chunkSize: 7 },
    });
    expect(inspect(rag)).toBe('StreamingRAG(llm=sim, chunkSize=7)');
  });
});
