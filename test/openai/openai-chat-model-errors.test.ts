import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { AIMessageChunk } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core/errors';
import { OpenAIChatModel } from '../../src/openai';
import type { ScriptedResponse } from '../../src/testing/openai-server-types';
import { useLoopbackModel } from '../support/loopback-model';

const loopback = useLoopbackModel();

/** A loopback server scripted with `responses` and a model against it (no retries, no SDK logs). */
const setup = (responses: ScriptedResponse[]) => loopback.start(responses);

/** Streams until the end or an error; returns the chunks and the error. */
function run(
  model: OpenAIChatModel,
  options: Parameters<OpenAIChatModel['stream']>[1] = {},
): Promise<{ chunks: AIMessageChunk[]; error: RxRunnablesError | undefined }> {
  const chunks: AIMessageChunk[] = [];
  return new Promise((resolve) => {
    model.stream('hi', options).subscribe({
      next: (chunk) => chunks.push(chunk),
      error: (error: unknown) => {
        expect(RxRunnablesError.isInstance(error)).toBe(true);
        resolve({ chunks, error: error as RxRunnablesError });
      },
      complete: () => resolve({ chunks, error: undefined }),
    });
  });
}

function text(chunks: AIMessageChunk[]): string {
  return chunks.map((c) => c.text).join('');
}

describe('OpenAIChatModel errors', () => {
  it.each([429, 500])('HTTP %i becomes MODEL_HTTP with the status', async (status) => {
    const { model, server } = await setup([{ fail: { status } }]);
    const { chunks, error } = await run(model);
    expect(chunks).toEqual([]);
    expect(error?.code).toBe('MODEL_HTTP');
    expect(error?.details).toMatchObject({ status, stage: 'request', step: 'OpenAIChatModel' });
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the API error type and code of an HTTP error', async () => {
    const { model } = await setup([{ fail: { status: 429 } }]);
    const { error } = await run(model);
    expect(error?.details).toMatchObject({
      errorType: 'requests',
      errorCode: 'rate_limit_exceeded',
    });
    expect(error?.message).toMatch(/429/);
  });

  it('a connection cut mid-stream errors after the chunks already delivered', async () => {
    const { model } = await setup([
      { content: ['a', 'b', 'c', 'd'], fail: 'cut-mid-stream', failAfterChunks: 2 },
    ]);
    const { chunks, error } = await run(model);
    expect(text(chunks)).toBe('ab');
    expect(error?.code).toBe('MODEL_HTTP');
    expect(error?.details).toMatchObject({ stage: 'stream' });
    expect(error?.details.status).toBeUndefined();
  });

  it('invoke rejects a cut stream with the partial output attached', async () => {
    const { model } = await setup([
      { content: ['a', 'b', 'c', 'd'], fail: 'cut-mid-stream', failAfterChunks: 3 },
    ]);
    const error = await model.invoke('hi').catch((e: unknown) => e as RxRunnablesError);
    expect(error).toMatchObject({ code: 'MODEL_HTTP' });
    expect((error as RxRunnablesError).details.partialOutput).toMatchObject({ text: 'abc' });
  });

  it('malformed JSON in a data line becomes SSE_PARSE after the earlier chunks', async () => {
    const { model } = await setup([
      { content: ['x', 'y', 'z'], fail: 'malformed-json', failAfterChunks: 1 },
    ]);
    const { chunks, error } = await run(model);
    expect(text(chunks)).toBe('x');
    expect(error?.code).toBe('SSE_PARSE');
    expect(error?.cause).toBeInstanceOf(SyntaxError);
  });

  it('a slow stream past timeoutMs errors with TIMEOUT and closes the request', async () => {
    const { model, server } = await setup([{ content: ['a', 'b'], delayMs: 60_000 }]);
    const { error } = await run(model, { timeoutMs: 50 });
    expect(error?.code).toBe('TIMEOUT');
    const request = await server.waitForRequest(1);
    await request.connection.whenClosed;
    expect(request.connection.closed).toBe(true);
  });

  it('aborting the signal errors with ABORTED', async () => {
    const { model, server } = await setup([{ content: ['a', 'b'], delayMs: 60_000 }]);
    const controller = new AbortController();
    const result = run(model, { signal: controller.signal });
    await server.waitForRequest(1);
    controller.abort();
    const { error } = await result;
    expect(error?.code).toBe('ABORTED');
  });

  it('unsubscribing mid-stream closes the server-side socket within 100 ms', async () => {
    const { model, server } = await setup([{ content: ['a', 'b', 'c'], delayMs: 60_000 }]);
    const first = new Promise<void>((resolve) => {
      const subscription = model.stream('hi').subscribe((chunk) => {
        if (chunk.text === '' && !subscription.closed) {
          // The first chunk (the role delta) arrived: the response is streaming.
          queueMicrotask(() => {
            subscription.unsubscribe();
            resolve();
          });
        }
      });
    });
    await first;
    const request = await server.waitForRequest(1);
    let deadline: NodeJS.Timeout | undefined;
    const closedInTime = await Promise.race([
      request.connection.whenClosed.then(() => true),
      new Promise<boolean>((resolve) => (deadline = setTimeout(() => resolve(false), 100))),
    ]);
    clearTimeout(deadline);
    expect(closedInTime).toBe(true);
    expect(request.connection.closed).toBe(true);
  });

  it('an unreachable server becomes MODEL_HTTP at the request stage', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const model = new OpenAIChatModel({
      apiKey: 'test',
      baseURL: `http://127.0.0.1:${port}/v1`,
      maxRetries: 0,
      configuration: { logLevel: 'off' },
    });
    const { error } = await run(model);
    expect(error?.code).toBe('MODEL_HTTP');
    expect(error?.details).toMatchObject({ stage: 'request' });
  });

  it("ChatOpenAI's own request timeout becomes TIMEOUT", async () => {
    const silent = createHttpServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const model = new OpenAIChatModel({
        apiKey: 'test',
        baseURL: `http://127.0.0.1:${port}/v1`,
        maxRetries: 0,
        timeout: 50,
      });
      const { error } = await run(model);
      expect(error?.code).toBe('TIMEOUT');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('missing credentials become INVALID_CONFIG', async () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      const model = new OpenAIChatModel({ baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 });
      const { error } = await run(model);
      expect(error?.code).toBe('INVALID_CONFIG');
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });
});
