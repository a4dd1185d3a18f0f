/**
 * Redis crashes (SIGKILL) and restarts mid-stream, with the AOF on (`appendfsync always`): the
 * producer retries its appends with the same sequence numbers, the live reader retries its
 * XREAD from the last id it had, and the stream goes on — no event lost, none twice.
 */
import { describe, expect, it } from 'vitest';
import { runDetached } from '../../src/store';
import { RedisEventStore } from '../../src/store/node';
import { serveStore, words } from './http-helpers';
import { useRedis } from './redis-server';
import { readAll } from './resume-over-http';

// Started for this file; skipped (one line in the summary) or failed (in CI) without redis-server.
const redis = useRedis({ aof: true });

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('RedisEventStore across a Redis restart (AOF on)', () => {
  it('the stream continues: readers (direct and over HTTP) get every event once, in order', async () => {
    const store = new RedisEventStore({ client: await redis.client(), leaseCheckMs: 200 });
    const http = await serveStore(new RedisEventStore({ client: await redis.client() }));
    try {
      const run = await runDetached(words(1500, 5, 4), 'x', {
        store,
        streamId: 'restart',
        leaseMs: 5_000,
      });
      const direct = new Promise<{ seen: number[]; error?: unknown }>((resolve) => {
        const seen: number[] = [];
        store.read('restart').subscribe({
          next: (e) => seen.push(e.seq),
          error: (error: unknown) => resolve({ seen, error }),
          complete: () => resolve({ seen }),
        });
      });
      const overHttp = readAll(`${http.url}/stream/restart`);
      while (((await store.info('restart'))?.lastSeq ?? 0) < 300) await sleep(5);
      await redis.kill();
      const finishedAtKill = await Promise.race([
        run.finished.then(() => true),
        sleep(0).then(() => false),
      ]);
      await sleep(300);
      await redis.restart();
      expect(await run.finished).toBe('done');
      expect(finishedAtKill).toBe(false); // the crash did happen mid-stream
      const result = await direct;
      expect(result.error).toBeUndefined();
      expect(result.seen).toEqual(range(1500));
      expect((await overHttp).ids).toEqual(range(1500));
    } finally {
      await http.close();
    }
  }, 60_000);
});
