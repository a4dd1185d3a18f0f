import { describe, expect, it, vi } from 'vitest';
import { Observable } from 'rxjs';
import { RxRunnablesError } from '../../src/core';
import { StreamingRAG } from '../../src/rag';
import type { StreamEvent } from '../../src/rag';
import {
  DOCS,
  asyncModel,
  collectAll,
  fixedRetriever,
  hangingRetriever,
  syncModel,
} from './rag-fixtures';

const types = (events: StreamEvent[]) => events.map((e) => e.type);

/** The events before the first chunk: the documents retrieved, the generation started. */
const BEFORE_CHUNKS = ['retrieval_start', 'retrieval_done', 'generation_start'];

type RagOptions = ConstructorParameters<typeof StreamingRAG>[0];

/** Every event of one query through a RAG over the fixed documents, with `llm` and `config`. */
const eventsWith = (llm: RagOptions['llm'], config: NonNullable<RagOptions['config']>) =>
  collectAll(new StreamingRAG({ retriever: fixedRetriever(), llm, config }).streamEvents('q'));

describe('StreamingRAG lifecycle: success', () => {
  it('emits RETRIEVAL_START, RETRIEVAL_DONE, GENERATION_START, CHUNK…, GENERATION_DONE', async () => {
    const llm = asyncModel(['Un', 'subscribe', '.']);
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm });
    const events = await collectAll(rag.streamEvents('How do I cancel?'));
    expect(types(events)).toEqual([...BEFORE_CHUNKS, 'chunk', 'chunk', 'chunk', 'generation_done']);
    expect(events[0]?.data).toEqual({ query: 'How do I cancel?' });
    expect(events[1]?.data).toEqual({ numDocs: 2, docs: DOCS });
    expect(events[2]?.data).toEqual({ promptChars: llm.record.prompts[0]?.length });
    expect(events.filter((e) => e.isChunk).map((e) => e.data)).toEqual(['Un', 'subscribe', '.']);
    const done = events[6];
    expect(done?.type === 'generation_done' && done.data.totalLatency).toBeGreaterThanOrEqual(0);
  });

  it('stamps latency in seconds from 0, never decreasing, with 4 decimals at most', async () => {
    const rag = new StreamingRAG({
      retriever: fixedRetriever(DOCS, 5),
      llm: asyncModel(['a', 'b'], { gapMs: 5 }),
    });
    const events = await collectAll(rag.streamEvents('q'));
    expect(events[0]?.latency).toBe(0);
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.latency).toBeGreaterThanOrEqual(events[i - 1]!.latency);
      expect(Math.round(events[i]!.latency * 10_000) / 10_000).toBe(events[i]!.latency);
    }
    const done = events.at(-1);
    expect(done?.type === 'generation_done' && done.data.totalLatency).toBeGreaterThan(0);
  });

  it('puts the query and the retrieved text in the default prompt', async () => {
    const llm = asyncModel(['ok']);
    await new StreamingRAG({ retriever: fixedRetriever(), llm }).query('How do I cancel?');
    const prompt = llm.record.prompts[0] ?? '';
    expect(prompt).toContain('Question: How do I cancel?');
    expect(prompt).toContain(`[1] ${DOCS[0]!.pageContent}`);
    expect(prompt).toContain(`[2] ${DOCS[1]!.pageContent}`);
  });

  it('skips empty chunks (role or keep-alive chunks of real models)', async () => {
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: asyncModel(['', 'a', '', 'b']),
    });
    const { events } = await rag.query('q');
    expect(events.filter((e) => e.isChunk).map(String)).toEqual(['a', 'b']);
  });
});

describe('StreamingRAG lifecycle: retrieval failures', () => {
  it('a retrieval timeout emits ERROR "Retrieval timed out" and ends; the retriever is aborted', async () => {
    const retriever = hangingRetriever();
    const llm = asyncModel(['never']);
    const rag = new StreamingRAG({ retriever, llm, config: { retrievalTimeoutMs: 20 } });
    const events = await collectAll(rag.streamEvents('q'));
    expect(types(events)).toEqual(['retrieval_start', 'error']);
    expect(events[1]?.data).toEqual({ msg: 'Retrieval timed out', stage: 'retrieval' });
    expect(retriever.state.aborted).toBe(true);
    expect(llm.record.prompts).toEqual([]);
  });

  it('a retrieval exception emits ERROR with its message and ends', async () => {
    const rag = new StreamingRAG({
      retriever: { retrieve: () => Promise.reject(new Error('index offline')) },
      llm: asyncModel(['never']),
    });
    const events = await collectAll(rag.streamEvents('q'));
    expect(types(events)).toEqual(['retrieval_start', 'error']);
    expect(events[1]?.data).toEqual({ msg: 'index offline', stage: 'retrieval' });
  });

  it('a retriever that throws synchronously is a retrieval error too', async () => {
    const rag = new StreamingRAG({
      retriever: () => {
        throw new TypeError('bad query');
      },
      llm: asyncModel(['never']),
    });
    const { answer, events } = await rag.query('q');
    expect(answer).toBe('');
    expect(events.at(-1)?.data).toEqual({ msg: 'bad query', stage: 'retrieval' });
  });
});

describe('StreamingRAG lifecycle: generation failures', () => {
  it('a generation timeout between tokens emits ERROR after the chunks sent, and closes the model', async () => {
    const llm = asyncModel(['one ', 'two ', 'three'], { hangAfter: 2 });
    const events = await eventsWith(llm, { generationTimeoutMs: 30 });
    expect(types(events)).toEqual([...BEFORE_CHUNKS, 'chunk', 'chunk', 'error']);
    expect(events.at(-1)?.data).toEqual({ msg: 'Generation timed out', stage: 'generation' });
    expect(llm.record.aborted).toBe(true);
    await vi.waitFor(() => expect(llm.record.closed).toBe(true));
  });

  it('the generation deadline slides: each token resets it', async () => {
    vi.useFakeTimers();
    try {
      // Ten tokens 40 ms apart: 360 ms in all, far past a 50 ms deadline that is never missed.
      const ticks = new Observable<string>((subscriber) => {
        let n = 0;
        subscriber.next('t0 ');
        const handle = setInterval(() => {
          n += 1;
          subscriber.next(`t${n} `);
          if (n === 9) subscriber.complete();
        }, 40);
        return () => clearInterval(handle);
      });
      const rag = new StreamingRAG({
        retriever: { retrieve: () => DOCS },
        llm: { astream: () => ticks },
        config: { generationTimeoutMs: 50 },
      });
      const events: StreamEvent[] = [];
      let completed = false;
      rag
        .streamEvents('q')
        .subscribe({ next: (e) => events.push(e), complete: () => (completed = true) });
      await vi.advanceTimersByTimeAsync(400);
      expect(completed).toBe(true);
      expect(events.filter((e) => e.isChunk)).toHaveLength(10);
      expect(events.at(-1)?.type).toBe('generation_done');
    } finally {
      vi.useRealTimers();
    }
  });

  it('the deadline also covers the wait for the first token', async () => {
    const llm = asyncModel(['late'], { hangAfter: 0 });
    const events = await eventsWith(llm, { generationTimeoutMs: 20 });
    expect(types(events)).toEqual([...BEFORE_CHUNKS, 'error']);
  });

  it('a generation exception mid-stream emits ERROR with its message after the chunks sent', async () => {
    const llm = asyncModel(['a', 'b', 'c'], { failAfter: 2, error: new Error('socket hang up') });
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm });
    const { answer, events } = await rag.query('q');
    expect(types(events).slice(3)).toEqual(['chunk', 'chunk', 'error']);
    expect(events.at(-1)?.data).toEqual({ msg: 'socket hang up', stage: 'generation' });
    expect(answer).toBe('ab');
    expect(llm.record.closed).toBe(true);
  });

  it('a sync model that throws mid-stream is a generation error too', async () => {
    const llm = syncModel(['x', 'y'], { failAfter: 1, error: new Error('sync boom') });
    const { events } = await new StreamingRAG({ retriever: fixedRetriever(), llm }).query('q');
    expect(types(events).slice(3)).toEqual(['chunk', 'error']);
    expect(events.at(-1)?.data).toEqual({ msg: 'sync boom', stage: 'generation' });
  });
});

describe('StreamingRAG lifecycle: failures on the text surfaces', () => {
  it('stream() errors with a typed error after the ERROR event reached onEvent', async () => {
    const seen: string[] = [];
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: asyncModel(['a', 'b'], { failAfter: 1, error: new Error('cut') }),
      onEvent: (e) => seen.push(e.type),
    });
    const chunks: string[] = [];
    const error = await new Promise<unknown>((resolve) =>
      rag.stream('q').subscribe({
        next: (c) => chunks.push(c),
        error: resolve,
        complete: () => resolve(undefined),
      }),
    );
    expect(chunks).toEqual(['a']);
    expect(seen.at(-1)).toBe('error');
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    const typed = error as RxRunnablesError;
    expect([typed.code, typed.stage, typed.message, typed.details.partialOutput]).toEqual([
      'GENERATION',
      'generation',
      'cut',
      'a',
    ]);
  });

  it('invoke() rejects with TIMEOUT (stage retrieval) on a retrieval timeout', async () => {
    const rag = new StreamingRAG({
      retriever: hangingRetriever(),
      llm: asyncModel(['x']),
      config: { retrievalTimeoutMs: 10 },
    });
    const error: unknown = await rag.invoke('q').catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error) && [error.code, error.stage, error.message]).toEqual([
      'TIMEOUT',
      'retrieval',
      'Retrieval timed out',
    ]);
  });

  it('astream() rejects with RETRIEVAL on a retrieval exception', async () => {
    const rag = new StreamingRAG({
      retriever: { retrieve: () => Promise.reject(new Error('down')) },
      llm: asyncModel(['x']),
    });
    const read = async () => {
      for await (const _chunk of rag.astream('q')) expect.unreachable();
    };
    await expect(read()).rejects.toMatchObject({ code: 'RETRIEVAL', message: 'down' });
  });
});
