/**
 * A slow client: the server pulls from the run only as the client reads, so it holds a bounded
 * number of chunks however long the answer is.
 */
import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { NEVER } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  encodeJSONL,
  encodeSSE,
  pipeToNodeResponse,
  toJSONLResponse,
  toSSEResponse,
} from '../../src/transport';
import { countingRun, serve, settle } from './serving-helpers';
import type { TestServer } from './serving-helpers';

let front: TestServer | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await front?.close();
  front = undefined;
});

describe('a slow client holds the server to a bounded number of chunks', () => {
  it('web Response (SSE): chunks pulled from the run stay within a few of the chunks read', async () => {
    const { run, produced } = countingRun(500, 100);
    const reader = (
      toSSEResponse(run.stream('go'), { pingIntervalMs: 0 }).body as ReadableStream<Uint8Array>
    ).getReader();
    let read = 0;
    for (let i = 0; i < 10; i++) {
      await reader.read();
      read += 1;
      await settle(2);
      expect(produced() - read).toBeLessThanOrEqual(4);
    }
    await settle();
    expect(produced()).toBeLessThanOrEqual(read + 4);
    // Reading on delivers the whole answer.
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      read += 1;
    }
    expect(read).toBe(500);
    expect(produced()).toBe(500);
  });

  it('web Response (JSON Lines) pulls as the client reads too', async () => {
    const { run, produced } = countingRun(500, 100);
    const reader = (
      toJSONLResponse(run.stream('go')).body as ReadableStream<Uint8Array>
    ).getReader();
    await reader.read();
    await reader.read();
    await settle();
    expect(produced()).toBeLessThanOrEqual(2 + 4);
    await reader.cancel();
  });

  it('Node http: a paused client stops the run after what the socket buffers hold; resuming reads it all', async () => {
    const size = 256 * 1024;
    const count = 200; // 50 MB if it were all produced
    const { run, produced } = countingRun(count, size);
    front = await serve((_req, res) => {
      void pipeToNodeResponse(encodeJSONL(run.stream('go')), res, {
        headers: { 'content-type': 'application/x-ndjson' },
      });
    });
    const res = await new Promise<IncomingMessage>((resolve) =>
      httpRequest(front!.url, resolve).end(),
    );
    res.pause();
    await settle(40);
    const whilePaused = produced();
    // Loopback socket buffers hold a few MB at most: far fewer than the 200 chunks.
    expect(whilePaused).toBeLessThan(40);
    let bytes = 0;
    res.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    res.resume();
    await new Promise((resolve) => res.on('end', resolve));
    expect(produced()).toBe(count);
    expect(bytes).toBe(count * (size + 3)); // "xxx…"\n
    console.log(
      `[transport] Node http slow client: ${whilePaused} of ${count} chunks produced while paused`,
    );
  }, 30_000);

  it('Node http with SSE: write() returning false waits for drain before pulling again', async () => {
    const { run, produced } = countingRun(200, 256 * 1024);
    front = await serve((_req, res) => {
      void pipeToNodeResponse(encodeSSE(run.stream('go'), { pingIntervalMs: 0 }), res);
    });
    const res = await new Promise<IncomingMessage>((resolve) =>
      httpRequest(front!.url, resolve).end(),
    );
    res.pause();
    await settle(40);
    expect(produced()).toBeLessThan(40);
    res.destroy();
  }, 30_000);

  it('keep-alive pings do not pile up for a client that is not reading', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const reader = (
      toSSEResponse(NEVER, { pingIntervalMs: 1_000 }).body as ReadableStream<Uint8Array>
    ).getReader();
    const first = reader.read();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(new TextDecoder().decode((await first).value)).toBe(': ping\n\n');
    // Twenty intervals without reading.
    await vi.advanceTimersByTimeAsync(20_000);
    let waiting = 0;
    for (;;) {
      const read = reader.read();
      const got = await Promise.race([
        read.then(() => true),
        new Promise<boolean>((resolve) => setImmediate(() => resolve(false))),
      ]);
      if (!got) break;
      waiting += 1;
    }
    expect(waiting).toBeGreaterThanOrEqual(1);
    expect(waiting).toBeLessThanOrEqual(3);
    await reader.cancel();
    expect(vi.getTimerCount()).toBe(0);
  });
});
