/**
 * Event stores: events/s appended (one producer, each append awaited) and read (replay of a
 * finished stream), latency from an append to a live reader (p50/p99), and memory per idle
 * stream, for MemoryEventStore and RedisEventStore (a redis-server started here on a free
 * loopback port), beside raw node-redis `XADD` / `XRANGE` as the floor; and how long
 * `store.cancel()` on another instance takes to stop a silent producer (p50/p99 of 100 tries,
 * heartbeat ten minutes: the cancel is pushed); and appends of 1 000 streams at once (coalesced)
 * beside raw node-redis `XADD`, with the connections each instance holds (bench/store-appends.ts).
 * Run:
 * `npx tsx bench/store.ts` (on the built package via `npm run bench store`).
 * @module
 */
import { startRedis } from '../test/store/redis-server';
import { formatAppendsBench, runAppendsBench } from './store-appends';
import type { AppendsBenchRow } from './store-appends';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lastValueFrom, toArray } from 'rxjs';
import { RunnableLambda } from 'rx-runnables';
import { MemoryEventStore, runDetached } from 'rx-runnables/store';
import type { EventStore } from 'rx-runnables/store';
import { RedisEventStore } from 'rx-runnables/store/node';
import type { RedisConnection } from 'rx-runnables/store/node';

/** One store's figures. */
export interface StoreBenchRow {
  readonly store: string;
  readonly appendPerS: number;
  readonly readPerS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly bytesPerIdleStream: number;
  /** `store.cancel()` on another instance → the silent producer stopped (`finished`), p50 / p99. */
  readonly cancelP50Ms: number;
  readonly cancelP99Ms: number;
  /** Redis only: connections held by {@link READERS} live readers on one store (`CLIENT LIST`), and ms until one event per stream reached them all. */
  readonly readerConnections?: number;
  readonly fanOutMs?: number;
}

const READERS = 1_000;
const READ_STREAMS = 500;

const EVENTS = 5_000;
const LATENCY_EVENTS = 1_000;
const IDLE_STREAMS = 2_000;
const DATA = JSON.stringify({ type: 'ai', content: ' token', chunk: true });
const P = { producerId: 'bench' };

async function appendRate(store: EventStore, id: string): Promise<number> {
  await store.open(id, P);
  const start = performance.now();
  for (let i = 1; i <= EVENTS; i++) await store.append(id, DATA, { ...P, seq: i });
  const s = (performance.now() - start) / 1000;
  await store.complete(id);
  return EVENTS / s;
}

async function readRate(store: EventStore, id: string): Promise<number> {
  const start = performance.now();
  const events = await lastValueFrom(store.read(id).pipe(toArray()));
  if (events.length !== EVENTS) throw new Error(`read ${events.length} of ${EVENTS}`);
  return EVENTS / ((performance.now() - start) / 1000);
}

/** Append one event, wait until the live reader has it, repeat: the append-to-reader latency. */
async function latency(store: EventStore, id: string): Promise<[number, number]> {
  await store.open(id, P);
  let arrived: () => void = () => undefined;
  const sub = store.read(id).subscribe(() => arrived());
  await new Promise((r) => setTimeout(r, 100)); // the reader is following live
  const ms: number[] = [];
  for (let i = 1; i <= LATENCY_EVENTS; i++) {
    const got = new Promise<void>((resolve) => (arrived = resolve));
    const start = performance.now();
    await store.append(id, DATA, P);
    await got;
    ms.push(performance.now() - start);
  }
  sub.unsubscribe();
  await store.complete(id);
  ms.sort((a, b) => a - b);
  return [ms[Math.floor(ms.length / 2)] ?? 0, ms[Math.floor(ms.length * 0.99)] ?? 0];
}

/** Open streams with 10 events each, left active: bytes each (heap, or Redis used_memory). */
async function idleBytes(store: EventStore, used: () => Promise<number>): Promise<number> {
  const before = await used();
  for (let s = 0; s < IDLE_STREAMS; s++) {
    const id = `idle-${s}`;
    await store.open(id, P);
    for (let i = 0; i < 10; i++) await store.append(id, DATA, P);
  }
  return ((await used()) - before) / IDLE_STREAMS;
}

const CANCEL_TRIES = 100;

/**
 * A producer on `producer` that went silent (a tool that never answers; heartbeat ten minutes),
 * cancelled from `other`: the time from calling `cancel` until the producer has stopped.
 */
async function cancelLatency(producer: EventStore, other: EventStore): Promise<[number, number]> {
  const silent = RunnableLambda.from(async function* (_: string) {
    yield 'started';
    await new Promise(() => undefined);
  });
  const ms: number[] = [];
  for (let i = 0; i < CANCEL_TRIES; i++) {
    const streamId = `cancel-${i}`;
    const run = await runDetached(silent, 'x', {
      store: producer,
      streamId,
      heartbeatMs: 600_000,
      leaseMs: 1_800_000,
    });
    while (((await other.info(streamId))?.lastSeq ?? 0) < 1) {
      await new Promise((r) => setTimeout(r, 1));
    }
    const start = performance.now();
    await other.cancel(streamId);
    const status = await run.finished;
    ms.push(performance.now() - start);
    if (status !== 'cancelled') throw new Error(`run ${streamId} ended ${status}`);
  }
  ms.sort((a, b) => a - b);
  return [ms[Math.floor(ms.length / 2)] ?? 0, ms[Math.floor(ms.length * 0.99)] ?? 0];
}

const heap = async (): Promise<number> => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};

async function benchStore(
  name: string,
  store: EventStore,
  used: () => Promise<number>,
  other: EventStore,
): Promise<StoreBenchRow> {
  const appendPerS = await appendRate(store, 'rate');
  const readPerS = await readRate(store, 'rate');
  const [p50Ms, p99Ms] = await latency(store, 'latency');
  const bytesPerIdleStream = await idleBytes(store, used);
  const [cancelP50Ms, cancelP99Ms] = await cancelLatency(store, other);
  return {
    store: name,
    appendPerS,
    readPerS,
    p50Ms,
    p99Ms,
    bytesPerIdleStream,
    cancelP50Ms,
    cancelP99Ms,
  };
}

/** 1 000 live readers of 500 streams on one store: the connections they hold, and a fan-out. */
async function liveReaders(
  store: EventStore,
  producer: EventStore,
  connections: () => Promise<number>,
): Promise<[number, number]> {
  const streams = Array.from({ length: READ_STREAMS }, (_, i) => `readers-${i}`);
  for (const id of streams) await producer.open(id, P);
  const before = await connections();
  let got = 0;
  let all: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (all = resolve));
  const subs = Array.from({ length: READERS }, (_, i) =>
    store.read(streams[i % READ_STREAMS] ?? '').subscribe(() => {
      if (++got === READERS) all();
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  const held = (await connections()) - before;
  const start = performance.now();
  for (const id of streams) await producer.append(id, DATA, P);
  await reached;
  const fanOutMs = performance.now() - start;
  for (const sub of subs) sub.unsubscribe();
  for (const id of streams) await producer.complete(id);
  return [held, fanOutMs];
}

/** Raw node-redis: sequential XADD, then one XRANGE of everything (the floor under our store). */
async function rawRedis(client: RedisConnection): Promise<StoreBenchRow> {
  let start = performance.now();
  for (let i = 1; i <= EVENTS; i++) await client.sendCommand(['XADD', 'raw', `${i}-0`, 'd', DATA]);
  const appendPerS = EVENTS / ((performance.now() - start) / 1000);
  start = performance.now();
  await client.sendCommand(['XRANGE', 'raw', '-', '+']);
  const readPerS = EVENTS / ((performance.now() - start) / 1000);
  return {
    store: 'raw XADD / XRANGE',
    appendPerS,
    readPerS,
    p50Ms: NaN,
    p99Ms: NaN,
    bytesPerIdleStream: NaN,
    cancelP50Ms: NaN,
    cancelP99Ms: NaN,
  };
}

/** The store bench: one row per store, and the many-streams appends section (Redis only). */
export interface StoreBench {
  readonly rows: StoreBenchRow[];
  readonly appends?: AppendsBenchRow[];
}

export async function runStoreBench(): Promise<StoreBench> {
  const memory = new MemoryEventStore();
  // One process, one memory store: the "other instance" is the same store.
  const rows = [await benchStore('MemoryEventStore', memory, heap, memory)];
  if (!existsSync('/usr/bin/redis-server')) return { rows };
  // The test suite's launcher: a real redis-server on a free loopback port, no persistence.
  const redis = await startRedis();
  try {
    const conn = await redis.client();
    const usedMemory = async (): Promise<number> =>
      Number(/used_memory:(\d+)/.exec(String(await conn.sendCommand(['INFO', 'memory'])))?.[1]);
    // The cancel comes from another instance: a store on a client of its own.
    const other = new RedisEventStore({ client: await redis.client() });
    const ours = new RedisEventStore({ client: conn });
    const row = await benchStore('RedisEventStore', ours, usedMemory, other);
    const clients = async (): Promise<number> =>
      String(await conn.sendCommand(['CLIENT', 'LIST']))
        .trim()
        .split('\n').length;
    const [readerConnections, fanOutMs] = await liveReaders(ours, other, clients);
    rows.push({ ...row, readerConnections, fanOutMs });
    rows.push(await rawRedis(conn));
    const appends = await runAppendsBench(redis, conn);
    return { rows, appends };
  } finally {
    await redis.stop();
  }
}

const fmt = (n: number): string =>
  Number.isNaN(n) ? '—' : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3);

/** Markdown tables, with our Redis store's rates as a fraction of raw node-redis. */
export function formatStoreBench({ rows, appends }: StoreBench): string {
  const raw = rows.find((r) => r.store.startsWith('raw'));
  const lines = [
    '| store | appends/s | reads/s (replay) | append → live reader p50 ms | p99 ms | bytes per idle stream (10 events) | cancel → silent producer stopped p50 ms | p99 ms |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.store} | ${fmt(r.appendPerS)} | ${fmt(r.readPerS)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${fmt(r.bytesPerIdleStream)} | ${fmt(r.cancelP50Ms)} | ${fmt(r.cancelP99Ms)} |`,
    ),
  ];
  const ours = rows.find((r) => r.store === 'RedisEventStore');
  if (raw && ours) {
    lines.push(
      '',
      `Cancel: store.cancel() on another instance (Redis: another client) → the producer's run stopped, ${CANCEL_TRIES} tries, heartbeat 10 min (pushed, not polled); goal p99 < 100 ms.`,
      `Live readers: ${READERS} readers of ${READ_STREAMS} streams on one RedisEventStore hold ${String(ours.readerConnections)} Redis connection(s) (CLIENT LIST; one shared XREAD BLOCK); one event appended to each stream reached all ${READERS} in ${fmt(ours.fanOutMs ?? NaN)} ms.`,
      `RedisEventStore / raw node-redis: appends ${(ours.appendPerS / raw.appendPerS).toFixed(2)}×, replay ${(ours.readPerS / raw.readPerS).toFixed(2)}× (one producer awaiting each append; ${EVENTS} events of ${DATA.length} bytes).`,
    );
  }
  if (appends) lines.push('', formatAppendsBench(appends));
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatStoreBench(await runStoreBench()));
}
