import { concat, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AIMessageChunk } from '../../src/chunks';
import { RxRunnablesError } from '../../src/core';
import { DemoChatModel } from '../../src/models';
import {
  fromJSONL,
  fromSSE,
  pipeToNodeResponse,
  reviveFromWire,
  toJSONLResponse,
  toSSEResponse,
} from '../../src/transport';
import type { SSEEvent } from '../../src/transport';
import { useServe } from './serving-helpers';

const serve = useServe();

async function collect<T>(
  source: AsyncIterable<T>,
): Promise<{ values: T[]; error?: RxRunnablesError }> {
  const values: T[] = [];
  try {
    for await (const value of source) values.push(value);
    return { values };
  } catch (error) {
    return { values, error: error as RxRunnablesError };
  }
}

describe('fromSSE', () => {
  it('reads a served model answer; the chunks revive to AIMessageChunks adding up to the answer', async () => {
    const model = new DemoChatModel();
    const expected = (await model.invoke('What is a stream?')).text;
    const server = await serve(
      (_req, res) => void pipeToNodeResponse(toSSEResponse(model.stream('What is a stream?')), res),
    );
    const { values, error } = await collect(fromSSE(server.url));
    expect(error).toBeUndefined();
    const chunks = values.map((e) => reviveFromWire(JSON.parse(e.data)) as AIMessageChunk);
    expect(chunks.every((c) => c instanceof AIMessageChunk)).toBe(true);
    expect(chunks.map((c) => c.text).join('')).toBe(expected);
    expect(values.map((e) => e.id)).toEqual(values.map((_, i) => String(i + 1)));
  });

  it('an error event ends the stream with the typed error, after the events before it', async () => {
    const failure = new RxRunnablesError('TIMEOUT', 'model too slow', { step: 'model' });
    const server = await serve(
      (_req, res) =>
        void pipeToNodeResponse(
          toSSEResponse(
            concat(
              of('a', 'b'),
              throwError(() => failure),
            ),
          ),
          res,
        ),
    );
    const { values, error } = await collect(fromSSE(server.url));
    expect(values.map((e) => e.data)).toEqual(['"a"', '"b"']);
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    expect(error?.code).toBe('TIMEOUT');
    expect(error?.message).toBe('model too slow');
    expect(error?.details).toMatchObject({ step: 'model', remote: true });
  });

  it('a non-2xx status is TRANSPORT_HTTP with the status', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/event-stream' });
      res.end('data: no\n\n');
    });
    const { values, error } = await collect(fromSSE(server.url));
    expect(values).toEqual([]);
    expect(error?.code).toBe('TRANSPORT_HTTP');
    expect(error?.details).toMatchObject({ status: 503 });
  });

  it('another content type is TRANSPORT_CONTENT_TYPE', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html></html>');
    });
    const { error } = await collect(fromSSE(server.url));
    expect(error?.code).toBe('TRANSPORT_CONTENT_TYPE');
    expect(error?.details).toMatchObject({ contentType: 'text/html' });
  });

  it('a dropped connection is TRANSPORT_NETWORK after the events received', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('id: 1\ndata: a\n\n', () => setTimeout(() => res.destroy(), 20));
    });
    const { values, error } = await collect(fromSSE(server.url));
    expect(values.map((e) => e.data)).toEqual(['a']);
    expect(error?.code).toBe('TRANSPORT_NETWORK');
  });

  it('reconnects after a dropped connection with Last-Event-ID, and the events continue', async () => {
    const lastEventIds: (string | undefined)[] = [];
    const server = await serve((req, res) => {
      lastEventIds.push(req.headers['last-event-id'] as string | undefined);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (lastEventIds.length === 1) {
        res.write('retry: 10\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n', () =>
          setTimeout(() => res.destroy(), 20),
        );
      } else {
        res.end('id: 3\ndata: c\n\n');
      }
    });
    const { values, error } = await collect(
      fromSSE(server.url, { reconnect: { attempts: 2, backoff: { initialMs: 5_000 } } }),
    );
    expect(error).toBeUndefined();
    expect(values.map((e) => [e.id, e.data])).toEqual([
      ['1', 'a'],
      ['2', 'b'],
      ['3', 'c'],
    ]);
    expect(lastEventIds).toEqual([undefined, '2']);
  });

  it('onRetry gets a retry: block that has no data (what encodeSSE({ retryMs }) sends first)', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('retry: 250\n\nretry: 40\nid: 1\ndata: a\n\nretry: x\n\n');
    });
    const retries: number[] = [];
    const { values } = await collect(fromSSE(server.url, { onRetry: (ms) => retries.push(ms) }));
    expect(retries).toEqual([250, 40]);
    expect(values).toEqual([{ id: '1', event: 'message', data: 'a', retry: 40 }]);
  });

  it('Last-Event-ID follows an id: block without data, and persists across reconnections', async () => {
    const lastEventIds: (string | undefined)[] = [];
    const server = await serve((req, res) => {
      lastEventIds.push(req.headers['last-event-id'] as string | undefined);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const body = ['retry: 1\nid: 1\ndata: a\n\nid: 2\n\n', 'data: b\n\n', 'data: c\n\n'];
      const part = body[lastEventIds.length - 1] ?? '';
      if (lastEventIds.length === 3) res.end(part);
      else res.write(part, () => setTimeout(() => res.destroy(), 10));
    });
    const { values, error } = await collect(fromSSE(server.url, { reconnect: { attempts: 2 } }));
    expect(error).toBeUndefined();
    expect(values.map((e) => [e.id, e.data])).toEqual([
      ['1', 'a'],
      ['2', 'b'],
      ['2', 'c'],
    ]);
    expect(lastEventIds).toEqual([undefined, '2', '2']);
  });

  it('gives up after the reconnection attempts', async () => {
    let requests = 0;
    const server = await serve((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('retry: 1\n\n', () => setTimeout(() => res.destroy(), 10));
    });
    const { error } = await collect(fromSSE(server.url, { reconnect: { attempts: 2 } }));
    expect(error?.code).toBe('TRANSPORT_NETWORK');
    expect(requests).toBe(3);
  });

  it('unsubscribing aborts the request: the server sees the connection close', async () => {
    let closed: Promise<void> | undefined;
    const server = await serve((req, res) => {
      closed = new Promise((resolve) => req.socket.on('close', () => resolve()));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
    });
    await new Promise<void>((resolve) => {
      const sub = fromSSE(server.url).subscribe(() => {
        sub.unsubscribe();
        resolve();
      });
    });
    await closed;
    expect(closed).toBeDefined();
  });

  it('break in for await aborts the request too', async () => {
    let closed: Promise<void> | undefined;
    const server = await serve((req, res) => {
      closed = new Promise((resolve) => req.socket.on('close', () => resolve()));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\ndata: second\n\n');
    });
    const seen: SSEEvent[] = [];
    for await (const event of fromSSE(server.url)) {
      seen.push(event);
      break;
    }
    await closed;
    expect(seen.map((e) => e.data)).toEqual(['first']);
  });

  it('the caller’s signal aborts with ABORTED', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
    });
    const controller = new AbortController();
    const values: string[] = [];
    const error = await new Promise<RxRunnablesError>((resolve) => {
      fromSSE(server.url, { signal: controller.signal }).subscribe({
        next: (e) => {
          values.push(e.data);
          controller.abort();
        },
        error: resolve,
      });
    });
    expect(values).toEqual(['first']);
    expect(error.code).toBe('ABORTED');
  });

  it('a signal aborted before subscribing sends no request and errors with ABORTED', async () => {
    let requests = 0;
    const server = await serve((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: x\n\n');
    });
    const { values, error } = await collect(fromSSE(server.url, { signal: AbortSignal.abort() }));
    expect(values).toEqual([]);
    expect(error?.code).toBe('ABORTED');
    expect(requests).toBe(0);
  });

  it('a server error event is not retried even with reconnect on', async () => {
    let requests = 0;
    const server = await serve((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        'event: error\ndata: {"code":"TRANSPORT_NETWORK","message":"upstream gone","details":{}}\n\n',
      );
    });
    const { error } = await collect(fromSSE(server.url, { reconnect: { attempts: 3 } }));
    expect(error?.message).toBe('upstream gone');
    expect(error?.details).toMatchObject({ remote: true });
    expect(requests).toBe(1);
  });

  it('reads a Response at hand, checking its status and type', async () => {
    const events = await lastValueFrom(
      fromSSE(
        new Response('data: x\n\n', { headers: { 'content-type': 'text/event-stream' } }),
      ).pipe(toArray()),
    );
    expect(events.map((e) => e.data)).toEqual(['x']);
    await expect(lastValueFrom(fromSSE(new Response('x', { status: 404 })))).rejects.toMatchObject({
      code: 'TRANSPORT_HTTP',
      details: { status: 404 },
    });
  });
});

describe('fromJSONL', () => {
  it('reads served values and a final error line as the typed error', async () => {
    const failure = new RxRunnablesError('RETRIEVAL', 'index down', { stage: 'retrieval' });
    const server = await serve(
      (_req, res) =>
        void pipeToNodeResponse(
          toJSONLResponse(
            concat(
              of({ a: 1 }, 'b'),
              throwError(() => failure),
            ),
          ),
          res,
        ),
    );
    const { values, error } = await collect(fromJSONL(server.url));
    expect(values).toEqual([{ a: 1 }, 'b']);
    expect(error?.code).toBe('RETRIEVAL');
    expect(error?.details).toMatchObject({ stage: 'retrieval' });
  });

  it('checks the status and the content type', async () => {
    const server = await serve((req, res) => {
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    expect((await collect(fromJSONL(`${server.url}missing`))).error?.code).toBe('TRANSPORT_HTTP');
    expect((await collect(fromJSONL(server.url))).error?.code).toBe('TRANSPORT_CONTENT_TYPE');
  });

  it('unsubscribing aborts the request', async () => {
    let closed: Promise<void> | undefined;
    const server = await serve((req, res) => {
      closed = new Promise((resolve) => req.socket.on('close', () => resolve()));
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write('1\n');
    });
    await new Promise<void>((resolve) => {
      const sub = fromJSONL(server.url).subscribe(() => {
        sub.unsubscribe();
        resolve();
      });
    });
    await closed;
    expect(closed).toBeDefined();
  });
});
