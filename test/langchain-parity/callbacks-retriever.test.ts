// Retriever callbacks: handleRetrieverStart with the query and handleRetrieverEnd with the
// documents, on LangChain's retriever and ours; and a map's branches ending with { inputs }.
import { Document } from '@langchain/core/documents';
import {
  RunnableParallel as LCParallel,
  RunnablePassthrough as LCPassthrough,
} from '@langchain/core/runnables';
import { FakeRetriever } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { RunnableParallel, RunnablePassthrough } from '../../src/core';
import { RetrieverAdapter } from '../../src/rag';
import { normalize, recorder } from './callbacks-support';
import { drain } from './support';

/** Our retriever over the same documents: LangChain's fake retriever adapted. */
const ours = () =>
  new RetrieverAdapter(new FakeRetriever({ output: [new Document({ pageContent: 'foo' })] }));
const theirs = () => new FakeRetriever({ output: [new Document({ pageContent: 'foo' })] });

describe('retriever callbacks', () => {
  it.each(['invoke', 'stream'] as const)(
    '%s(): the same calls with query and documents',
    async (surface) => {
      const lc = recorder();
      const rx = recorder();
      if (surface === 'invoke') {
        await theirs().invoke('q', { callbacks: [lc.handler], tags: ['t'] });
        await ours().invoke('q', { callbacks: [rx.handler], tags: ['t'] });
      } else {
        await drain(await theirs().stream('q', { callbacks: [lc.handler], tags: ['t'] }));
        await drain(ours().stream('q', { callbacks: [rx.handler], tags: ['t'] }));
      }
      expect(lc.calls.map((c) => c[0])).toEqual(['handleRetrieverStart', 'handleRetrieverEnd']);
      expect(normalize(rx.calls)).toEqual(normalize(lc.calls));
    },
  );

  it("a map's passthrough branch streamed: { input: '' } at start, { inputs } at its end", async () => {
    const lc = recorder();
    await drain(
      await LCParallel.from({ question: new LCPassthrough() }).stream('q', {
        callbacks: [lc.handler],
      }),
    );
    const rx = recorder();
    await drain(
      RunnableParallel.from({ question: new RunnablePassthrough<string>() }).stream('q', {
        callbacks: [rx.handler],
      }),
    );
    const ends = (calls: typeof lc.calls) =>
      normalize(calls).filter((c) => (c as unknown[])[0] === 'handleChainEnd');
    expect(ends(rx.calls)[0]).toEqual(ends(lc.calls)[0]);
  });
});
