/**
 * Coalesced appends of RedisEventStore, on node-redis and on ioredis, against a real redis-server:
 * the appends of 1 000 streams at once are sent as few script calls, each stream's events stored
 * and read live once and in order; a conflict fails only its own appends; `complete` waits for the
 * appends made before it; `close` sends what is queued and leaves no timer; and a Redis killed
 * mid-batch fails the appends with a typed error while every acknowledged one is stored.
 */
import { Redis } from 'ioredis';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RxRunnablesError } from '../../src/core';
import type { StoredEvent } from '../../src/store';
import { RedisEventStore, fromIORedis } from '../../src/store/node';
import type { RedisConnection, RedisEventStoreOptions } from '../../src/store/node';
import { startRedis, useRedis } from './redis-server';
import type { RedisServer } from './redis-server';

// Started for this file; skipped (one line in the summary) or failed (in CI) without redis-server.
const redis = useRedis();
const ioClients: Redis[] = [];
afterAll(() => {
  for (const c of ioClients) c.disconnect();
});

const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => i + from);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const P = { producerId: 'p1' };

type Connect = (server: RedisServer) => Promise<RedisConnection>;
const clients: [string, Connect][] = [
  ['node-redis', (server) => server.client()],
  [
    'ioredis',
    async (server) => {
      const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
      client.on('error', () => undefined);
      ioClients.push(client);
      return fromIORedis(client);
    },
  ],
];

/** Script calls Redis has run so far (EVAL and EVALSHA), from INFO commandstats. */
async function scriptCalls(probe: RedisConnection): Promise<number> {
  const stats = String(await probe.sendCommand(['INFO', 'commandstats']));
  let calls = 0;
  for (const m of stats.matchAll(/cmdstat_eval(?:sha)?:calls=(\d+)/g)) calls += Number(m[1]);
  return calls;
}

function all(store: RedisEventStore, streamId: string): Promise<StoredEvent[]> {
  return lastValueFrom(store.read(streamId).pipe(toArray()));
}

describe.each(clients)('RedisEventStore (%s): coalesced appends', (_, connect) => {
  const make = async (options: Partial<RedisEventStoreOptions> = {}): Promise<RedisEventStore> =>
    new RedisEventStore({
      client: await connect(redis),
      keyPrefix: `b${Math.random()}:`,
      ...options,
    });

  it('1 000 streams at once: every event stored and read live once, in order, in few script calls', async () => {
    const keyPrefix = `many${Math.random()}:`;
    const writer = await make({ keyPrefix });
    // Readers that check their streams only every minute: no script call of theirs is counted.
    const reader = await make({ keyPrefix, leaseCheckMs: 60_000 });
    const probe = await redis.client();
    const streams = range(1000).map((i) => `s${i}`);
    const events = 20;
    for (const s of streams) await writer.open(s, { ...P, leaseMs: 600_000 });
    const live = streams.map((s) => all(reader, s));
    await sleep(300); // the readers follow live
    const before = await scriptCalls(probe);
    await Promise.all(
      streams.map(async (s, i) => {
        if (i % 2 === 0) {
          // A producer awaiting each append, with explicit sequence numbers (as runDetached).
          for (let seq = 1; seq <= events; seq++) {
            expect(await writer.append(s, `${s}:${seq}`, { ...P, seq })).toBe(seq);
          }
        } else {
          // One that does not await: its appends keep their order (the next seq each).
          const seqs = await Promise.all(
            range(events).map((n) => writer.append(s, `${s}:${n}`, P)),
          );
          expect(seqs).toEqual(range(events));
        }
      }),
    );
    const calls = (await scriptCalls(probe)) - before;
    for (const s of streams) await writer.complete(s);
    const got = await Promise.all(live);
    got.forEach((read, i) => {
      const s = streams[i] ?? '';
      expect(read).toEqual(range(events).map((seq) => ({ seq, data: `${s}:${seq}` })));
    });
    // 20 000 appends; one script call each would be 20 000.
    expect(calls).toBeLessThan((streams.length * events) / 10);
  }, 60_000);

  it('a conflict in a batch fails only its own appends; the other streams are stored', async () => {
    const store = await make();
    await store.open('a', P);
    await store.open('b', P);
    const results = await Promise.allSettled([
      store.append('a', '"a1"', P),
      store.append('a', '"foreign"', { producerId: 'p2' }),
      store.append('b', '"b1"', { ...P, seq: 1 }),
      store.append('a', '"gap"', { ...P, seq: 5 }),
      store.append('b', '"b2"', P),
      store.append('a', '"a2"', { ...P, seq: 2 }),
      store.append('a', '"a1 again"', { ...P, seq: 1 }),
      store.append('missing', '"x"', P),
    ]);
    const outcome = results.map((r) =>
      r.status === 'fulfilled' ? r.value : (r.reason as RxRunnablesError).code,
    );
    expect(outcome).toEqual([
      1,
      'STREAM_CONFLICT',
      1,
      'STREAM_CONFLICT',
      2,
      2,
      1,
      'STREAM_CONFLICT',
    ]);
    expect(results[1]).toMatchObject({ reason: { details: { streamId: 'a' } } });
    await store.complete('a');
    await store.complete('b');
    expect((await all(store, 'a')).map((e) => e.data)).toEqual(['"a1"', '"a2"']);
    expect((await all(store, 'b')).map((e) => e.data)).toEqual(['"b1"', '"b2"']);
  });

  it('complete() after appends that were not awaited stores them first', async () => {
    const store = await make({ batchDelayMs: 20 });
    await store.open('c', P);
    const appends = range(300).map((i) => store.append('c', String(i), P));
    await store.complete('c');
    expect(await Promise.all(appends)).toEqual(range(300));
    expect((await all(store, 'c')).map((e) => Number(e.data))).toEqual(range(300));
  });

  it('appends renew the lease (no heartbeat): the stream stays active past leaseMs', async () => {
    const store = await make({ leaseCheckMs: 50 });
    await store.open('lease', { ...P, leaseMs: 300 });
    for (let i = 1; i <= 10; i++) {
      await sleep(100);
      await store.append('lease', String(i), P);
    }
    expect(await store.status('lease')).toBe('active');
    await store.complete('lease');
    expect((await all(store, 'lease')).length).toBe(10);
  });

  it('close() sends the queued appends at once, leaves no timer, and refuses later appends', async () => {
    const timers = (): number =>
      process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate').length;
    // A batch waits up to a minute for more appends: only close() can send it in time.
    const store = await make({ batchDelayMs: 60_000 });
    await store.open('z', P);
    const idle = timers();
    const appends = range(50).map((i) => store.append('z', String(i), { ...P, seq: i }));
    expect(timers()).toBe(idle + 1); // the batch's timer
    await store.close();
    expect(await Promise.all(appends)).toEqual(range(50));
    expect(timers()).toBe(idle);
    const late = await store.append('z', '"late"', P).catch((e: unknown) => e);
    expect(late).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { reason: 'closed' } });
    expect(await store.info('z')).toMatchObject({ status: 'active', lastSeq: 50 });
  });
});

describe.each(clients)('RedisEventStore (%s): Redis killed mid-batch', (_, connect) => {
  it('appends fail with STORE_UNAVAILABLE; every acknowledged append is stored, in order', async () => {
    const server = await startRedis({ aof: true });
    try {
      const store = new RedisEventStore({ client: await connect(server), unavailableMs: 300 });
      const streams = range(200).map((i) => `k${i}`);
      for (const s of streams) await store.open(s, { ...P, leaseMs: 600_000 });
      let acked = 0;
      const failures: unknown[] = [];
      // Half the producers await each append (explicit seq: retried); half fire without seq.
      const producers = streams.map(async (s, i) => {
        const ok: number[] = [];
        if (i % 2 === 0) {
          for (let seq = 1; ; seq++) {
            try {
              ok.push(await store.append(s, `${s}:${seq}`, { ...P, seq }));
              acked++;
            } catch (error) {
              failures.push(error);
              return ok;
            }
          }
        }
        for (let round = 0; ; round++) {
          const results = await Promise.allSettled(
            range(10).map((n) => store.append(s, `${s}:${round * 10 + n}`, P)),
          );
          for (const r of results) {
            if (r.status === 'fulfilled') {
              ok.push(r.value);
              acked++;
            } else failures.push(r.reason);
          }
          if (results.some((r) => r.status === 'rejected')) return ok;
        }
      });
      while (acked < 5_000) await sleep(2);
      await server.kill();
      const ackedSeqs = await Promise.all(producers);
      expect(failures.length).toBeGreaterThan(0);
      for (const error of failures) expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });

      await server.restart(); // the AOF (appendfsync always) holds every acknowledged write
      const check = new RedisEventStore({ client: await server.client() });
      for (const [i, s] of streams.entries()) {
        const ok = ackedSeqs[i] ?? [];
        expect(ok).toEqual(range(ok.length)); // acknowledged in order, none skipped
        const info = await check.info(s);
        expect(info?.lastSeq).toBeGreaterThanOrEqual(ok.length);
        await check.complete(s);
        const stored = await all(check, s);
        expect(stored.map((e) => e.seq)).toEqual(range(info?.lastSeq ?? 0));
        if (i % 2 === 0)
          expect(stored.map((e) => e.data)).toEqual(stored.map((e) => `${s}:${e.seq}`));
      }
    } finally {
      await server.stop();
    }
  }, 60_000);
});
