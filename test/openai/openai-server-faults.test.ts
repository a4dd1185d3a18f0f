import { ChatOpenAI } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import type { AIMessageChunk } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core/errors';
import { OpenAIChatModel } from '../../src/openai';
import type { OpenAIChatModelOptions } from '../../src/openai';
import type { ScriptedResponse } from '../../src/testing/openai-server-types';
import { useLoopbackModel } from '../support/loopback-model';

const loopback = useLoopbackModel();
const setup = (responses: ScriptedResponse[], options: OpenAIChatModelOptions = {}) =>
  loopback.start(responses, options);

/** Streams until the end or an error; returns the chunks and the error. */
function run(model: OpenAIChatModel): Promise<{ chunks: AIMessageChunk[]; error: unknown }> {
  const chunks: AIMessageChunk[] = [];
  return new Promise((resolve) => {
    model.stream('hi').subscribe({
      next: (chunk) => chunks.push(chunk),
      error: (error: unknown) => resolve({ chunks, error }),
      complete: () => resolve({ chunks, error: undefined }),
    });
  });
}

const text = (chunks: AIMessageChunk[]): string => chunks.map((c) => c.text).join('');
const timers = (): number =>
  process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

function typed(error: unknown): RxRunnablesError {
  expect(RxRunnablesError.isInstance(error)).toBe(true);
  return error as RxRunnablesError;
}

describe('OpenAIChatModel against a server without role in its deltas', () => {
  it.each(['omitted', 'null', 'later'] as const)(
    'role %s: the answer streams as AI chunks',
    async (role) => {
      const { model, server } = await setup([{ content: ['Hel', 'lo'], role }]);
      const { chunks, error } = await run(model);
      expect(error).toBeUndefined();
      expect(text(chunks)).toBe('Hello');
      expect(chunks.every((chunk) => chunk.type === 'ai')).toBe(true);
      expect(server.requests).toHaveLength(1);
    },
  );

  it('a stock ChatOpenAI passed as client: the role-less text still arrives as AI chunks', async () => {
    const server = await loopback.startServer({
      responses: [{ content: ['a', 'b'], role: 'omitted' }],
    });
    const client = new ChatOpenAI({
      apiKey: 'test',
      maxRetries: 0,
      configuration: { baseURL: server.url, logLevel: 'off' },
    });
    const { chunks, error } = await run(new OpenAIChatModel({ client }));
    expect(error).toBeUndefined();
    expect(text(chunks)).toBe('ab');
    expect(chunks.every((chunk) => chunk.type === 'ai')).toBe(true);
  });

  it('a fetch given in configuration is the one used', async () => {
    const urls: string[] = [];
    const { model } = await setup([{ content: ['ok'] }], {
      configuration: {
        logLevel: 'off',
        fetch: (input: string | URL | Request, init?: RequestInit) => {
          urls.push(String(input));
          return fetch(input, init);
        },
      },
    });
    await expect(model.invoke('hi')).resolves.toMatchObject({ content: 'ok' });
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatch(/\/chat\/completions$/);
  });

  it('role-less tool-call deltas reassemble into tool calls', async () => {
    const { model } = await setup([
      { role: 'omitted', toolCalls: [{ id: 'call_9', name: 'weather', args: { city: 'Oslo' } }] },
    ]);
    const reply = await model.invoke('weather?');
    expect(reply.toolCalls).toEqual([
      { id: 'call_9', name: 'weather', args: { city: 'Oslo' }, type: 'tool_call' },
    ]);
  });

  it('a role-less answer is not an error that withRetry would retry', async () => {
    const { model, server } = await setup([{ content: ['ok'], role: 'null' }]);
    await expect(model.withRetry({ attempts: 3 }).invoke('hi')).resolves.toMatchObject({
      content: 'ok',
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('OpenAIChatModel against a 200 answer that is not a stream', () => {
  it('empty body: invoke rejects with EMPTY_OUTPUT instead of resolving undefined', async () => {
    const { model } = await setup([{ content: 'Hello there', fail: 'empty-body' }]);
    const error = typed(await model.invoke('hi').catch((e: unknown) => e));
    expect(error.code).toBe('EMPTY_OUTPUT');
    expect(error.details).toMatchObject({ step: 'OpenAIChatModel', chunksReceived: 0 });
  });

  it('empty body: the stream surface errors with EMPTY_OUTPUT too', async () => {
    const { model } = await setup([{ fail: 'empty-body' }]);
    const { chunks, error } = await run(model);
    expect(chunks).toEqual([]);
    expect(typed(error).code).toBe('EMPTY_OUTPUT');
  });

  it('plain JSON to a stream request: the message, tool calls and usage arrive', async () => {
    const { model } = await setup([
      {
        content: 'Hello there',
        toolCalls: [{ id: 'call_1', name: 'weather', args: { city: 'Oslo' } }],
        usage: { promptTokens: 4, completionTokens: 2 },
        fail: 'json-body',
      },
    ]);
    const reply = await model.invoke('hi');
    expect(reply.text).toBe('Hello there');
    expect(reply.toolCalls).toEqual([
      { id: 'call_1', name: 'weather', args: { city: 'Oslo' }, type: 'tool_call' },
    ]);
    expect(reply.usageMetadata).toMatchObject({ inputTokens: 4, outputTokens: 2, totalTokens: 6 });
    expect(reply.responseMetadata.finish_reason).toBe('tool_calls');
  });

  it('a request that does not stream still gets its plain JSON answer', async () => {
    const { model } = await setup([{ content: 'Not streamed' }]);
    const reply = await model.client.invoke('hi');
    expect(reply.content).toBe('Not streamed');
  });
});

describe('OpenAIChatModel against a stream closed without finish_reason or [DONE]', () => {
  it('delivers the chunks, then errors with MODEL_INCOMPLETE', async () => {
    const { model } = await setup([{ content: ['a', 'b', 'c', 'd'], fail: 'no-terminator' }]);
    const { chunks, error } = await run(model);
    expect(text(chunks)).toBe('abcd');
    const typedError = typed(error);
    expect(typedError.code).toBe('MODEL_INCOMPLETE');
    expect(typedError.details).toMatchObject({ step: 'OpenAIChatModel', stage: 'stream' });
  });

  it('invoke rejects (it used to resolve the truncated answer)', async () => {
    const { model } = await setup([
      { content: ['a', 'b', 'c'], fail: 'no-terminator', failAfterChunks: 2 },
    ]);
    const error = typed(await model.invoke('hi').catch((e: unknown) => e));
    expect(error.code).toBe('MODEL_INCOMPLETE');
    expect((error.details.partialOutput as AIMessageChunk).text).toBe('ab');
  });
});

describe('OpenAIChatModel idle timeout', () => {
  it('a stream that stalls after its headers ends with TIMEOUT and closes the request', async () => {
    const before = timers();
    const { model, server } = await setup([{ content: ['a', 'b'], fail: 'stall' }], {
      idleTimeoutMs: 200,
    });
    const { chunks, error } = await run(model);
    expect(chunks).toEqual([]);
    const typedError = typed(error);
    expect(typedError.code).toBe('TIMEOUT');
    expect(typedError.details).toMatchObject({ step: 'OpenAIChatModel', idleTimeoutMs: 200 });
    expect(typedError.details.partialOutput).toBeUndefined();
    const request = await server.waitForRequest(1);
    await request.connection.whenClosed;
    expect(request.connection.closed).toBe(true);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('a stall between chunks keeps what was streamed as partialOutput', async () => {
    const { model } = await setup(
      [{ content: ['a', 'b', 'c'], fail: 'stall', failAfterChunks: 2 }],
      {
        idleTimeoutMs: 200,
      },
    );
    const error = typed(await model.invoke('hi').catch((e: unknown) => e));
    expect(error.code).toBe('TIMEOUT');
    expect((error.details.partialOutput as AIMessageChunk).text).toBe('ab');
  });

  it('the idle timer is released when the answer completes', async () => {
    const before = timers();
    const { model } = await setup([{ content: ['a', 'b'] }], { idleTimeoutMs: 30_000 });
    await expect(model.invoke('hi')).resolves.toMatchObject({ content: 'ab' });
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('the idle timer is released when the caller unsubscribes', async () => {
    const before = timers();
    const { model, server } = await setup([{ content: ['a', 'b'], fail: 'stall' }], {
      idleTimeoutMs: 30_000,
    });
    const subscription = model.stream('hi').subscribe();
    const request = await server.waitForRequest(1);
    expect(timers()).toBeGreaterThan(before);
    subscription.unsubscribe();
    await request.connection.whenClosed;
    expect(timers()).toBeLessThanOrEqual(before);
  });
});

describe('OpenAIChatModel on 429/503 with Retry-After', () => {
  it('puts delay-seconds into details.retryAfterMs', async () => {
    const { model } = await setup([{ fail: { status: 429, retryAfter: 2 } }]);
    const error = typed(await model.invoke('hi').catch((e: unknown) => e));
    expect(error.code).toBe('MODEL_HTTP');
    expect(error.details).toMatchObject({ status: 429, retryAfterMs: 2000 });
  });

  it('reads an HTTP date', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const { model } = await setup([{ fail: { status: 503, retryAfter: at } }]);
    const error = typed(await model.invoke('hi').catch((e: unknown) => e));
    expect(error.details.status).toBe(503);
    const ms = error.details.retryAfterMs as number;
    expect(ms).toBeGreaterThan(25_000);
    expect(ms).toBeLessThanOrEqual(30_000);
  });

  it('leaves retryAfterMs out when the server sent no Retry-After', async () => {
    const { model } = await setup([{ fail: { status: 429 } }]);
    const error = typed(await model.invoke('hi').catch((e: unknown) => e));
    expect('retryAfterMs' in error.details).toBe(false);
  });
});
