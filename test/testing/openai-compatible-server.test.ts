import { ChatOpenAI } from '@langchain/openai';
import type { AIMessageChunk } from '@langchain/core/messages';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startOpenAICompatibleServer } from '../../src/testing/openai-compatible-server';
import type {
  OpenAICompatibleServer,
  OpenAICompatibleServerOptions,
} from '../../src/testing/openai-server-types';

let server: OpenAICompatibleServer | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

async function start(options?: OpenAICompatibleServerOptions): Promise<OpenAICompatibleServer> {
  server = await startOpenAICompatibleServer(options);
  return server;
}

function client(url: string): ChatOpenAI {
  return new ChatOpenAI({
    model: 'gpt-4o-mini',
    apiKey: 'test',
    maxRetries: 0,
    streamUsage: true,
    configuration: { baseURL: url, logLevel: 'off' },
  });
}

async function collect(model: ChatOpenAI, input: string): Promise<AIMessageChunk[]> {
  const out: AIMessageChunk[] = [];
  for await (const chunk of await model.stream(input)) out.push(chunk);
  return out;
}

function total(chunks: AIMessageChunk[]): AIMessageChunk {
  return chunks.reduce((a, b) => a.concat(b));
}

/** Reads an SSE body and returns the payload of every `data:` line. */
async function sseLines(url: string, body: unknown): Promise<string[]> {
  const res = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

describe('startOpenAICompatibleServer', () => {
  it('listens on 127.0.0.1 with a base URL ending in /v1', async () => {
    const s = await start();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/v1`);
    expect(s.port).toBeGreaterThan(0);
  });

  it('streams the scripted text to the real ChatOpenAI client', async () => {
    const s = await start({ responses: [{ content: ['Hel', 'lo', ', world'] }] });
    const chunks = await collect(client(s.url), 'hi');
    expect(chunks.map((c) => c.content).filter(Boolean)).toEqual(['Hel', 'lo', ', world']);
    expect(total(chunks).content).toBe('Hello, world');
  });

  it('records the request body the client sent', async () => {
    const s = await start();
    await collect(client(s.url), 'what is rx?');
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]?.method).toBe('POST');
    expect(s.requests[0]?.path).toBe('/v1/chat/completions');
    expect(s.requests[0]?.headers.authorization).toBe('Bearer test');
    expect(s.requests[0]?.body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'what is rx?' }],
    });
  });

  it('sends tool-call arguments in fragments that the client reassembles', async () => {
    const s = await start({
      responses: [
        {
          toolCalls: [
            { id: 'call_a', name: 'search', args: { query: 'rx streams' } },
            { id: 'call_b', name: 'lookup', args: ['{"id"', ': 4', '2}'] },
          ],
        },
      ],
    });
    const chunks = await collect(client(s.url), 'go');
    const fragments = chunks.flatMap((c) => c.tool_call_chunks ?? []).filter((t) => t.args);
    expect(fragments.length).toBeGreaterThan(3);
    expect(total(chunks).tool_calls).toEqual([
      { id: 'call_a', name: 'search', args: { query: 'rx streams' }, type: 'tool_call' },
      { id: 'call_b', name: 'lookup', args: { id: 42 }, type: 'tool_call' },
    ]);
  });

  it('sends the final usage chunk when stream_options.include_usage is set', async () => {
    const s = await start({
      responses: [{ content: 'a b', usage: { promptTokens: 7, completionTokens: 2 } }],
    });
    const chunks = await collect(client(s.url), 'count');
    expect(total(chunks).usage_metadata).toMatchObject({
      input_tokens: 7,
      output_tokens: 2,
      total_tokens: 9,
    });
  });

  it('answers stream: false with one chat.completion object', async () => {
    const s = await start({
      responses: [
        { content: 'whole answer', toolCalls: [{ id: 'c1', name: 'f', args: { x: 1 } }] },
      ],
    });
    const message = await client(s.url).invoke('hi', { signal: undefined });
    expect(s.requests[0]?.body).toMatchObject({ stream: false });
    expect(message.content).toBe('whole answer');
    expect(message.tool_calls).toEqual([
      { id: 'c1', name: 'f', args: { x: 1 }, type: 'tool_call' },
    ]);
    expect(message.usage_metadata?.total_tokens).toBeGreaterThan(0);
  });

  it('uses the queue in order, then respond(), then the default reply', async () => {
    const s = await start({
      responses: [{ content: 'first' }],
      respond: (body, index) => ({
        content: `echo ${index}: ${String(body.messages?.[0]?.content)}`,
      }),
    });
    const model = client(s.url);
    expect(total(await collect(model, 'a')).content).toBe('first');
    expect(total(await collect(model, 'b')).content).toBe('echo 1: b');
    s.enqueue({ content: 'queued later' });
    expect(total(await collect(model, 'c')).content).toBe('queued later');
  });

  it('falls back to a default reply when nothing is scripted', async () => {
    const s = await start();
    expect(total(await collect(client(s.url), 'hi')).content).toMatch(/loopback server/);
  });

  it('lists models on GET /v1/models', async () => {
    const s = await start({ models: ['m-1', 'm-2'] });
    const res = await fetch(`${s.url}/models`);
    const list = (await res.json()) as { object: string; data: { id: string; object: string }[] };
    expect(list.object).toBe('list');
    expect(list.data.map((m) => [m.id, m.object])).toEqual([
      ['m-1', 'model'],
      ['m-2', 'model'],
    ]);
  });

  it('answers 404 with an OpenAI-shaped error for unknown routes', async () => {
    const s = await start();
    const res = await fetch(`${s.url}/embeddings`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('waitForRequest resolves with the n-th request', async () => {
    const s = await start();
    const waiting = s.waitForRequest(1);
    await collect(client(s.url), 'hello');
    expect((await waiting).body).toMatchObject({ messages: [{ content: 'hello' }] });
  });
});

describe('startOpenAICompatibleServer failures', () => {
  it('answers a scripted 429 with an OpenAI-shaped body; the client sees the status', async () => {
    const s = await start({ responses: [{ fail: { status: 429 } }] });
    await expect(collect(client(s.url), 'hi')).rejects.toMatchObject({ status: 429 });
    const res = await fetch(`${s.url}/chat/completions`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
  });

  it('sends the scripted status and body of a 500', async () => {
    const s = await start({
      responses: [{ fail: { status: 500, body: { error: { message: 'down' } } } }],
    });
    const res = await fetch(`${s.url}/chat/completions`, {
      method: 'POST',
      body: '{"stream":true}',
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { message: 'down' } });
  });

  it('cuts the connection mid-stream after the chunks before the cut', async () => {
    const s = await start({
      responses: [{ content: ['a', 'b', 'c', 'd'], fail: 'cut-mid-stream', failAfterChunks: 2 }],
    });
    const seen: string[] = [];
    const run = async () => {
      for await (const chunk of await client(s.url).stream('hi')) seen.push(String(chunk.content));
    };
    await expect(run()).rejects.toThrow();
    expect(seen.join('')).toBe('ab');
    await s.requests[0]?.connection.whenClosed;
    expect(s.requests[0]?.connection.closed).toBe(true);
  });

  it('sends a data: line that is not JSON for malformed-json', async () => {
    const s = await start({ responses: [{ content: ['a', 'b'], fail: 'malformed-json' }] });
    const lines = await sseLines(s.url, { stream: true, messages: [] });
    expect(lines).toHaveLength(3);
    expect(() => JSON.parse(lines[2] ?? '')).toThrow(SyntaxError);
    expect(lines).not.toContain('[DONE]');
  });

  it('makes the real client throw on malformed JSON after the earlier chunks', async () => {
    const s = await start({ responses: [{ content: ['a', 'b'], fail: 'malformed-json' }] });
    const seen: string[] = [];
    const run = async () => {
      for await (const chunk of await client(s.url).stream('hi')) seen.push(String(chunk.content));
    };
    await expect(run()).rejects.toThrow(SyntaxError);
    expect(seen.join('')).toBe('a');
  });

  it('closes the server-side socket when the client aborts a slow stream', async () => {
    const s = await start({ responses: [{ content: ['a', 'b', 'c'], delayMs: 60_000 }] });
    const controller = new AbortController();
    const run = async () => {
      for await (const _chunk of await client(s.url).stream('hi', { signal: controller.signal })) {
        controller.abort();
      }
    };
    await expect(run()).rejects.toThrow();
    const request = await s.waitForRequest(1);
    await request.whenDone;
    await request.connection.whenClosed;
    expect(request.connection.closed).toBe(true);
  });

  it('close() destroys open sockets and clears its pending timers', async () => {
    const setSpy = vi.spyOn(globalThis, 'setTimeout');
    const clearSpy = vi.spyOn(globalThis, 'clearTimeout');
    const s = await start({ responses: [{ content: ['a', 'b', 'c'], delayMs: 60_000 }] });
    const res = await fetch(`${s.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ stream: true, messages: [] }),
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const pending = setSpy.mock.results
      .filter((_, i) => setSpy.mock.calls[i]?.[1] === 60_000)
      .map((r) => r.value as unknown);
    expect(pending).toHaveLength(1);
    await s.close();
    expect(clearSpy.mock.calls.map((call) => call[0] as unknown)).toContain(pending[0]);
    expect(s.connections.every((c) => c.closed)).toBe(true);
    await expect(reader.read()).rejects.toThrow();
  });
});
