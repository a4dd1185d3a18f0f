import { ChatOpenAI } from '@langchain/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAIChatModel } from '../../src/openai';
import { StreamingRAG } from '../../src/rag';
import { startOpenAICompatibleServer } from '../../src/testing/openai-compatible-server';
import type { OpenAICompatibleServer } from '../../src/testing/openai-server-types';
import { DOCS, fixedRetriever } from './rag-fixtures';

const WORDS = Array.from({ length: 40 }, (_, i) => `w${i} `);

let server: OpenAICompatibleServer;

beforeEach(async () => {
  server = await startOpenAICompatibleServer();
});

afterEach(async () => {
  await server.close();
});

function openAIModel(): OpenAIChatModel {
  return new OpenAIChatModel({
    baseURL: server.url,
    apiKey: 'test-key',
    model: 'rx-loopback',
    maxRetries: 0,
  });
}

/** Subscribes, waits for the first text chunk, then unsubscribes; returns what had arrived. */
async function unsubscribeAfterFirstChunk(rag: StreamingRAG): Promise<string[]> {
  const chunks: string[] = [];
  let subscription: { unsubscribe(): void } | undefined;
  await new Promise<void>((resolve, reject) => {
    subscription = rag.stream('How do I cancel?').subscribe({
      next: (chunk) => {
        chunks.push(chunk);
        resolve();
      },
      error: reject,
    });
  });
  subscription?.unsubscribe();
  return chunks;
}

describe('StreamingRAG against an OpenAI-compatible server', () => {
  it('streams the answer of OpenAIChatModel and sends the RAG prompt', async () => {
    server.enqueue({ content: ['Unsubscribe ', 'to cancel.'] });
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm: openAIModel() });
    const { answer, events } = await rag.query('How do I cancel?');
    expect(answer).toBe('Unsubscribe to cancel.');
    expect(events.map((e) => e.type)).toEqual([
      'retrieval_start',
      'retrieval_done',
      'generation_start',
      'chunk',
      'chunk',
      'generation_done',
    ]);
    const request = await server.waitForRequest(1);
    const body = request.body as { messages: { content: string }[]; stream: boolean };
    expect(body.stream).toBe(true);
    expect(body.messages[0]?.content).toContain(DOCS[0]!.pageContent);
    expect(body.messages[0]?.content).toContain('Question: How do I cancel?');
  });

  it('unsubscribing mid-answer aborts the HTTP request of OpenAIChatModel', async () => {
    server.enqueue({ content: WORDS, delayMs: 30 });
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm: openAIModel() });
    const chunks = await unsubscribeAfterFirstChunk(rag);
    expect(chunks).toHaveLength(1);
    const request = await server.waitForRequest(1);
    await request.connection.whenClosed;
    expect(request.connection.closed).toBe(true);
    expect(rag.stats.totalChunks).toBeLessThan(WORDS.length);
  });

  it('unsubscribing mid-answer aborts the HTTP request of a LangChain.js ChatOpenAI too', async () => {
    server.enqueue({ content: WORDS, delayMs: 30 });
    const llm = new ChatOpenAI({
      model: 'rx-loopback',
      apiKey: 'test-key',
      maxRetries: 0,
      configuration: { baseURL: server.url },
    });
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm });
    expect(rag.llmMode).toBe('async');
    const chunks = await unsubscribeAfterFirstChunk(rag);
    expect(chunks).toHaveLength(1);
    const request = await server.waitForRequest(1);
    await request.connection.whenClosed;
    expect(request.connection.closed).toBe(true);
  });

  it('a generation timeout between tokens aborts the request and emits ERROR', async () => {
    server.enqueue({ content: ['first ', 'late'], delayMs: 2_000 });
    const rag = new StreamingRAG({
      retriever: fixedRetriever(),
      llm: openAIModel(),
      config: { generationTimeoutMs: 200 },
    });
    const { events } = await rag.query('q');
    expect(events.at(-1)?.data).toEqual({ msg: 'Generation timed out', stage: 'generation' });
    expect(events.join('')).not.toContain('late');
    const request = await server.waitForRequest(1);
    await request.connection.whenClosed;
  });

  it('an HTTP error of the model is a generation ERROR event', async () => {
    server.enqueue({ fail: { status: 500 } });
    const rag = new StreamingRAG({ retriever: fixedRetriever(), llm: openAIModel() });
    const { events } = await rag.query('q');
    expect(events.map((e) => e.type).slice(-2)).toEqual(['generation_start', 'error']);
    expect(events.at(-1)?.data).toMatchObject({ stage: 'generation' });
  });
});
