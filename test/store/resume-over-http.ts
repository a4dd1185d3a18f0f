/**
 * Resuming over HTTP through `fromSSE({ reconnect })`, one test function for every store.
 */
import { describe, expect, it } from 'vitest';
import { runDetached } from '../../src/store';
import type { EventStore } from '../../src/store';
import { fromSSE } from '../../src/transport';
import { cuttingFetch, prng, serveStore, words } from './http-helpers';
import type { CutStats } from './http-helpers';

/** Reads a stream through `fromSSE` with reconnection; resolves with the event ids and data. */
export async function readAll(
  url: string,
  init: Parameters<typeof fromSSE>[1] = {},
): Promise<{ ids: number[]; data: string[] }> {
  const ids: number[] = [];
  const data: string[] = [];
  for await (const event of fromSSE(url, {
    reconnect: { attempts: 20, backoff: { initialMs: 1, maxMs: 20 } },
    ...init,
  })) {
    ids.push(Number(event.id));
    data.push(JSON.parse(event.data) as string);
  }
  return { ids, data };
}

const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => i + from);

export function resumeOverHttp(name: string, make: () => Promise<EventStore>): void {
  describe(`${name}: resuming over HTTP`, () => {
    it('the body cut at 150 random points: every event exactly once, in order', async () => {
      const store = await make();
      const http = await serveStore(store);
      const seed = 0x5eed15;
      const stats: CutStats = { connections: 0, cuts: 0, lastEventIds: [] };
      try {
        const run = await runDetached(words(1500), 'x', { store, streamId: 'cut' });
        const { ids, data } = await readAll(`${http.url}/stream/cut`, {
          fetch: cuttingFetch(prng(seed), 150, 200, stats),
        });
        expect(await run.finished).toBe('done');
        expect(stats.cuts, `seed ${seed}`).toBe(150);
        expect(ids, `seed ${seed}`).toEqual(range(1500));
        expect(data).toEqual(range(1500).map((i) => `w${i}`));
        // Each reconnection asked for the events after the last one it had ('' before any).
        const asked = stats.lastEventIds.map(Number);
        expect(stats.connections).toBeGreaterThan(150);
        expect(asked.every((id, i) => i === 0 || id >= (asked[i - 1] ?? 0))).toBe(true);
        expect(new Set(asked).size).toBeGreaterThan(100);
      } finally {
        await http.close();
      }
    }, 120_000);

    it('two resumes of one stream at the same moment both get every event after the id', async () => {
      const store = await make();
      const http = await serveStore(store);
      try {
        const run = await runDetached(words(400, 5, 3), 'x', { store, streamId: 'twice' });
        const headers = { 'last-event-id': '7' };
        const [a, b] = await Promise.all([
          readAll(`${http.url}/stream/twice`, { headers }),
          readAll(`${http.url}/stream/twice`, { headers }),
        ]);
        expect(await run.finished).toBe('done');
        expect(a.ids).toEqual(range(393, 8));
        expect(b.ids).toEqual(range(393, 8));
      } finally {
        await http.close();
      }
    }, 60_000);

    it('204 for an unknown stream and a finished one fully read; ?after= resumes; 400 for a bad id', async () => {
      const store = await make();
      const http = await serveStore(store);
      try {
        const run = await runDetached(words(5), 'x', { store, streamId: 'short' });
        await run.finished;
        expect((await fetch(`${http.url}/stream/nope`)).status).toBe(204);
        const read = await fetch(`${http.url}/stream/short`, { headers: { 'last-event-id': '5' } });
        expect(read.status).toBe(204);
        // A client cut just after the last event reconnects, gets the 204 and simply completes.
        expect(
          await readAll(`${http.url}/stream/short`, { headers: { 'last-event-id': '5' } }),
        ).toEqual({
          ids: [],
          data: [],
        });
        expect((await readAll(`${http.url}/stream/short?after=3`)).ids).toEqual([4, 5]);
        const bad = await fetch(`${http.url}/stream/short`, { headers: { 'last-event-id': 'x1' } });
        expect(bad.status).toBe(400);
        expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_INPUT' } });
      } finally {
        await http.close();
      }
    });

    it('a client that leaves does not stop the answer; the cancel route does', async () => {
      const store = await make();
      const http = await serveStore(store);
      try {
        const run = await runDetached(words(100_000, 1, 2), 'x', {
          store,
          streamId: 'leave',
          heartbeatMs: 20,
        });
        const seen: number[] = [];
        for await (const event of fromSSE(`${http.url}/stream/leave`)) {
          seen.push(Number(event.id));
          if (seen.length === 3) break;
        }
        const before = (await store.info('leave'))?.lastSeq ?? 0;
        await new Promise((r) => setTimeout(r, 200));
        expect((await store.info('leave'))?.lastSeq).toBeGreaterThan(before);
        expect(await store.status('leave')).toBe('active');
        await fetch(`${http.url}/stream/leave/cancel`, { method: 'POST' });
        expect(await run.finished).toBe('cancelled');
        const error = await readAll(`${http.url}/stream/leave`).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'STREAM_CANCELLED' });
      } finally {
        await http.close();
      }
    }, 30_000);
  });
}
