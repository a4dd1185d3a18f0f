/**
 * The resume routes of docs/store.md (`serveStream` on Node `http` and as a web handler) read by
 * the official `eventsource` 4 client, unmodified: ids, `retry`, reconnection with
 * `Last-Event-ID` after cuts, and the end of a stream — done, failed and cancelled. One test
 * function for every store.
 */
import { EventSource } from 'eventsource';
import { describe, expect, it } from 'vitest';
import { RunnableLambda } from '../../src/core';
import { runDetached } from '../../src/store';
import type { EventStore } from '../../src/store';
import { cuttingFetch, prng, serveStore, words } from './http-helpers';
import type { CutStats } from './http-helpers';

/** What an EventSource saw: its messages, the `event: error` frames, and every request it made. */
export interface EventSourceRead {
  messages: { id: string; data: string }[];
  errorFrames: { id: string; data: string }[];
  requests: { lastEventId: string; status: number }[];
  /** True when the client was still reconnecting after `maxRequests` (the test closed it). */
  runaway: boolean;
}

/**
 * Reads `url` with an EventSource until it closes by itself (a 204, or another status it does
 * not reconnect after), or until it made `maxRequests` requests.
 */
export function readWithEventSource(
  url: string,
  options: { fetch?: typeof fetch; maxRequests?: number } = {},
): Promise<EventSourceRead> {
  const maxRequests = options.maxRequests ?? 50;
  const inner = options.fetch ?? fetch;
  const read: EventSourceRead = { messages: [], errorFrames: [], requests: [], runaway: false };
  return new Promise((resolve) => {
    const box: { source?: EventSource } = {};
    const recording: typeof fetch = async (input, init) => {
      const entry = {
        lastEventId: new Headers(init?.headers).get('last-event-id') ?? '',
        status: 0,
      };
      read.requests.push(entry);
      if (read.requests.length > maxRequests) {
        read.runaway = true;
        box.source?.close();
        resolve(read);
      }
      const response = await inner(input, init);
      entry.status = response.status;
      return response;
    };
    const es = new EventSource(url, { fetch: recording });
    box.source = es;
    es.addEventListener('message', (event) => {
      read.messages.push({ id: event.lastEventId, data: event.data as string });
    });
    es.addEventListener('error', (event: Event) => {
      if (event instanceof MessageEvent) {
        read.errorFrames.push({ id: event.lastEventId, data: event.data as string });
        return;
      }
      if (es.readyState === es.CLOSED) resolve(read);
    });
  });
}

const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => i + from);
let counter = 0;
const id = (): string => `es${++counter}-${Math.random().toString(36).slice(2)}`;

export function eventSourceClient(name: string, make: () => Promise<EventStore>): void {
  describe(`${name}: the resume route read by eventsource 4`, () => {
    for (const route of ['node', 'web'] as const) {
      it(`${route} route: ids, retry, Last-Event-ID after 8 cuts; the done stream ends with 204`, async () => {
        const store = await make();
        const http = await serveStore(store, { retryMs: 5, route });
        const stats: CutStats = { connections: 0, cuts: 0, lastEventIds: [] };
        const streamId = id();
        try {
          const run = await runDetached(words(300, 10, 2), 'x', { store, streamId });
          const head = await fetch(`${http.url}/stream/${streamId}`);
          const reader = head.body!.getReader();
          const first = new TextDecoder().decode((await reader.read()).value);
          await reader.cancel();
          expect(first.startsWith('retry: 5\n\n')).toBe(true);

          const read = await readWithEventSource(`${http.url}/stream/${streamId}`, {
            fetch: cuttingFetch(prng(0xe5 + route.length), 8, 400, stats),
          });
          expect(await run.finished).toBe('done');
          expect(read.runaway).toBe(false);
          expect(stats.cuts).toBe(8);
          expect(read.messages.map((m) => Number(m.id))).toEqual(range(300));
          expect(read.messages.map((m) => JSON.parse(m.data) as string)).toEqual(
            range(300).map((i) => `w${i}`),
          );
          expect(read.errorFrames).toEqual([]);
          // Every reconnection asked for the events after the last one the client had; the last
          // one, after the whole stream, got the 204 that stops an EventSource.
          const asked = read.requests.map((r) => Number(r.lastEventId || '0'));
          expect(asked.every((n, i) => i === 0 || n >= (asked[i - 1] ?? 0))).toBe(true);
          expect(read.requests[0]?.lastEventId).toBe('');
          expect(read.requests.at(-1)).toEqual({ lastEventId: '300', status: 204 });
          expect(read.requests.slice(0, -1).every((r) => r.status === 200)).toBe(true);
        } finally {
          await http.close();
        }
      }, 60_000);
    }

    it('a cancelled stream: its events, one error frame with one stable id, then 204', async () => {
      const store = await make();
      const http = await serveStore(store, { retryMs: 5 });
      const streamId = id();
      const P = { producerId: 'p' };
      try {
        await store.open(streamId, P);
        for (const word of ['a', 'b', 'c']) await store.append(streamId, JSON.stringify(word), P);
        await store.cancel(streamId);
        const read = await readWithEventSource(`${http.url}/stream/${streamId}`, {
          maxRequests: 6,
        });
        expect(read.runaway).toBe(false);
        expect(read.messages.map((m) => [m.id, m.data])).toEqual([
          ['1', '"a"'],
          ['2', '"b"'],
          ['3', '"c"'],
        ]);
        expect(read.errorFrames.map((f) => f.id)).toEqual(['4']);
        expect(JSON.parse(read.errorFrames[0]?.data ?? '')).toMatchObject({
          code: 'STREAM_CANCELLED',
        });
        expect(read.requests).toEqual([
          { lastEventId: '', status: 200 },
          { lastEventId: '4', status: 204 },
        ]);
      } finally {
        await http.close();
      }
    });

    it('a failed run: the error frame again after a cut before it, same id; then 204', async () => {
      const store = await make();
      const http = await serveStore(store, { retryMs: 5 });
      const streamId = id();
      try {
        const boom = RunnableLambda.from(async function* (_: string) {
          yield 'one';
          throw new Error('boom');
        });
        const run = await runDetached(boom, 'x', { store, streamId });
        expect(await run.finished).toBe('failed');
        // A client cut after event 1 (before the error frame) gets the same frame each time.
        const url = `${http.url}/stream/${streamId}`;
        const again = await Promise.all(
          [1, 2].map(async () => (await fetch(url, { headers: { 'last-event-id': '1' } })).text()),
        );
        expect(again[0]).toMatch(
          /^retry: 5\n\nid: 2\nevent: error\ndata: \{"code":"STREAM_FAILED"/,
        );
        expect(again[1]).toBe(again[0]);
        const read = await readWithEventSource(url, { maxRequests: 6 });
        expect(read.runaway).toBe(false);
        expect(read.messages.map((m) => m.id)).toEqual(['1']);
        expect(read.errorFrames.map((f) => f.id)).toEqual(['2']);
        expect(read.requests.map((r) => r.status)).toEqual([200, 204]);
      } finally {
        await http.close();
      }
    });

    it('cancelled while the client follows live: the client stops, the producer too', async () => {
      const store = await make();
      const http = await serveStore(store, { retryMs: 5 });
      const streamId = id();
      try {
        const run = await runDetached(words(1_000_000, 1, 2), 'x', { store, streamId });
        const reading = readWithEventSource(`${http.url}/stream/${streamId}`, { maxRequests: 6 });
        await new Promise((r) => setTimeout(r, 100));
        await fetch(`${http.url}/stream/${streamId}/cancel`, { method: 'POST' });
        const read = await reading;
        expect(await run.finished).toBe('cancelled');
        expect(read.runaway).toBe(false);
        const lastSeq = (await store.info(streamId))?.lastSeq ?? 0;
        expect(read.messages.map((m) => Number(m.id))).toEqual(range(lastSeq));
        expect(read.errorFrames.map((f) => f.id)).toEqual([String(lastSeq + 1)]);
        expect(read.requests.at(-1)).toEqual({ lastEventId: String(lastSeq + 1), status: 204 });
      } finally {
        await http.close();
      }
    });
  });
}
