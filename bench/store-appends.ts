/**
 * Appends of many streams at once: 1 000 streams written concurrently into one redis-server, read
 * live by another instance; events/s, append → live reader p50/p99, and the connections each
 * instance holds, for RedisEventStore (coalesced appends) beside raw node-redis `XADD` of the same
 * events (followed by one raw `XREAD BLOCK` loop): each producer awaiting each append, and
 * producers that do not await, paced at 100 000 events/s offered. Each figure is the best of three
 * runs (the machine may be shared). Run from bench/store.ts.
 * @module
 */
import { RedisEventStore } from 'rx-runnables/store/node';
import type { RedisConnection } from 'rx-runnables/store/node';
import type { RedisServer } from '../test/store/redis-server';

/** One workload's figures. */
export interface AppendsBenchRow {
  readonly workload: string;
  readonly client: 'RedisEventStore' | 'raw XADD';
  readonly events: number;
  readonly eventsPerS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Events a reader missed, got twice or out of order (must be 0). */
  readonly wrong: number;
  /** Redis connections of the producing instance and of the reading instance. */
  readonly producerConnections: number;
  readonly readerConnections: number;
}

export const APPEND_STREAMS = 1_000;
const AWAITED_EVENTS = 100; // per stream
const PACED_RATE = 100_000; // events/s offered, all streams together
const PACED_MS = 3_000;
const DATA = JSON.stringify({ type: 'ai', content: ' token', chunk: true });
const P = { producerId: 'bench' };

/** What a reader saw: latencies, and events missing, doubled or out of order. */
class Tally {
  readonly sent: Float64Array[];
  readonly next: Int32Array;
  readonly ms: number[] = [];
  wrong = 0;
  lastAt = 0;

  constructor(perStream: number) {
    this.sent = Array.from({ length: APPEND_STREAMS }, () => new Float64Array(perStream + 1));
    this.next = new Int32Array(APPEND_STREAMS).fill(1);
  }

  seen(stream: number, seq: number): void {
    const now = performance.now();
    if (seq !== this.next[stream]) this.wrong++;
    this.next[stream] = seq + 1;
    this.ms.push(now - (this.sent[stream]?.[seq] ?? now));
    this.lastAt = now;
  }

  missing(perStream: number[]): number {
    return perStream.reduce((n, count, s) => n + Math.abs(count + 1 - (this.next[s] ?? 1)), 0);
  }

  percentile(q: number): number {
    const sorted = Float64Array.from(this.ms).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;
  }
}

/** The producers: each stream's events one after another, awaited, all streams at once. */
async function awaited(
  tally: Tally,
  append: (stream: number, seq: number) => Promise<unknown>,
): Promise<number[]> {
  await Promise.all(
    Array.from({ length: APPEND_STREAMS }, async (_, s) => {
      for (let seq = 1; seq <= AWAITED_EVENTS; seq++) {
        (tally.sent[s] as Float64Array)[seq] = performance.now();
        await append(s, seq);
      }
    }),
  );
  return Array.from({ length: APPEND_STREAMS }, () => AWAITED_EVENTS);
}

/** The producers, not awaiting: events offered at PACED_RATE, round-robin over the streams. */
async function paced(
  tally: Tally,
  append: (stream: number, seq: number) => Promise<unknown>,
): Promise<number[]> {
  const counts = Array.from({ length: APPEND_STREAMS }, () => 0);
  // Outstanding appends counted, not kept: holding 300 000 promises would time the GC.
  let outstanding = 0;
  let failed: unknown;
  let drained: () => void = () => undefined;
  const settled = (): void => {
    if (--outstanding === 0) drained();
  };
  const start = performance.now();
  let n = 0;
  for (;;) {
    const elapsed = performance.now() - start;
    if (elapsed >= PACED_MS) break;
    const due = Math.floor((elapsed * PACED_RATE) / 1000);
    for (; n < due; n++) {
      const s = n % APPEND_STREAMS;
      const seq = ++(counts[s] as number);
      (tally.sent[s] as Float64Array)[seq] = performance.now();
      outstanding++;
      append(s, seq).then(settled, (error: unknown) => {
        failed = error;
        settled();
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  if (outstanding > 0) await new Promise<void>((resolve) => (drained = resolve));
  if (failed !== undefined) throw failed;
  return counts;
}

type Producers = typeof awaited;

const connectionsOf = async (probe: RedisConnection): Promise<number> =>
  String(await probe.sendCommand(['CLIENT', 'LIST']))
    .trim()
    .split('\n').length;

/** Waits until every event reached its reader (or `ms` passed). */
async function drained(tally: Tally, counts: number[], ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (tally.missing(counts) > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function ours(
  redis: RedisServer,
  probe: RedisConnection,
  name: string,
  tag: string,
  producers: Producers,
): Promise<AppendsBenchRow> {
  const base = await connectionsOf(probe);
  const keyPrefix = `${name}:${tag}:`;
  const writer = new RedisEventStore({ client: await redis.client(), keyPrefix });
  const producerConnections = (await connectionsOf(probe)) - base;
  const reader = new RedisEventStore({ client: await redis.client(), keyPrefix });
  const ids = Array.from({ length: APPEND_STREAMS }, (_, s) => `s${s}`);
  for (const id of ids) await writer.open(id, { ...P, leaseMs: 600_000 });
  const perStream = producers === awaited ? AWAITED_EVENTS : (PACED_RATE * PACED_MS) / 1000;
  const tally = new Tally(perStream);
  const subs = ids.map((id, s) =>
    reader.read(id).subscribe({ next: (e) => tally.seen(s, e.seq), error: () => tally.wrong++ }),
  );
  await new Promise((resolve) => setTimeout(resolve, 500)); // every reader follows live
  const readerConnections = (await connectionsOf(probe)) - base - producerConnections;
  const start = performance.now();
  const counts = await producers(tally, (s, seq) =>
    writer.append(ids[s] ?? '', DATA, { ...P, seq }),
  );
  await drained(tally, counts);
  const events = counts.reduce((a, b) => a + b, 0);
  const row: AppendsBenchRow = {
    workload: name,
    client: 'RedisEventStore',
    events,
    eventsPerS: events / ((tally.lastAt - start) / 1000),
    p50Ms: tally.percentile(0.5),
    p99Ms: tally.percentile(0.99),
    wrong: tally.wrong + tally.missing(counts),
    producerConnections,
    readerConnections,
  };
  for (const sub of subs) sub.unsubscribe();
  for (const id of ids) await writer.complete(id);
  await writer.close();
  return row;
}

/** Raw node-redis: `XADD <key> <seq>-0 d <data>` per event; one raw `XREAD BLOCK` loop reads them all. */
async function raw(
  redis: RedisServer,
  probe: RedisConnection,
  name: string,
  tag: string,
  producers: Producers,
): Promise<AppendsBenchRow> {
  const base = await connectionsOf(probe);
  const writer = await redis.client();
  const producerConnections = (await connectionsOf(probe)) - base;
  const reading = await redis.client();
  const readerConnections = (await connectionsOf(probe)) - base - producerConnections;
  const keys = Array.from({ length: APPEND_STREAMS }, (_, s) => `${name}:${tag}:${s}`);
  const index = new Map(keys.map((key, s) => [key, s]));
  const perStream = producers === awaited ? AWAITED_EVENTS : (PACED_RATE * PACED_MS) / 1000;
  const tally = new Tally(perStream);
  const last = keys.map(() => '0-0');
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const reply = (await reading.sendCommand([
        'XREAD',
        'COUNT',
        '512',
        'BLOCK',
        '200',
        'STREAMS',
        ...keys,
        ...last,
      ])) as [string, [string, string[]][]][] | Record<string, [string, string[]][]> | null;
      const byKey = reply === null ? [] : Array.isArray(reply) ? reply : Object.entries(reply);
      for (const [key, entries] of byKey) {
        const s = index.get(key) ?? 0;
        for (const [id] of entries) tally.seen(s, Number(id.split('-')[0]));
        last[s] = entries.at(-1)?.[0] ?? (last[s] as string);
      }
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const start = performance.now();
  const counts = await producers(tally, (s, seq) =>
    writer.sendCommand(['XADD', keys[s] ?? '', `${seq}-0`, 'd', DATA]),
  );
  await drained(tally, counts);
  stop = true;
  await loop;
  const events = counts.reduce((a, b) => a + b, 0);
  return {
    workload: name,
    client: 'raw XADD',
    events,
    eventsPerS: events / ((tally.lastAt - start) / 1000),
    p50Ms: tally.percentile(0.5),
    p99Ms: tally.percentile(0.99),
    wrong: tally.wrong + tally.missing(counts),
    producerConnections,
    readerConnections,
  };
}

/** Runs of each workload on each client: the best (highest events/s) is shown, the machine being shared. */
const RUNS = 3;

async function best(run: (tag: string) => Promise<AppendsBenchRow>): Promise<AppendsBenchRow> {
  let top: AppendsBenchRow | undefined;
  for (let i = 0; i < RUNS; i++) {
    const row = await run(`r${i}`);
    if (top === undefined || row.eventsPerS > top.eventsPerS) top = row;
  }
  return top as AppendsBenchRow;
}

/** Both workloads on both clients, on `redis` (keys of their own). */
export async function runAppendsBench(
  redis: RedisServer,
  probe: RedisConnection,
): Promise<AppendsBenchRow[]> {
  const rows: AppendsBenchRow[] = [];
  const workloads: [string, Producers][] = [
    [`awaited (${AWAITED_EVENTS} per stream)`, awaited],
    [`not awaited, ${PACED_RATE} events/s offered for ${PACED_MS / 1000} s`, paced],
  ];
  for (const [name, producers] of workloads) {
    // Each run on an empty Redis (FLUSHALL keeps the loaded scripts).
    const fresh = (): Promise<unknown> => probe.sendCommand(['FLUSHALL']);
    rows.push(await best(async (tag) => (await fresh(), ours(redis, probe, name, tag, producers))));
    rows.push(await best(async (tag) => (await fresh(), raw(redis, probe, name, tag, producers))));
  }
  return rows;
}

const fmt = (n: number): string =>
  Number.isNaN(n) ? '—' : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3);

/** A Markdown table, and ours over raw per workload. */
export function formatAppendsBench(rows: readonly AppendsBenchRow[]): string {
  const lines = [
    `Appends: ${APPEND_STREAMS} streams written at once (one producing instance), followed live by another instance (one reader per stream) in the same process; events of ${DATA.length} bytes; best of ${RUNS} runs.`,
    '',
    '| producers | client | events | events/s | append → live reader p50 ms | p99 ms | lost / doubled / reordered | connections: producing instance | reading instance |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.workload} | ${r.client} | ${r.events} | ${fmt(r.eventsPerS)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${r.wrong} | ${r.producerConnections} | ${r.readerConnections} |`,
    ),
    '',
  ];
  for (const workload of new Set(rows.map((r) => r.workload))) {
    const o = rows.find((r) => r.workload === workload && r.client === 'RedisEventStore');
    const w = rows.find((r) => r.workload === workload && r.client === 'raw XADD');
    if (o && w) {
      lines.push(
        `RedisEventStore / raw XADD, ${workload}: events/s ${(o.eventsPerS / w.eventsPerS).toFixed(2)}×, p99 latency ${(o.p99Ms / w.p99Ms).toFixed(2)}×.`,
      );
    }
  }
  return lines.join('\n');
}
