/**
 * Load on the chat app (`npm run serve`): 1,000 concurrent SSE clients on loopback, each
 * streaming a 500-token answer, against the server in a child process (its heap measured
 * through `GET /__heap`, after a GC): clients that read as fast as they can, clients that read
 * slowly (paused, then 1 KB every 100 ms), and tokens 20 ms apart (all streams open). Reports the server heap per open stream,
 * client-side inter-chunk delays, events/s, and that every client got every token in order.
 * Run: `npm run bench -- serve` (`SERVE_CLIENTS=100` for a quicker run).
 * @module
 */
import { Agent } from 'node:http';
import { pathToFileURL } from 'node:url';
import { DemoChatModel } from 'rx-runnables/models';
import { client, heap, startServer } from './serve-client';
import type { Heap } from './serve-client';

const CLIENTS = Number(process.env['SERVE_CLIENTS'] ?? 1000);
const TOKENS = 500;

/** The figures of one phase. */
export interface ServePhase {
  readonly name: string;
  readonly clients: number;
  readonly complete: number;
  readonly lostOrReordered: number;
  readonly heapPerStreamKB: number;
  readonly openAtSample: number;
  readonly peakHeapMB: number;
  readonly keptPerConversationKB: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly eventsPerS: number;
  readonly seconds: number;
}

const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function phase(
  url: string,
  mode: 'fast' | 'slow',
  name: string,
  paced = false,
): Promise<ServePhase> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });
  const base = await heap(url);
  // While the clients stream, the heap is read (after a GC) again and again; the reading with
  // the most streams open is kept.
  let best: Heap = base;
  let peak = base.heapUsed;
  const read = async (): Promise<void> => {
    const h = await heap(url);
    if (h.openStreams > best.openStreams) best = h;
    peak = Math.max(peak, h.heapUsed);
  };
  // Paced: one reading (a GC of a large heap) once every client has its first token, so all
  // streams are open. Unpaced: a reading every 200 ms while the clients stream (the heap is small).
  let running = true;
  let started1 = 0;
  let atBarrier: Promise<void> | undefined;
  const onFirstChunk = (): void => {
    started1 += 1;
    if (paced && started1 === CLIENTS) atBarrier = read();
  };
  const sampler = (async () => {
    while (running && !paced) {
      await read();
      await sleep(200);
    }
  })();
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: CLIENTS }, () => client(url, agent, mode, onFirstChunk)),
  );
  running = false;
  await sampler;
  await atBarrier;
  agent.destroy();
  // What a finished conversation keeps (its messages stay in memory for reloads), so that the
  // streams' own share of the reading can be told apart.
  const after = await heap(url);
  const kept =
    (after.heapUsed - base.heapUsed) / Math.max(1, after.conversations - base.conversations);
  const finishedAtSample = best.conversations - base.conversations - best.openStreams;
  const streamsHeap = best.heapUsed - base.heapUsed - kept * finishedAtSample;
  const gaps = new Float64Array(results.reduce((n, r) => n + r.gaps.length, 0));
  let offset = 0;
  for (const r of results) {
    gaps.set(r.gaps, offset);
    offset += r.gaps.length;
  }
  gaps.sort();
  const ended = Math.max(...results.map((r) => r.endedAt));
  const events = results.reduce((n, r) => n + r.tokens, 0);
  return {
    name,
    clients: CLIENTS,
    complete: results.filter((r) => r.done && r.tokens === TOKENS && r.inOrder).length,
    lostOrReordered: results.filter((r) => r.tokens !== TOKENS || !r.inOrder).length,
    heapPerStreamKB: best.openStreams > 0 ? streamsHeap / best.openStreams / 1024 : 0,
    keptPerConversationKB: kept / 1024,
    openAtSample: best.openStreams,
    peakHeapMB: (peak - base.heapUsed) / 1024 / 1024,
    p50Ms: percentile(gaps, 0.5),
    p99Ms: percentile(gaps, 0.99),
    eventsPerS: events / ((ended - started) / 1000),
    seconds: (performance.now() - started) / 1000,
  };
}

async function withServer<T>(tokenDelayMs: number, fn: (url: string) => Promise<T>): Promise<T> {
  const { child, url } = await startServer(tokenDelayMs);
  try {
    return await fn(url);
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * Three phases: tokens with no delay read fast, then read slowly (a 500-token answer is about
 * 42 KB of SSE: loopback socket buffers take all of it, so the server's runs end at once and
 * nothing stays open), then tokens 20 ms apart, as a model streams, so all 1,000 streams are
 * open at once and the heap per open stream can be read.
 */
export async function runServeBench(): Promise<ServeBench> {
  const unpaced = await withServer(0, async (url) => [
    await phase(url, 'fast', 'no delay, clients read as fast as they can'),
    await phase(url, 'slow', 'no delay, clients read 1 KB / 100 ms'),
  ]);
  const paced = await withServer(20, (url) =>
    phase(url, 'fast', 'tokens 20 ms apart, all streams open', true),
  );
  return { phases: [...unpaced, paced], demoStreamKB: await demoStreamKB() };
}

/** The figures of the bench. */
export interface ServeBench {
  readonly phases: readonly ServePhase[];
  /** Heap of one open paced demo model stream alone (it builds its 500 chunks up front). */
  readonly demoStreamKB: number | undefined;
}

/**
 * The demo model's own share of an open stream: it makes all its chunks when the stream starts,
 * so 1,000 open streams hold 500,000 `AIMessageChunk`s. Measured alone, in this process.
 */
async function demoStreamKB(): Promise<number | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  const answer = Array.from({ length: TOKENS }, (_, i) => `w${i}`).join(' ');
  gc();
  const before = process.memoryUsage().heapUsed;
  const subscriptions = Array.from({ length: CLIENTS }, () =>
    new DemoChatModel({ script: [answer], tokenDelayMs: 20 })
      .stream('q')
      .subscribe(() => undefined),
  );
  await sleep(30);
  gc();
  const kb = (process.memoryUsage().heapUsed - before) / CLIENTS / 1024;
  for (const s of subscriptions) s.unsubscribe();
  return kb;
}

/** The phases as a Markdown table. */
export function formatServeBench({ phases: rows, demoStreamKB: demo }: ServeBench): string {
  const lines = [
    '| phase | clients | complete, in order | lost or reordered | most streams open at a heap reading | server heap / open stream | goal | peak server heap over start | heap kept / finished conversation | inter-chunk p50 / p99 | chunk events/s | time |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${r.clients} | ${r.complete} | ${r.lostOrReordered} | ${r.openAtSample} | ${r.openAtSample === 0 ? '—' : `${r.heapPerStreamKB.toFixed(1)} KB`} | ≤ 50 KB ${r.openAtSample === 0 ? '—' : r.heapPerStreamKB <= 50 ? 'yes' : 'NO'} | ${r.peakHeapMB.toFixed(1)} MB | ${r.keptPerConversationKB.toFixed(1)} KB | ${r.p50Ms.toFixed(2)} / ${r.p99Ms.toFixed(2)} ms | ${r.eventsPerS.toFixed(0)} | ${r.seconds.toFixed(1)} s |`,
    );
  }
  const open = rows.find((r) => r.openAtSample > 0);
  if (open !== undefined && demo !== undefined) {
    lines.push(
      '',
      `Of the ${open.heapPerStreamKB.toFixed(1)} KB per open stream, ${demo.toFixed(1)} KB is the demo model's own (it builds its ${TOKENS} chunks when the stream starts; measured alone); the serving path (request, StreamingRAG run with its documents, SSE encoder, pipe, conversation so far) holds ${(open.heapPerStreamKB - demo).toFixed(1)} KB.`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatServeBench(await runServeBench()));
}
