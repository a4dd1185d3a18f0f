/**
 * Appends of many streams at once: 1 000 streams written concurrently into one redis-server, read
 * live by another instance; events/s, append → live reader p50/p99, the connections and the CPU
 * time of each instance, for RedisEventStore (coalesced appends, read with `store.read`) beside
 * raw node-redis `XADD` of the same events (read by one raw `XREAD BLOCK` loop): each producer
 * awaiting each append, and producers that do not await, paced at 100 000 events/s offered. The
 * reading instance is a process of its own (bench/store-appends-reader.ts), so producers and
 * readers do not share an event loop; each event carries its send time, read there (one machine,
 * one clock). Each figure is the best of three runs (the machine may be shared; `APPENDS_RUNS`
 * changes the number, `APPENDS_ONLY=awaited|paced|ours|raw,…` picks rows). Run from bench/store.ts.
 * @module
 */
import { RedisEventStore } from 'rx-runnables/store/node';
import type { RedisConnection } from 'rx-runnables/store/node';
import type { RedisServer } from '../test/store/redis-server';
import { wallNow } from './store-appends-clock';
import type { ReaderReport } from './store-appends-clock';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  /** CPU time used by the producing and by the reading instance while the events flowed, ms. */
  readonly producerCpuMs: number;
  readonly readerCpuMs: number;
}

export const APPEND_STREAMS = 1_000;
const AWAITED_EVENTS = 100; // per stream
const PACED_RATE = 100_000; // events/s offered, all streams together
const PACED_MS = 3_000;
/** Each event's data, its send time appended: `{"type":"ai","content":" token","chunk":true,"t":…}`. */
const DATA_HEAD = '{"type":"ai","content":" token","chunk":true,"t":';
const P = { producerId: 'bench' };

/** An event's data: a token, and its send time last (read back by the reading instance). */
const event = (): string => `${DATA_HEAD}${wallNow()}}`;

type Append = (stream: number, seq: number, data: string) => Promise<unknown>;

/** The producers: each stream's events one after another, awaited, all streams at once. */
async function awaited(append: Append): Promise<number[]> {
  await Promise.all(
    Array.from({ length: APPEND_STREAMS }, async (_, s) => {
      for (let seq = 1; seq <= AWAITED_EVENTS; seq++) await append(s, seq, event());
    }),
  );
  return Array.from({ length: APPEND_STREAMS }, () => AWAITED_EVENTS);
}

/** The producers, not awaiting: events offered at PACED_RATE, round-robin over the streams. */
async function paced(append: Append): Promise<number[]> {
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
      outstanding++;
      append(s, seq, event()).then(settled, (error: unknown) => {
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

/** The reading instance, a process of its own (bench/store-appends-reader.ts), once it follows every stream. */
async function startReader(
  mode: 'ours' | 'raw',
  redis: RedisServer,
  prefix: string,
  perStream: number,
): Promise<(counts: number[]) => Promise<ReaderReport>> {
  const child = fork(
    fileURLToPath(new URL('./store-appends-reader.ts', import.meta.url)),
    [mode, redis.url, prefix, String(APPEND_STREAMS), String(perStream)],
    // APPENDS_READER_ARGV: node options of the reading instance (e.g. `--cpu-prof`).
    {
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.APPENDS_READER_ARGV ?? '').split(' ').filter(Boolean),
      ],
    },
  );
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const message = <T>(): Promise<T> =>
    Promise.race([
      new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T))),
      exit.then((code): never => {
        throw new Error(`the reading instance exited (${code})`);
      }),
    ]);
  await message<{ ready: true }>();
  return async (counts) => {
    const report = message<ReaderReport>();
    child.send({ counts });
    const got = await report;
    await exit; // its connections closed before the next run counts them
    return got;
  };
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
  const ids = Array.from({ length: APPEND_STREAMS }, (_, s) => `s${s}`);
  for (const id of ids) await writer.open(id, { ...P, leaseMs: 600_000 });
  const perStream = producers === awaited ? AWAITED_EVENTS : (PACED_RATE * PACED_MS) / 1000;
  const finish = await startReader('ours', redis, keyPrefix, perStream);
  const readerConnections = (await connectionsOf(probe)) - base - producerConnections;
  const start = wallNow();
  const cpu = process.cpuUsage();
  const counts = await producers((s, seq, data) =>
    writer.append(ids[s] ?? '', data, { ...P, seq }),
  );
  const used = process.cpuUsage(cpu);
  const report = await finish(counts);
  for (const id of ids) await writer.complete(id);
  await writer.close();
  return row(name, 'RedisEventStore', counts, start, report, used, [
    producerConnections,
    readerConnections,
  ]);
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
  const prefix = `${name}:${tag}:`;
  const keys = Array.from({ length: APPEND_STREAMS }, (_, s) => `${prefix}${s}`);
  const perStream = producers === awaited ? AWAITED_EVENTS : (PACED_RATE * PACED_MS) / 1000;
  const finish = await startReader('raw', redis, prefix, perStream);
  const readerConnections = (await connectionsOf(probe)) - base - producerConnections;
  const start = wallNow();
  const cpu = process.cpuUsage();
  const counts = await producers((s, seq, data) =>
    writer.sendCommand(['XADD', keys[s] ?? '', `${seq}-0`, 'd', data]),
  );
  const used = process.cpuUsage(cpu);
  const report = await finish(counts);
  return row(name, 'raw XADD', counts, start, report, used, [
    producerConnections,
    readerConnections,
  ]);
}

function row(
  workload: string,
  client: AppendsBenchRow['client'],
  counts: number[],
  start: number,
  report: ReaderReport,
  used: NodeJS.CpuUsage,
  [producerConnections, readerConnections]: [number, number],
): AppendsBenchRow {
  const events = counts.reduce((a, b) => a + b, 0);
  return {
    workload,
    client,
    events,
    eventsPerS: events / ((report.lastAt - start) / 1000),
    p50Ms: report.p50Ms,
    p99Ms: report.p99Ms,
    wrong: report.wrong,
    producerConnections,
    readerConnections,
    producerCpuMs: (used.user + used.system) / 1000,
    readerCpuMs: report.cpuMs,
  };
}

/** Runs of each workload on each client: the best (highest events/s) is shown, the machine being shared. */
const RUNS = Number(process.env.APPENDS_RUNS ?? 3);

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
  const only = process.env.APPENDS_ONLY; // 'awaited' | 'paced' | 'ours' | 'raw', comma-separated
  const tags = new Set(only?.split(','));
  // A dimension none of whose tags is named is not filtered.
  const skip = (tag: string, ...of: string[]): boolean =>
    of.some((t) => tags.has(t)) && !tags.has(tag);
  for (const [name, producers] of workloads) {
    const kind = producers === awaited ? 'awaited' : 'paced';
    // Each run on an empty Redis (FLUSHALL keeps the loaded scripts).
    const fresh = (): Promise<unknown> => probe.sendCommand(['FLUSHALL']);
    if (!skip(kind, 'awaited', 'paced') && !skip('ours', 'ours', 'raw')) {
      rows.push(
        await best(async (tag) => (await fresh(), ours(redis, probe, name, tag, producers))),
      );
    }
    if (!skip(kind, 'awaited', 'paced') && !skip('raw', 'ours', 'raw')) {
      rows.push(
        await best(async (tag) => (await fresh(), raw(redis, probe, name, tag, producers))),
      );
    }
  }
  return rows;
}

const fmt = (n: number): string =>
  Number.isNaN(n) ? '—' : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3);

/** A Markdown table, and ours over raw per workload. */
export function formatAppendsBench(rows: readonly AppendsBenchRow[]): string {
  const lines = [
    `Appends: ${APPEND_STREAMS} streams written at once (one producing instance), followed live by another instance (one reader per stream) in a process of its own (latency: the send time written into each event, read there); events of ${DATA_HEAD.length + 19} bytes; best of ${RUNS} runs.`,
    '',
    '| producers | client | events | events/s | append → live reader p50 ms | p99 ms | lost / doubled / reordered | connections: producing instance | reading instance | CPU ms: producing instance | reading instance |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.workload} | ${r.client} | ${r.events} | ${fmt(r.eventsPerS)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${r.wrong} | ${r.producerConnections} | ${r.readerConnections} | ${fmt(r.producerCpuMs)} | ${fmt(r.readerCpuMs)} |`,
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
