/**
 * Event stores: events/s appended (one producer, each append awaited) and read (replay of a
 * finished stream), latency from an append to a live reader (p50/p99), and memory per idle
 * stream, for MemoryEventStore and RedisEventStore (a redis-server started here on a free
 * loopback port), beside raw node-redis `XADD` / `XRANGE` as the floor. Run:
 * `npx tsx bench/store.ts` (on the built package via `npm run bench store`).
 * @module
 */
import { startRedis } from '../test/store/redis-server';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lastValueFrom, toArray } from 'rxjs';
import { MemoryEventStore } from 'rx-runnables/store';
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
}

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

const heap = async (): Promise<number> => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};

async function benchStore(
  name: string,
  store: EventStore,
  used: () => Promise<number>,
): Promise<StoreBenchRow> {
  const appendPerS = await appendRate(store, 'rate');
  const readPerS = await readRate(store, 'rate');
  const [p50Ms, p99Ms] = await latency(store, 'latency');
  const bytesPerIdleStream = await idleBytes(store, used);
  return { store: name, appendPerS, readPerS, p50Ms, p99Ms, bytesPerIdleStream };
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
  };
}

export async function runStoreBench(): Promise<StoreBenchRow[]> {
  const rows = [await benchStore('MemoryEventStore', new MemoryEventStore(), heap)];
  if (!existsSync('/usr/bin/redis-server')) return rows;
  // The test suite's launcher: a real redis-server on a free loopback port, no persistence.
  const redis = await startRedis();
  try {
    const conn = await redis.client();
    const usedMemory = async (): Promise<number> =>
      Number(/used_memory:(\d+)/.exec(String(await conn.sendCommand(['INFO', 'memory'])))?.[1]);
    rows.push(
      await benchStore('RedisEventStore', new RedisEventStore({ client: conn }), usedMemory),
    );
    rows.push(await rawRedis(conn));
  } finally {
    await redis.stop();
  }
  return rows;
}

const fmt = (n: number): string =>
  Number.isNaN(n) ? '—' : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3);

/** A Markdown table, with our Redis store's rates as a fraction of raw node-redis. */
export function formatStoreBench(rows: readonly StoreBenchRow[]): string {
  const raw = rows.find((r) => r.store.startsWith('raw'));
  const lines = [
    '| store | appends/s | reads/s (replay) | append → live reader p50 ms | p99 ms | bytes per idle stream (10 events) |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.store} | ${fmt(r.appendPerS)} | ${fmt(r.readPerS)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${fmt(r.bytesPerIdleStream)} |`,
    ),
  ];
  const ours = rows.find((r) => r.store === 'RedisEventStore');
  if (raw && ours) {
    lines.push(
      '',
      `RedisEventStore / raw node-redis: appends ${(ours.appendPerS / raw.appendPerS).toFixed(2)}×, replay ${(ours.readPerS / raw.readPerS).toFixed(2)}× (one producer awaiting each append; ${EVENTS} events of ${DATA.length} bytes).`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatStoreBench(await runStoreBench()));
}
