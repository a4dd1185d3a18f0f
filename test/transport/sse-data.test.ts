/**
 * The `data` option of decodeSSE and fromSSE: what encodeSSE wrote comes back typed — JSON parsed,
 * messages and chunks revived, or read by the caller's function; bad data is a typed SSE_PARSE
 * after the events before it.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { from, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { AIMessageChunk, HumanMessage } from '../../src/chunks';
import type { RxRunnablesError } from '../../src/core';
import { decodeSSE, encodeSSE, fromSSE } from '../../src/transport';

const frames = async (values: unknown[]): Promise<string> =>
  (await lastValueFrom(encodeSSE(from(values)).pipe(toArray()))).join('');

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serveText(text: string): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function failing(events: AsyncIterable<{ data: unknown }>): Promise<{
  data: unknown[];
  error: RxRunnablesError;
}> {
  const data: unknown[] = [];
  try {
    for await (const event of events) data.push(event.data);
  } catch (error) {
    return { data, error: error as RxRunnablesError };
  }
  throw new Error(`no error after ${JSON.stringify(data)}`);
}

describe('decodeSSE / fromSSE data option', () => {
  it("'text' (the default) hands back the data as sent", async () => {
    const text = await frames([{ a: 1 }, 'x']);
    const events = await lastValueFrom(decodeSSE(new Response(text)).pipe(toArray()));
    expect(events.map((e) => e.data)).toEqual(['{"a":1}', '"x"']);
  });

  it("'json' parses each data, on both readers", async () => {
    const text = await frames([{ a: [1, 2] }, 'x', null]);
    const decoded = await lastValueFrom(
      decodeSSE(new Response(text), { data: 'json' }).pipe(toArray()),
    );
    expect(decoded.map((e) => e.data)).toEqual([{ a: [1, 2] }, 'x', null]);
    const fetched = await lastValueFrom(
      fromSSE(await serveText(text), { data: 'json' }).pipe(toArray()),
    );
    expect(fetched).toEqual(decoded);
  });

  it("'wire' revives the messages and chunks encodeSSE wrote, nested ones included", async () => {
    const text = await frames([new AIMessageChunk('Hi'), { message: new HumanMessage('Q') }]);
    const events = await lastValueFrom(
      fromSSE(await serveText(text), { data: 'wire' }).pipe(toArray()),
    );
    const [chunk, wrapped] = events.map((e) => e.data);
    expect(chunk).toBeInstanceOf(AIMessageChunk);
    expect((chunk as AIMessageChunk).text).toBe('Hi');
    expect((wrapped as { message: unknown }).message).toBeInstanceOf(HumanMessage);
  });

  it('a function reads each data with its event', async () => {
    const text = 'event: n\nid: 7\ndata: 41\n\n';
    const events = await lastValueFrom(
      decodeSSE(new Response(text), {
        data: (data, event) => ({ n: Number(data) + 1, name: event.event }),
      }).pipe(toArray()),
    );
    expect(events).toEqual([{ id: '7', event: 'n', data: { n: 42, name: 'n' } }]);
  });

  it('data that is not JSON: SSE_PARSE naming the event, after the events before it', async () => {
    const text = 'id: 1\ndata: {"ok":true}\n\nid: 2\nevent: delta\ndata: {oops\n\ndata: 3\n\n';
    for (const events of [
      decodeSSE(new Response(text), { data: 'json' }),
      fromSSE(await serveText(text), { data: 'wire' }),
    ]) {
      const { data, error } = await failing(events);
      expect(data).toEqual([{ ok: true }]);
      expect(error.code).toBe('SSE_PARSE');
      expect(error.details).toMatchObject({
        reason: 'invalid-json',
        id: '2',
        event: 'delta',
        text: '{oops',
      });
    }
  });

  it("a function that throws: SSE_PARSE with the caller's error as cause, not mutated", async () => {
    const thrown = new Error('bad');
    const { data, error } = await failing(
      decodeSSE(new Response('data: a\n\ndata: b\n\n'), {
        data: (d) => {
          if (d === 'b') throw thrown;
          return d.toUpperCase();
        },
      }),
    );
    expect(data).toEqual(['A']);
    expect(error.code).toBe('SSE_PARSE');
    expect(error.cause).toBe(thrown);
    expect(Object.keys(thrown)).toEqual([]);
  });
});
