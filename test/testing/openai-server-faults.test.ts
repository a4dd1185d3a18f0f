import { describe, expect, it } from 'vitest';
import type { ScriptedResponse } from '../../src/testing/openai-server-types';
import { useLoopbackModel } from '../support/loopback-model';

const loopback = useLoopbackModel();

async function post(
  reply: ScriptedResponse,
  body: Record<string, unknown> = {},
  signal?: AbortSignal,
) {
  const server = await loopback.startServer({ responses: [reply] });
  return fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...body }),
    ...(signal === undefined ? {} : { signal }),
  });
}

/** The JSON payloads of an SSE body (`[DONE]` kept as the string). */
function events(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? data : (JSON.parse(data) as unknown)));
}

type Chunk = { choices: { delta: Record<string, unknown>; finish_reason: unknown }[] };
const deltas = (payloads: unknown[]) =>
  payloads
    .filter((p): p is Chunk => typeof p === 'object' && (p as Chunk).choices.length > 0)
    .map((p) => p.choices[0]?.delta ?? {});

describe('loopback server faults', () => {
  it('role first (default): only the first delta names the assistant', async () => {
    const res = await post({ content: ['a', 'b'] }, { stream: true });
    expect(deltas(events(await res.text())).map((d) => d.role)).toEqual([
      'assistant',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    ['omitted', [false, false, false, false], [undefined, undefined, undefined, undefined]],
    ['null', [true, true, true, false], [null, null, null, undefined]],
    ['later', [false, true, false, false], [undefined, 'assistant', undefined, undefined]],
  ] as const)('role %s', async (role, has, values) => {
    const res = await post({ content: ['a', 'b'], role }, { stream: true });
    const ds = deltas(events(await res.text()));
    expect(ds.map((d) => 'role' in d)).toEqual(has);
    expect(ds.map((d) => d.role)).toEqual(values);
    expect(ds.map((d) => d.content ?? '').join('')).toBe('ab');
  });

  it('stall: the headers arrive, then nothing, until the client goes away', async () => {
    const controller = new AbortController();
    const res = await post({ content: ['a'], fail: 'stall' }, { stream: true }, controller.signal);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([
      reader.read().then(
        () => 'data' as const,
        () => 'error' as const,
      ),
      new Promise<'nothing'>((resolve) => (timer = setTimeout(() => resolve('nothing'), 300))),
    ]);
    clearTimeout(timer);
    expect(first).toBe('nothing');
    controller.abort();
    const request = await loopback.server!.waitForRequest(1);
    await request.connection.whenClosed;
    expect(request.connection.closed).toBe(true);
  });

  it('stall after chunks: the role chunk and failAfterChunks chunks, then nothing', async () => {
    const controller = new AbortController();
    const res = await post(
      { content: ['a', 'b', 'c'], fail: 'stall', failAfterChunks: 2 },
      { stream: true },
      controller.signal,
    );
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (events(text).length < 3) {
      const { value } = await reader.read();
      text += decoder.decode(value);
    }
    expect(deltas(events(text)).map((d) => d.content)).toEqual(['', 'a', 'b']);
    controller.abort();
  });

  it('no-terminator: the chunks, then a clean end with no finish_reason and no [DONE]', async () => {
    const res = await post(
      { content: ['a', 'b'], fail: 'no-terminator' },
      { stream: true, stream_options: { include_usage: true } },
    );
    const payloads = events(await res.text());
    expect(payloads).not.toContain('[DONE]');
    expect(deltas(payloads).map((d) => d.content)).toEqual(['', 'a', 'b']);
    expect((payloads as Chunk[]).every((p) => p.choices[0]?.finish_reason === null)).toBe(true);
  });

  it.each([true, false])('empty-body: HTTP 200 with nothing in it (stream: %s)', async (stream) => {
    const res = await post({ content: 'x', fail: 'empty-body' }, { stream });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('json-body: a plain chat.completion answers a stream request', async () => {
    const res = await post({ content: 'Hello there', fail: 'json-body' }, { stream: true });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { object: string; choices: { message: unknown }[] };
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Hello there' });
  });

  it.each([
    [429, 2, '2'],
    [503, 'Wed, 21 Oct 2065 07:28:00 GMT', 'Wed, 21 Oct 2065 07:28:00 GMT'],
  ] as const)('HTTP %i with Retry-After', async (status, retryAfter, header) => {
    const res = await post({ fail: { status, retryAfter } }, { stream: true });
    expect(res.status).toBe(status);
    expect(res.headers.get('retry-after')).toBe(header);
    expect(await res.json()).toHaveProperty('error');
  });

  it('an HTTP failure without retryAfter sends no Retry-After', async () => {
    const res = await post({ fail: { status: 429 } });
    expect(res.headers.get('retry-after')).toBeNull();
  });
});
