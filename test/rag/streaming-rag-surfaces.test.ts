import { describe, expect, it, vi } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { StreamingRAG } from '../../src/rag';
import type { Document, StreamEvent } from '../../src/rag';
import { DOCS, asyncModel, collectAll, fixedRetriever, sleep } from './rag-fixtures';

describe('StreamingRAG surfaces', () => {
  it('stream, astream, invoke, streamEvents, astreamEvents and query agree', async () => {
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: asyncModel(['The ', 'answer.']),
    });
    expect(await collectAll(rag.stream('q'))).toEqual(['The ', 'answer.']);
    const streamed: string[] = [];
    for await (const chunk of rag.astream('q')) streamed.push(chunk);
    expect(streamed).toEqual(['The ', 'answer.']);
    expect(await rag.invoke('q')).toBe('The answer.');
    const events = await collectAll(rag.streamEvents('q'));
    expect(events.join('')).toBe('The answer.');
    const iterated: StreamEvent[] = [];
    for await (const event of rag.astreamEvents('q')) iterated.push(event);
    expect(iterated.map((e) => e.type)).toEqual(events.map((e) => e.type));
    const result = await rag.query('q');
    expect(result.answer).toBe('The answer.');
    expect(result.events.map((e) => e.type)).toEqual(events.map((e) => e.type));
  });

  it('is cold: nothing runs before subscription, and each subscription is one run', async () => {
    const llm = asyncModel(['x']);
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm });
    const stream = rag.streamEvents('q');
    await sleep(5);
    expect(llm.record.prompts).toHaveLength(0);
    await collectAll(stream);
    await collectAll(stream);
    expect(llm.record.prompts).toHaveLength(2);
    expect(rag.stats.totalStreams).toBe(2);
  });
});

describe('StreamingRAG context truncation', () => {
  const many: Document[] = Array.from({ length: 8 }, (_, i) => ({
    pageContent: `${'x'.repeat(20)}doc${i}-tail`,
    metadata: { source: `d${i}.md` },
  }));

  it('reports numDocs before truncation, and uses maxContextDocs documents cut to maxDocChars', async () => {
    const llm = asyncModel(['ok']);
    const rag = new StreamingRAG({
      retriever: fixedRetriever(many),
      llm,
      config: { maxContextDocs: 3, maxDocChars: 24 },
    });
    const events = await collectAll(rag.streamEvents('q'));
    const done = events[1];
    if (done?.type !== 'retrieval_done') return expect.unreachable();
    expect(done.data.numDocs).toBe(8);
    expect(done.data.docs.map((d) => d.pageContent)).toEqual([
      `${'x'.repeat(20)}doc0`,
      `${'x'.repeat(20)}doc1`,
      `${'x'.repeat(20)}doc2`,
    ]);
    expect(done.data.docs[2]?.metadata).toEqual({ source: 'd2.md' });
    const prompt = llm.record.prompts[0] ?? '';
    expect(prompt).toContain('doc2');
    expect(prompt).not.toContain('doc3');
    expect(prompt).not.toContain('-tail');
    expect(many[0]?.pageContent).toContain('-tail');
  });

  it('uses a custom prompt template and reports its length', async () => {
    const llm = asyncModel(['ok']);
    const rag = new StreamingRAG({
      retriever: fixedRetriever([{ pageContent: 'CTX', metadata: {} }]),
      llm,
      config: { promptTemplate: 'C={context} Q={query}' },
    });
    const { events } = await rag.query('why');
    expect(llm.record.prompts).toEqual(['C=[1] CTX Q=why']);
    expect(events[2]?.data).toEqual({ promptChars: 'C=[1] CTX Q=why'.length });
  });

  it('copies its config at construction', async () => {
    const config = { maxContextDocs: 1 };
    const rag = new StreamingRAG({
      retriever: fixedRetriever(many),
      llm: asyncModel(['ok']),
      config,
      chunkSize: 4,
    });
    config.maxContextDocs = 8;
    expect(rag.config.maxContextDocs).toBe(1);
    expect(rag.config.chunkSize).toBe(4);
  });
});

describe('StreamingRAG callbacks', () => {
  it('fires onChunk before each CHUNK and onEvent before every event is delivered', async () => {
    const log: string[] = [];
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: asyncModel(['a', 'b']),
      onChunk: (text) => log.push(`onChunk ${text}`),
      onEvent: (event) => log.push(`onEvent ${event.type}`),
    });
    rag.streamEvents('q').subscribe((event) => log.push(`deliver ${event.type}`));
    await vi.waitFor(() => expect(log.at(-1)).toBe('deliver generation_done'));
    expect(log).toEqual([
      'onEvent retrieval_start',
      'deliver retrieval_start',
      'onEvent retrieval_done',
      'deliver retrieval_done',
      'onEvent generation_start',
      'deliver generation_start',
      'onChunk a',
      'onEvent chunk',
      'deliver chunk',
      'onChunk b',
      'onEvent chunk',
      'deliver chunk',
      'onEvent generation_done',
      'deliver generation_done',
    ]);
  });

  it('fires on every surface, text surfaces included', async () => {
    const counts = { chunks: 0, events: 0 };
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: asyncModel(['a', 'b']),
      onChunk: () => (counts.chunks += 1),
      onEvent: () => (counts.events += 1),
    });
    await rag.invoke('q');
    await collectAll(rag.stream('q'));
    for await (const _ of rag.astream('q')) void _;
    await rag.query('q');
    // Per run: 3 lifecycle events, 2 chunks, GENERATION_DONE.
    expect(counts).toEqual({ chunks: 8, events: 4 * 6 });
  });

  it('does not catch a callback error: it ends the stream and the model is closed', async () => {
    const llm = asyncModel(['a', 'b', 'c'], { gapMs: 1 });
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm,
      onChunk: (text) => {
        if (text === 'b') throw new Error('callback failed');
      },
    });
    await expect(rag.query('q')).rejects.toThrow('callback failed');
    await vi.waitFor(() => expect(llm.record.closed).toBe(true));
    expect(rag.stats.totalErrors).toBe(0);
  });
});

describe('StreamingRAG stats', () => {
  it('counts streams, chunks and errors, and averages latency over completed streams', async () => {
    let fail = false;
    const rag = new StreamingRAG({
      retriever: {
        retrieve: () => (fail ? Promise.reject(new Error('down')) : DOCS),
      },
      llm: asyncModel(['a', 'b', 'c']),
    });
    expect(rag.stats).toEqual({
      totalStreams: 0,
      totalChunks: 0,
      totalErrors: 0,
      avgStreamLatencyS: 0,
    });
    const first = await rag.query('q');
    await rag.query('q');
    fail = true;
    await rag.query('q');
    const stats = rag.stats;
    expect([stats.totalStreams, stats.totalChunks, stats.totalErrors]).toEqual([3, 6, 1]);
    const done = first.events.at(-1);
    expect(done?.type).toBe('generation_done');
    expect(stats.avgStreamLatencyS).toBeGreaterThanOrEqual(0);
    expect(Math.round(stats.avgStreamLatencyS * 1000) / 1000).toBe(stats.avgStreamLatencyS);
  });

  it('averages exactly the totalLatency of completed streams', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'],
    });
    try {
      const rag = new StreamingRAG({
        retriever: { retrieve: () => DOCS },
        generate: () => 'w1 w2 w3',
        config: { chunkSize: 1, simDelayMs: 500 },
      });
      const runs = [rag.query('q'), rag.query('q')];
      await vi.advanceTimersByTimeAsync(2_000);
      const results = await Promise.all(runs);
      const totals = results.map((r) => {
        const done = r.events.at(-1);
        return done?.type === 'generation_done' ? done.data.totalLatency : NaN;
      });
      expect(totals).toEqual([1, 1]);
      expect(rag.stats.avgStreamLatencyS).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('StreamingRAG emitMetadata: false', () => {
  it('emits only CHUNK events, to consumers and to onEvent alike', async () => {
    const seen: string[] = [];
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: asyncModel(['a', 'b']),
      config: { emitMetadata: false },
      onEvent: (e) => seen.push(e.type),
    });
    const events = await collectAll(rag.streamEvents('q'));
    expect(events.map((e) => e.type)).toEqual(['chunk', 'chunk']);
    expect(seen).toEqual(['chunk', 'chunk']);
    expect(events.join('')).toBe('ab');
    expect(await rag.invoke('q')).toBe('ab');
  });

  it('turns a failure into a typed stream error (no ERROR event is delivered), still counted', async () => {
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: asyncModel(['a', 'b'], { failAfter: 1, error: new Error('cut') }),
      config: { emitMetadata: false },
    });
    const events: StreamEvent[] = [];
    const error = await new Promise<unknown>((resolve) =>
      rag.streamEvents('q').subscribe({ next: (e) => events.push(e), error: resolve }),
    );
    expect(events.map((e) => e.type)).toEqual(['chunk']);
    expect(RxRunnablesError.isInstance(error) && [error.code, error.stage]).toEqual([
      'GENERATION',
      'generation',
    ]);
    expect(rag.stats.totalErrors).toBe(1);
  });
});

describe('StreamingRAG cancellation', () => {
  it('unsubscribing mid-answer closes the model stream and aborts its signal', async () => {
    const llm = asyncModel(['a', 'b', 'c', 'd'], { gapMs: 20 });
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm });
    const chunks: string[] = [];
    let subscription: { unsubscribe(): void } | undefined;
    await new Promise<void>((resolve) => {
      subscription = rag.stream('q').subscribe((c) => {
        chunks.push(c);
        resolve();
      });
    });
    subscription?.unsubscribe();
    expect(llm.record.aborted).toBe(true);
    await vi.waitFor(() => expect(llm.record.closed).toBe(true));
    await sleep(50);
    expect(chunks).toEqual(['a']);
  });

  it('breaking out of astreamEvents cancels the run', async () => {
    const llm = asyncModel(['a', 'b', 'c'], { gapMs: 10 });
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm });
    for await (const event of rag.astreamEvents('q')) {
      if (event.isChunk) break;
    }
    expect(llm.record.aborted).toBe(true);
    expect(rag.stats.totalChunks).toBe(1);
  });

  it('aborting options.signal errors with ABORTED and releases the model', async () => {
    const llm = asyncModel(['a', 'b', 'c'], { gapMs: 20 });
    const controller = new AbortController();
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm,
      onChunk: () => controller.abort(),
    });
    await expect(rag.query('q', { signal: controller.signal })).rejects.toMatchObject({
      code: 'ABORTED',
    });
    expect(llm.record.aborted).toBe(true);
  });
});
