/**
 * The deployment end to end, on loopback: one redis-server, 3 HTTP instances serving stored
 * streams (serveStream), 2 BullMQ workers running 200 durable runs — each a separate process.
 * 200 `fromSSE` clients behind a round-robin "load balancer" are cut at random and resume with
 * `Last-Event-ID` through another instance; one worker and one HTTP instance are killed
 * (SIGKILL) mid-stream. No event may be lost or doubled, and every run must finish.
 */
import { Queue } from 'bullmq';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisEventStore, enqueueRun } from '../../src/store/node';
import { fromSSE } from '../../src/transport';
import { checkRun, startChild } from './durable-helpers';
import type { Child } from './durable-helpers';
import { prng } from './http-helpers';
import { useRedis } from './redis-server';

const redis = useRedis();
const children: Child[] = [];
let queue: Queue | undefined;
afterAll(async () => {
  await Promise.all(children.splice(0).map((c) => c.kill()));
  await queue?.close();
});

const RUNS = 200;
const WORDS = 30;
const seed = 0x2121;

/** An HTTP instance as the load balancer sees it. */
interface Instance {
  readonly url: string;
  readonly child: Child;
  alive: boolean;
  /** Connections open now. */
  open: number;
}

/** What the load balancer and the cuts did. */
interface Stats {
  connections: number;
  cuts: number;
  /** Bodies that failed without a test cut (an instance killed under them). */
  dropped: number;
}

/**
 * A `fetch` for one client: each connection goes to the next live instance after the one this
 * client used last (a refused one is marked dead and skipped), and its body is cut after a
 * random number of bytes for the client's first `cuts` connections.
 */
function balancedFetch(
  instances: Instance[],
  random: () => number,
  cuts: number,
  stats: Stats,
): typeof fetch {
  let last = Math.floor(random() * instances.length);
  let made = 0;
  return async (input, init) => {
    const path = new URL(String(input)).pathname;
    for (let tries = 0; tries < instances.length * 2; tries++) {
      const index = (last + 1 + tries) % instances.length;
      const instance = instances[index] as Instance;
      if (!instance.alive) continue;
      let response: Response;
      try {
        response = await fetch(`${instance.url}${path}`, init);
      } catch (error) {
        if (
          !instance.alive ||
          (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED'
        ) {
          instance.alive = false;
          continue;
        }
        throw error;
      }
      last = index;
      stats.connections++;
      const cut = made++ < cuts ? 1 + Math.floor(random() * 1_500) : Infinity;
      if (response.body === null) return response;
      const reader = response.body.getReader();
      let seen = 0;
      instance.open++;
      let closed = false;
      const close = (): void => {
        if (!closed) instance.open--;
        closed = true;
      };
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (error) {
            stats.dropped++;
            close();
            throw error;
          }
          if (chunk.done) {
            close();
            return controller.close();
          }
          if (seen + chunk.value.length < cut) {
            seen += chunk.value.length;
            return controller.enqueue(chunk.value);
          }
          controller.enqueue(chunk.value.slice(0, cut - seen));
          stats.cuts++;
          close();
          void reader.cancel();
          controller.error(new TypeError('terminated: connection cut by the test'));
        },
        cancel: (reason) => {
          close();
          return reader.cancel(reason);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    }
    throw new TypeError('fetch failed: no instance answers');
  };
}

describe('3 HTTP instances, 2 workers, one Redis: 200 runs', () => {
  it('clients cut at random resume through other instances; a worker and an instance killed mid-stream; 0 events lost, 0 doubled, all runs finish', async () => {
    const client = await redis.client();
    const store = new RedisEventStore({ client, leaseCheckMs: 500 });
    const name = 'multi-process';
    queue = new Queue(name, { connection: { host: '127.0.0.1', port: redis.port } });
    const workerEnv = {
      REDIS_URL: redis.url,
      QUEUE: name,
      ANSWER_WORDS: String(WORDS),
      TOKEN_DELAY_MS: '100',
      // 200 runs split between the two: each holds 100 at most.
      CONCURRENCY: String(RUNS / 2),
      // A stall (on 2 busy cores) must not pass for a death; a takeover after a death is then
      // 4–5 s (lock + stalled check + the fence).
      LOCK_MS: '4000',
      STALLED_MS: '1000',
      LEASE_MS: '30000',
    };
    const started = await Promise.all([
      ...[0, 1, 2].map(() => startChild('http-instance.ts', { REDIS_URL: redis.url })),
      startChild('run-worker.ts', { ...workerEnv, WORKER_NAME: 'worker-1' }),
      startChild('run-worker.ts', { ...workerEnv, WORKER_NAME: 'worker-2' }),
    ]);
    children.push(...started);
    const instances: Instance[] = started.slice(0, 3).map((child) => ({
      url: (child.lines.find((l) => l.startsWith('ready ')) ?? '').slice(6),
      child,
      alive: true,
      open: 0,
    }));
    const workers = started.slice(3) as [Child, Child];

    const ids = Array.from({ length: RUNS }, (_, i) => `mp-${i + 1}`);
    await Promise.all(
      ids.map((id) => enqueueRun(queue as Queue, { id, input: { question: `Find ${id}` } })),
    );
    const stats: Stats = { connections: 0, cuts: 0, dropped: 0 };
    const random = prng(seed);
    const read = async (id: string, i: number) => {
      while ((await store.info(id)) === undefined) await new Promise((r) => setTimeout(r, 50));
      const events: { seq: number; data: string }[] = [];
      const cuts = 1 + Math.floor(random() * 3);
      for await (const event of fromSSE(`http://lb/stream/${id}`, {
        fetch: balancedFetch(instances, prng(seed + i), cuts, stats),
        reconnect: { attempts: 30, backoff: { initialMs: 20, maxMs: 300 } },
      })) {
        events.push({ seq: Number(event.id), data: event.data });
      }
      return events;
    };
    const clients = ids.map((id, i) => read(id, i));

    // Mid-stream: once the runs stored 15 events each on average (of about 40), a worker and an
    // instance die. `answering`: the runs active past their tool step then.
    let answering = 0;
    for (let total = 0; total < RUNS * 15;) {
      await new Promise((r) => setTimeout(r, 50));
      const infos = await Promise.all(ids.map((id) => store.info(id)));
      total = infos.reduce((sum, info) => sum + (info?.lastSeq ?? 0), 0);
      answering = infos.filter((s) => s?.status === 'active' && s.lastSeq > 15).length;
    }
    // The worker with more runs going dies (each counts its runs in `held:<name>`), and an instance.
    const [one, two] = (await client.sendCommand(['MGET', 'held:worker-1', 'held:worker-2'])) as [
      string | null,
      string | null,
    ];
    const [worker, runsOnVictim] =
      Number(one) >= Number(two) ? [workers[0], Number(one)] : [workers[1], Number(two)];
    const victim = instances[0] as Instance;
    const openOnVictim = victim.open;
    victim.alive = false;
    await Promise.all([worker.kill(), victim.child.kill()]);

    const seen = await Promise.all(clients);
    let interrupted = 0;
    for (const [i, id] of ids.entries()) {
      const events = seen[i] ?? [];
      const check = checkRun(id, WORDS, events);
      expect(check.problems, `${id} (seed ${seed})`).toEqual([]);
      interrupted += check.interruptions.length > 0 ? 1 : 0;
      // What the client saw is what is stored: nothing lost, nothing doubled.
      const stored = await lastValueFrom(store.read(id).pipe(toArray()));
      expect(events, id).toEqual(stored.map((e) => ({ seq: e.seq, data: e.data })));
      expect(await store.status(id)).toBe('done');
    }
    // Each worker ran at most its concurrency at once; the one that lived was full.
    const most = (await client.sendCommand(['MGET', 'most:worker-1', 'most:worker-2'])) as string[];
    expect(most.map(Number).every((n) => n <= RUNS / 2)).toBe(true);
    expect(most.map(Number)).toContain(RUNS / 2);
    const counts = await queue.getJobCounts('completed', 'failed', 'active', 'wait');
    expect(counts).toMatchObject({ completed: RUNS, failed: 0, active: 0, wait: 0 });
    // The faults really happened mid-stream.
    expect(openOnVictim).toBeGreaterThan(0);
    expect(runsOnVictim).toBeGreaterThan(0);
    expect(interrupted).toBeGreaterThan(0);
    expect(stats.cuts).toBeGreaterThanOrEqual(RUNS);
    console.log(
      `multi-process: ${RUNS} runs, ${interrupted} taken over (${runsOnVictim} on the killed worker), at most ${most.join(' and ')} at once, ${stats.connections} connections, ` +
        `${stats.cuts} cuts, ${stats.dropped} dropped by the killed instance (${openOnVictim} open on it), ${answering} runs answering at the kill`,
    );
  }, 120_000);
});
