import { Document as LangChainDocument } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import { FakeEmbeddings } from '@langchain/core/utils/testing';
import { FakeVectorStore } from '@langchain/core/utils/testing';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import {
  InMemoryRetriever,
  RetrieverAdapter,
  isRetrieverLike,
  toDocuments,
  toRetriever,
} from '../../src/rag';

class KeywordRetriever extends BaseRetriever {
  override lc_namespace = ['test'];
  override _getRelevantDocuments(query: string): Promise<LangChainDocument[]> {
    return Promise.resolve([
      new LangChainDocument({ pageContent: `about ${query}`, metadata: { n: 1 }, id: 'k1' }),
    ]);
  }
}

describe('toDocuments', () => {
  it('normalises documents, strings, content/text objects; skips values without text', () => {
    expect(
      toDocuments([
        { pageContent: 'a', metadata: { x: 1 }, id: 7 },
        'b',
        { content: 'c' },
        { text: 'd', metadata: 'not an object' },
        { nothing: true },
        42,
      ]),
    ).toEqual([
      { pageContent: 'a', metadata: { x: 1 }, id: '7' },
      { pageContent: 'b', metadata: {} },
      { pageContent: 'c', metadata: {} },
      { pageContent: 'd', metadata: {} },
    ]);
    expect(toDocuments(undefined)).toEqual([]);
    expect(toDocuments('single')).toEqual([{ pageContent: 'single', metadata: {} }]);
  });
});

describe('toRetriever', () => {
  it('returns a Runnable retriever as is', () => {
    const retriever = new InMemoryRetriever();
    expect(toRetriever(retriever)).toBe(retriever);
  });

  it('adapts a LangChain.js BaseRetriever, keeping its class name for events', async () => {
    const retriever = toRetriever(new KeywordRetriever());
    expect(await retriever.invoke('rx')).toEqual([
      { pageContent: 'about rx', metadata: { n: 1 }, id: 'k1' },
    ]);
    const events = await firstValueFrom(retriever.streamEvents('rx').pipe(toArray()));
    expect(events.map((e) => `${e.event}:${e.name}`)).toEqual([
      'on_retriever_start:KeywordRetriever',
      'on_retriever_end:KeywordRetriever',
    ]);
  });

  it('adapts a LangChain.js vector store retriever', async () => {
    const store = new FakeVectorStore(new FakeEmbeddings());
    await store.addDocuments([
      new LangChainDocument({ pageContent: 'first', metadata: { i: 1 } }),
      new LangChainDocument({ pageContent: 'second', metadata: { i: 2 } }),
    ]);
    const docs = await toRetriever(store.asRetriever(2)).invoke('first');
    expect(docs).toHaveLength(2);
    expect(docs.map((d) => d.pageContent).sort()).toEqual(['first', 'second']);
  });

  it('adapts getRelevantDocuments, _getRelevantDocuments, retrieve and plain functions, sync or async', async () => {
    const shapes = [
      { getRelevantDocuments: (q: string) => Promise.resolve([{ pageContent: q, metadata: {} }]) },
      { _getRelevantDocuments: (q: string) => [{ pageContent: q, metadata: {} }] },
      { retrieve: async (q: string) => [q] },
      (q: string) => [{ content: q }],
    ];
    for (const shape of shapes) {
      expect(isRetrieverLike(shape)).toBe(true);
      expect(await toRetriever(shape).invoke('query')).toEqual([
        { pageContent: 'query', metadata: {} },
      ]);
    }
  });

  it('passes an abort signal that fires when the run is cancelled', async () => {
    let seen: AbortSignal | undefined;
    const retriever = toRetriever({
      invoke: (_q: string, options?: { signal?: AbortSignal }) => {
        seen = options?.signal;
        return new Promise<never>(() => undefined);
      },
    });
    const subscription = retriever.stream('q').subscribe();
    expect(seen?.aborted).toBe(false);
    subscription.unsubscribe();
    expect(seen?.aborted).toBe(true);
  });

  it('turns a throwing or rejecting retriever into a stream error', async () => {
    await expect(
      toRetriever({
        retrieve: () => {
          throw new Error('index down');
        },
      }).invoke('q'),
    ).rejects.toThrow('index down');
    await expect(
      toRetriever({ retrieve: () => Promise.reject(new Error('late')) }).invoke('q'),
    ).rejects.toThrow('late');
  });

  it('rejects something that is not a retriever with INVALID_CONFIG', () => {
    expect(isRetrieverLike({ search: () => [] })).toBe(false);
    let caught: unknown;
    try {
      new RetrieverAdapter({ search: () => [] } as never);
    } catch (error) {
      caught = error;
    }
    expect(RxRunnablesError.isInstance(caught) && caught.code).toBe('INVALID_CONFIG');
  });
});
