/**
 * The reading instance of bench/store-appends.ts, in a process of its own (forked by it): follows
 * every stream live — through RedisEventStore's `read` (`ours`), or one raw `XREAD BLOCK` loop
 * (`raw`) — and measures each event's latency ({@link ReaderReport}) from the send time its producer wrote into the
 * event (`"t":<ms since the epoch, fractional>` at the end of its data; one machine, one clock).
 * Messages: it sends `{ ready }` once every reader follows live; it gets `{ counts }` (events
 * appended per stream) when the producers are done, and answers with its {@link ReaderReport}
 * once every event arrived (or 10 s passed).
 * Argv: `ours|raw <redis url> <key prefix> <streams> <events per stream, at most>`.
 * @module
 */
import { createClient } from 'redis';
import { RedisEventStore } from 'rx-runnables/store/node';
import type { RedisConnection } from 'rx-runnables/store/node';
import { wallNow } from './store-appends-clock';
import type { ReaderReport } from './store-appends-clock';

/** The send time written at the end of an event's data by the producer: `…,"t":123.45}`. */
const sentAt = (data: string): number => Number(data.slice(data.lastIndexOf(':') + 1, -1));

const [mode = 'ours', url = '', prefix = '', streamsArg = '0', capacityArg = '0'] =
  process.argv.slice(2);
const streams = Number(streamsArg);
const capacity = streams * Number(capacityArg);
const ms = new Float64Array(capacity + 1);
let got = 0;
const next = new Int32Array(streams).fill(1);
let wrong = 0;
let lastAt = 0;

function seen(stream: number, seq: number, data: string): void {
  const now = wallNow();
  if (seq !== next[stream]) wrong++;
  next[stream] = seq + 1;
  if (got < capacity) ms[got++] = now - sentAt(data);
  lastAt = now;
  if (got === expected) cpu = process.cpuUsage(cpu);
}

const missing = (counts: number[]): number =>
  counts.reduce((n, count, s) => n + Math.abs(count + 1 - (next[s] ?? 1)), 0);

const client = createClient({ url });
client.on('error', () => undefined);
await client.connect();
const connection = client as unknown as RedisConnection;
let stop: () => Promise<void>;

if (mode === 'ours') {
  const store = new RedisEventStore({ client: connection, keyPrefix: prefix });
  const subs = Array.from({ length: streams }, (_, s) =>
    store.read(`s${s}`).subscribe({
      next: (e) => seen(s, e.seq, e.data),
      error: () => wrong++,
    }),
  );
  stop = async () => {
    for (const sub of subs) sub.unsubscribe();
    await store.close();
  };
} else {
  const reading = client;
  const keys = Array.from({ length: streams }, (_, s) => `${prefix}${s}`);
  const index = new Map(keys.map((key, s) => [key, s]));
  const last = keys.map(() => '0-0');
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
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
        for (const [id, fields] of entries) seen(s, Number(id.split('-')[0]), fields[1] ?? '');
        last[s] = entries.at(-1)?.[0] ?? (last[s] as string);
      }
    }
  })();
  stop = async () => {
    stopped = true;
    await loop;
  };
}

await new Promise((resolve) => setTimeout(resolve, 500)); // every reader follows live
let cpu = process.cpuUsage();
process.send?.({ ready: true });

let expected = -1;
process.on('message', (message: { counts: number[] }) => {
  expected = message.counts.reduce((a, b) => a + b, 0);
  if (got >= expected) cpu = process.cpuUsage(cpu);
  void (async () => {
    const deadline = performance.now() + 10_000;
    while (missing(message.counts) > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const sorted = ms.subarray(0, got).sort();
    const at = (q: number): number =>
      sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;
    const report: ReaderReport = {
      events: got,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      wrong: wrong + missing(message.counts),
      lastAt,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
    process.send?.(report, () => {
      void stop().finally(() => {
        client.destroy();
        process.exit(0);
      });
    });
  })();
});
