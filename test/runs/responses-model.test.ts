import { ChatOpenAI } from '@langchain/openai';
import type { AIMessageChunk as LangChainChunk } from '@langchain/core/messages';
import { afterEach, describe, expect, it } from 'vitest';
import type { AIMessageChunk } from '../../src/chunks';
import type { RxRunnablesError } from '../../src/core';
import { OpenAIResponsesModel } from '../../src/openai';
import { createRun } from '../../src/runs';
import { startOpenAICompatibleServer } from '../../src/testing';
import type {
  OpenAICompatibleServer,
  ResponsesRequestBody,
  ScriptedResponse,
} from '../../src/testing';
import {
  activeTimers,
  completedRun,
  completedToolStep,
  eventsOf,
  messageStep,
  namesOf,
  weather,
} from './run-helpers';

let server: OpenAICompatibleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(responses: ScriptedResponse[]): Promise<OpenAIResponsesModel> {
  server = await startOpenAICompatibleServer({ responses });
  return new OpenAIResponsesModel({ baseURL: server.url, apiKey: 'test', model: 'rx-test' });
}

/** Every chunk a model streams for `input`, and the error that ended the stream (if any). */
function streamOf(model: OpenAIResponsesModel, input = 'hi') {
  return new Promise<{ chunks: AIMessageChunk[]; error?: RxRunnablesError }>((resolve) => {
    const chunks: AIMessageChunk[] = [];
    model.stream(input).subscribe({
      next: (chunk) => chunks.push(chunk),
      error: (error: RxRunnablesError) => resolve({ chunks, error }),
      complete: () => resolve({ chunks }),
    });
  });
}

/** Streams 'hi' and unsubscribes at the second chunk; the chunks read (filled as they come). */
function readTwoThenUnsubscribe(model: OpenAIResponsesModel): AIMessageChunk[] {
  const chunks: AIMessageChunk[] = [];
  const subscription = model.stream('hi').subscribe((chunk) => {
    chunks.push(chunk);
    if (chunks.length === 2) subscription.unsubscribe();
  });
  return chunks;
}

const textOf = (chunks: AIMessageChunk[]) => chunks.map((c) => c.text).join('');
const bodyOf = async (n: number) =>
  (await (server as OpenAICompatibleServer).waitForRequest(n)).body as ResponsesRequestBody;

describe('OpenAIResponsesModel drives a run through the loopback /v1/responses route', () => {
  it('a tool round trip: events in order, call_id carried back, the final answer', async () => {
    const model = await start([
      { toolCalls: [{ id: 'call_w', name: 'weather', args: { city: 'Oslo' } }], argsFragments: 3 },
      { content: 'It is sunny in Oslo.' },
    ]);
    const run = createRun({ model, tools: [weather], messages: 'Weather in Oslo?' });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual(completedRun(completedToolStep(4), messageStep(5)));
    const messages = run.state.messages;
    expect(messages.at(-1)?.text).toBe('It is sunny in Oslo.');
    const requests = (server as OpenAICompatibleServer).requests;
    expect(requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/v1/responses'],
      ['POST', '/v1/responses'],
    ]);
    const first = await bodyOf(1);
    expect(first).toMatchObject({
      model: 'rx-test',
      stream: true,
      input: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [{ type: 'function', name: 'weather', description: 'Weather in a city' }],
    });
    const second = await bodyOf(2);
    expect(second.stream).toBe(true);
    expect(second.input).toEqual([
      { role: 'user', content: 'Weather in Oslo?' },
      { type: 'function_call', call_id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' },
      { type: 'function_call_output', call_id: 'call_w', output: 'Sunny in Oslo' },
    ]);
    expect(run.state.run.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('parallel tool calls: both run, both outputs go back by call_id', async () => {
    const model = await start([
      {
        content: 'Checking',
        toolCalls: [
          { id: 'call_a', name: 'weather', args: { city: 'Oslo' } },
          { id: 'call_b', name: 'weather', args: { city: 'Rome' } },
        ],
        argsFragments: 2,
      },
      { content: 'Sunny in both.' },
    ]);
    const run = createRun({ model, tools: [weather], messages: 'Oslo and Rome?' });
    const events = await eventsOf(run);
    expect(namesOf(events)).toEqual(
      completedRun(messageStep(1), completedToolStep(6), messageStep(3)),
    );
    const second = await bodyOf(2);
    expect(second.input).toEqual([
      { role: 'user', content: 'Oslo and Rome?' },
      { role: 'assistant', content: 'Checking' },
      { type: 'function_call', call_id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
      { type: 'function_call', call_id: 'call_b', name: 'weather', arguments: '{"city":"Rome"}' },
      { type: 'function_call_output', call_id: 'call_a', output: 'Sunny in Oslo' },
      { type: 'function_call_output', call_id: 'call_b', output: 'Sunny in Rome' },
    ]);
    expect(run.state.messages.at(-1)?.text).toBe('Sunny in both.');
  });
});

describe("the /v1/responses route speaks the wire format OpenAI's own client reads", () => {
  const client = () =>
    new ChatOpenAI({
      model: 'rx-test',
      apiKey: 'test',
      maxRetries: 0,
      useResponsesApi: true,
      configuration: { baseURL: (server as OpenAICompatibleServer).url },
    });

  it('ChatOpenAI (useResponsesApi) streams text and a tool call from the route', async () => {
    server = await startOpenAICompatibleServer({
      responses: [
        {
          content: ['Let me ', 'check.'],
          toolCalls: [{ id: 'call_x', name: 'weather', args: { city: 'Oslo' } }],
          usage: { promptTokens: 7, completionTokens: 5 },
        },
      ],
    });
    let total: LangChainChunk | undefined;
    for await (const chunk of await client().stream('Weather in Oslo?')) {
      total = total === undefined ? chunk : total.concat(chunk);
    }
    expect(total?.text).toBe('Let me check.');
    expect(total?.tool_calls).toEqual([
      { name: 'weather', args: { city: 'Oslo' }, id: 'call_x', type: 'tool_call' },
    ]);
    expect(total?.usage_metadata).toMatchObject({ input_tokens: 7, output_tokens: 5 });
    const body = await bodyOf(1);
    expect(body.stream).toBe(true);
    expect(server.requests[0]?.path).toBe('/v1/responses');
  });

  it('ChatOpenAI (useResponsesApi) reads the route’s plain JSON response', async () => {
    server = await startOpenAICompatibleServer({ responses: [{ content: 'Plain answer.' }] });
    const message = await client().invoke('hi');
    expect(message.text).toBe('Plain answer.');
    expect((await bodyOf(1)).stream).not.toBe(true);
  });
});

describe('OpenAIResponsesModel errors', () => {
  it('429 with Retry-After → MODEL_HTTP with the status and retryAfterMs', async () => {
    const model = await start([{ fail: { status: 429, retryAfter: 2 } }]);
    const { chunks, error } = await streamOf(model);
    expect(chunks).toEqual([]);
    expect(error?.code).toBe('MODEL_HTTP');
    expect(error?.details).toMatchObject({
      status: 429,
      retryAfterMs: 2000,
      errorCode: 'rate_limit_exceeded',
      step: 'OpenAIResponsesModel',
    });
  });

  it('a connection cut mid-stream → MODEL_HTTP (stage stream), the text before it kept', async () => {
    const model = await start([
      { content: ['one ', 'two ', 'three ', 'four'], fail: 'cut-mid-stream', failAfterChunks: 4 },
    ]);
    const { chunks, error } = await streamOf(model);
    expect(textOf(chunks)).toBe('one two ');
    expect(error?.code).toBe('MODEL_HTTP');
    expect(error?.details).toMatchObject({ stage: 'stream', chunksReceived: 2 });
  });

  it('a cut after the answer began but before any text → MODEL_HTTP with stage stream', async () => {
    const model = await start([
      { content: ['a', 'b'], fail: 'cut-mid-stream', failAfterChunks: 2 },
    ]);
    const { chunks, error } = await streamOf(model);
    expect(chunks).toEqual([]);
    expect(error?.code).toBe('MODEL_HTTP');
    expect(error?.details).toMatchObject({ stage: 'stream', chunksReceived: 0 });
  });

  it('an end without response.completed → MODEL_INCOMPLETE after every delta', async () => {
    const model = await start([{ content: ['a', 'b', 'c'], fail: 'no-terminator' }]);
    const { chunks, error } = await streamOf(model);
    expect(textOf(chunks)).toBe('abc');
    expect(error?.code).toBe('MODEL_INCOMPLETE');
    expect(error?.details).toMatchObject({ stage: 'stream', chunksReceived: 3 });
  });

  it('a data line that is not JSON → SSE_PARSE with the event position', async () => {
    const model = await start([{ content: ['a', 'b', 'c', 'd'], fail: 'malformed-json' }]);
    const { chunks, error } = await streamOf(model);
    // created, in_progress, item added, part added, 'a', 'b' (half of the 9 item events), then the bad line.
    expect(textOf(chunks)).toBe('ab');
    expect(error?.code).toBe('SSE_PARSE');
    expect(error?.details).toMatchObject({ position: 6, stage: 'stream' });
  });

  it('a stall after two deltas → TIMEOUT after idleTimeoutMs, the request closed', async () => {
    const model = (
      await start([{ content: 'a b c', fail: 'stall', failAfterChunks: 4 }])
    ).withIdleTimeout(200);
    const { chunks, error } = await streamOf(model);
    expect(textOf(chunks)).toBe('a b ');
    expect(error?.code).toBe('TIMEOUT');
    const request = await (server as OpenAICompatibleServer).waitForRequest(1);
    await request.connection.whenClosed;
    expect(request.connection.closed).toBe(true);
  });

  it('response.failed (through the `fetch` option) → GENERATION after the text before it', async () => {
    const frames = [
      { type: 'response.created', response: { id: 'resp_f' } },
      { type: 'response.output_text.delta', delta: 'Par' },
      { type: 'response.failed', response: { error: { code: 'server_error', message: 'Boom' } } },
    ];
    const sse = frames.map((f) => `event: ${f.type}\ndata: ${JSON.stringify(f)}\n\n`).join('');
    const urls: string[] = [];
    const model = new OpenAIResponsesModel({
      apiKey: 'k',
      baseURL: 'http://models.invalid/v1/',
      fetch: (input) => {
        urls.push(String(input));
        return Promise.resolve(
          new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
        );
      },
    });
    const { chunks, error } = await streamOf(model);
    expect(urls).toEqual(['http://models.invalid/v1/responses']);
    expect(textOf(chunks)).toBe('Par');
    expect(error?.code).toBe('GENERATION');
    expect(error?.message).toBe('Boom');
    expect(error?.details).toMatchObject({ responseCode: 'server_error' });
  });

  it('an empty 200 body → EMPTY_OUTPUT', async () => {
    const model = await start([{ content: 'x', fail: 'empty-body' }]);
    const { error } = await streamOf(model);
    expect(error?.code).toBe('EMPTY_OUTPUT');
  });
});

describe('OpenAIResponsesModel cancellation', () => {
  it('unsubscribing mid-stream closes the upstream connection and leaves no timer', async () => {
    const model = await start([{ content: 'one two three four five six seven', delayMs: 30 }]);
    const before = activeTimers();
    const chunks = readTwoThenUnsubscribe(model);
    const request = await (server as OpenAICompatibleServer).waitForRequest(1);
    await request.whenDone;
    await request.connection.whenClosed;
    expect(request.connection.closed).toBe(true);
    expect(chunks.map((c) => c.text)).toEqual(['one ', 'two ']);
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });

  it('unsubscribing while the server stalls mid-answer aborts the request', async () => {
    // Two text deltas, then nothing: only an abort can end the pending read.
    const model = await start([{ content: 'one two three', fail: 'stall', failAfterChunks: 4 }]);
    const before = activeTimers();
    const chunks = readTwoThenUnsubscribe(model);
    const request = await (server as OpenAICompatibleServer).waitForRequest(1);
    await request.connection.whenClosed;
    expect(request.connection.closed).toBe(true);
    expect(textOf(chunks)).toBe('one two ');
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });
});
