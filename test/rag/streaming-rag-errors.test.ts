import { ChatOpenAI } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import { RxRunnablesError } from '../../src/core';
import { StreamingRAG, resolveStreamConfig } from '../../src/rag';
import type { StreamEvent } from '../../src/rag';
import type { ScriptedResponse } from '../../src/testing/openai-server-types';
import { useLoopbackModel } from '../support/loopback-model';
import { asyncModel, fixedRetriever } from './rag-fixtures';

const loopback = useLoopbackModel();

async function openAIRag(responses: ScriptedResponse[]): Promise<StreamingRAG> {
  const { model } = await loopback.start(responses);
  return new StreamingRAG({ retriever: fixedRetriever(), llm: model });
}

function typed(error: unknown): RxRunnablesError {
  expect(RxRunnablesError.isInstance(error)).toBe(true);
  return error as RxRunnablesError;
}

const rejection = (promise: Promise<unknown>): Promise<RxRunnablesError> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => typed(error),
  );

/** Every surface of one StreamingRAG run, each settling with its error. */
function surfaces(
  rag: StreamingRAG,
  query: unknown,
): Record<string, () => Promise<RxRunnablesError>> {
  const q = query as string;
  return {
    invoke: () => rejection(rag.invoke(q)),
    query: () => rejection(rag.query(q)),
    stream: () => rejection(firstValueFrom(rag.stream(q).pipe(toArray()))),
    astream: () =>
      rejection(
        (async () => {
          for await (const _text of rag.astream(q));
        })(),
      ),
    streamEvents: () => rejection(firstValueFrom(rag.streamEvents(q).pipe(toArray()))),
    astreamEvents: () =>
      rejection(
        (async () => {
          for await (const _event of rag.astreamEvents(q));
        })(),
      ),
  };
}

describe("StreamingRAG keeps the model's error code", () => {
  it('a 429 with Retry-After stays MODEL_HTTP with status and retryAfterMs', async () => {
    const rag = await openAIRag([{ fail: { status: 429, retryAfter: 3 } }]);
    const error = await rejection(rag.invoke('How do I cancel?'));
    expect(error.code).toBe('MODEL_HTTP');
    expect(error.details).toMatchObject({
      status: 429,
      retryAfterMs: 3000,
      stage: 'generation',
      step: 'StreamingRAG',
    });
    expect(typed(error.cause).code).toBe('MODEL_HTTP');
  });

  it('a LangChain.js ChatOpenAI given as llm: its 503 is MODEL_HTTP with status and retryAfterMs too', async () => {
    const server = await loopback.startServer({
      responses: [{ fail: { status: 503, retryAfter: 4 } }],
    });
    const llm = new ChatOpenAI({
      model: 'rx-loopback',
      apiKey: 'test',
      maxRetries: 0,
      configuration: { baseURL: server.url, logLevel: 'off' },
    });
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm });
    const error = await rejection(rag.invoke('How do I cancel?'));
    expect(error.code).toBe('MODEL_HTTP');
    expect(error.details).toMatchObject({ status: 503, retryAfterMs: 4000, stage: 'generation' });
  });

  it('so retryIf can pick the rate limit out and retry it', async () => {
    const rag = await openAIRag([{ fail: { status: 429, retryAfter: 0 } }, { content: ['Fine.'] }]);
    const seen: unknown[] = [];
    const answer = await rag
      .withRetry({
        attempts: 2,
        backoff: () => 0,
        retryIf: (error) => {
          seen.push(error.details.status);
          return error.code === 'MODEL_HTTP' && error.details.status === 429;
        },
      })
      .invoke('How do I cancel?');
    expect(answer).toBe('Fine.');
    expect(seen).toEqual([429]);
  });

  it('a stream closed without finish_reason is MODEL_INCOMPLETE with the partial answer', async () => {
    const rag = await openAIRag([{ content: ['Un', 'sub', 'scribe'], fail: 'no-terminator' }]);
    const error = await rejection(rag.invoke('How do I cancel?'));
    expect(error.code).toBe('MODEL_INCOMPLETE');
    expect(error.details).toMatchObject({ stage: 'generation', partialOutput: 'Unsubscribe' });
  });

  it('a plain model error is still GENERATION', async () => {
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: asyncModel(['a', 'b'], { failAfter: 1, error: new Error('broke') }),
    });
    const error = await rejection(rag.invoke('q'));
    expect(error.code).toBe('GENERATION');
    expect(error.details).toMatchObject({ stage: 'generation', partialOutput: 'a' });
  });
});

describe('StreamingRAG timeouts', () => {
  it.each(['retrievalTimeoutMs', 'generationTimeoutMs', 'simDelayMs'] as const)(
    '%s of 2^31 ms or more, negative or NaN is INVALID_CONFIG naming it',
    (option) => {
      for (const value of [2 ** 31, 2 ** 40, -1, Number.NaN]) {
        let error: unknown;
        try {
          new StreamingRAG({
            retriever: fixedRetriever(),
            llm: asyncModel(['a']),
            config: { [option]: value },
          });
        } catch (e) {
          error = e;
        }
        expect(typed(error).code).toBe('INVALID_CONFIG');
        expect(typed(error).details.option).toBe(option);
        expect(typed(error).message).toContain(option);
      }
    },
  );

  it('Infinity is a valid timeout but not a valid simDelayMs', () => {
    expect(
      resolveStreamConfig({ retrievalTimeoutMs: Infinity, generationTimeoutMs: Infinity }),
    ).toMatchObject({ retrievalTimeoutMs: Infinity, generationTimeoutMs: Infinity });
    expect(() => resolveStreamConfig({ simDelayMs: Infinity })).toThrow(/simDelayMs/);
    expect(resolveStreamConfig({ generationTimeoutMs: 2 ** 31 - 1 }).generationTimeoutMs).toBe(
      2 ** 31 - 1,
    );
  });

  it('Infinity means no deadline: a slow retriever and model still answer', async () => {
    const rag = new StreamingRAG({
      retriever: fixedRetriever(undefined, 20),
      llm: asyncModel(['a', 'b', 'c'], { gapMs: 20 }),
      config: { retrievalTimeoutMs: Infinity, generationTimeoutMs: Infinity },
    });
    await expect(rag.invoke('q')).resolves.toBe('abc');
    const { events } = await rag.query('q');
    expect(events.map((e) => e.type)).not.toContain('error');
  });
});

describe('StreamingRAG callback errors', () => {
  it.each(['onChunk', 'onEvent'] as const)(
    'a throwing %s gives the same CALLBACK error on every surface, the original as cause',
    async (callback) => {
      const original = Object.freeze(new Error('callback failed'));
      const rag = new StreamingRAG({
        retriever: fixedRetriever(),
        llm: asyncModel(['a', 'b', 'c']),
        [callback]: (value: string | StreamEvent) => {
          const text = typeof value === 'string' ? value : value.isChunk ? value.data : '';
          if (text === 'b') throw original;
        },
      });
      for (const [name, settle] of Object.entries(surfaces(rag, 'q'))) {
        const error = await settle();
        expect({ name, code: error.code }).toEqual({ name, code: 'CALLBACK' });
        expect(error.cause).toBe(original);
        expect(error.message).toContain('callback failed');
        expect(error.details).toMatchObject({
          step: 'StreamingRAG',
          stage: 'generation',
          callback,
          partialOutput: 'a',
        });
      }
      expect(Object.keys(original)).toEqual([]);
      expect(original.message).toBe('callback failed');
    },
  );

  it('a non-Error thrown by a callback is typed too', async () => {
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: asyncModel(['a']),
      onEvent: (event) => {
        if (event.type === 'retrieval_done') throw 'nope';
      },
    });
    const error = await rejection(rag.query('q'));
    expect(error).toMatchObject({ code: 'CALLBACK', cause: 'nope' });
    expect(error.details).toMatchObject({ stage: 'retrieval', callback: 'onEvent' });
  });
});

describe('StreamingRAG input', () => {
  it.each([42, undefined, null, { query: 'q' }])(
    'a query of %s is INVALID_INPUT naming the step on every surface',
    async (query) => {
      const retriever = fixedRetriever();
      const rag = new StreamingRAG({ retriever, llm: asyncModel(['a']) });
      for (const [name, settle] of Object.entries(surfaces(rag, query))) {
        const error = await settle();
        expect({ name, code: error.code }).toEqual({ name, code: 'INVALID_INPUT' });
        expect(error.details.step).toBe('StreamingRAG');
      }
      expect(retriever.signals).toHaveLength(0);
    },
  );
});
