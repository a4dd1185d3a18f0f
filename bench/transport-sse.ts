/**
 * SSE throughput: encoding and decoding a 10 MB event stream, rx-runnables beside
 * eventsource-parser 3 (the parser of the Vercel AI SDK and OpenAI's clients) in one process.
 * Decoding gets the stream as UTF-8 bytes in 4 KB reads, as from a socket, through a streaming
 * `TextDecoder` on both sides. Run: `npx tsx bench/transport-sse.ts`.
 * @module
 */
import { pathToFileURL } from 'node:url';
import { createParser } from 'eventsource-parser';
import { lastValueFrom, from, toArray } from 'rxjs';
import { AIMessageChunk } from 'rx-runnables/chunks';
import { createSSEParser, decodeSSE, encodeSSE } from 'rx-runnables/transport';

/** One line of the table. */
export interface SSEBenchRow {
  readonly workload: string;
  readonly events: number;
  readonly mb: number;
  readonly oursMBs: number;
  readonly oursEventsPerS: number;
  readonly theirsMBs?: number;
  readonly theirsEventsPerS?: number;
}

const TEN_MB = 10 * 1024 * 1024;
const READ = 4096;
const WORDS = [
  'stream',
  ' chunk',
  ' naïve',
  ' café',
  ' 東京',
  ' データ',
  ' 🚀',
  ' the',
  ' answer',
  '.',
];

/** A chat model's deltas (`small`: AIMessageChunks) or RAG-like documents (`large`, multi-line). */
function values(kind: 'small' | 'large'): unknown[] {
  const out: unknown[] = [];
  let size = 0;
  for (let i = 0; size < TEN_MB * 0.9; i++) {
    const value =
      kind === 'small'
        ? new AIMessageChunk(WORDS[i % WORDS.length] as string)
        : {
            type: 'retrieval_done',
            data: {
              text: Array.from({ length: 60 }, (_, j) => WORDS[(i + j) % WORDS.length]).join('\n'),
            },
            latency: i / 1000,
          };
    size += JSON.stringify(value).length + 16;
    out.push(value);
  }
  return out;
}

function reads(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += READ) out.push(bytes.subarray(i, i + READ));
  return out;
}

function best(rounds: number, fn: () => void): number {
  let ms = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - start);
  }
  return ms;
}

async function bestAsync(rounds: number, fn: () => Promise<unknown>): Promise<number> {
  let ms = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    ms = Math.min(ms, performance.now() - start);
  }
  return ms;
}

function decodeOurs(pieces: Uint8Array[]): number {
  let n = 0;
  const parser = createSSEParser(() => {
    n += 1;
  });
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for (const piece of pieces) parser.feed(decoder.decode(piece, { stream: true }));
  parser.feed(decoder.decode());
  parser.end();
  return n;
}

function decodeTheirs(pieces: Uint8Array[]): number {
  let n = 0;
  const parser = createParser({
    onEvent: () => {
      n += 1;
    },
  });
  const decoder = new TextDecoder();
  for (const piece of pieces) parser.feed(decoder.decode(piece, { stream: true }));
  parser.feed(decoder.decode());
  return n;
}

/** Runs the SSE benchmark and returns its rows. */
export async function runTransportSSEBench(rounds = 15): Promise<SSEBenchRow[]> {
  const rows: SSEBenchRow[] = [];
  for (const kind of ['small', 'large'] as const) {
    const input = values(kind);
    const frames = await lastValueFrom(
      encodeSSE(from(input), { pingIntervalMs: 0 }).pipe(toArray()),
    );
    const text = frames.join('');
    const bytes = new TextEncoder().encode(text);
    const mb = bytes.length / 1024 / 1024;
    const events = input.length;
    const label =
      kind === 'small'
        ? 'AIMessageChunk deltas (~60 B events)'
        : 'documents (~600 B, 60-line events)';

    const encodeMs = await bestAsync(rounds, () =>
      lastValueFrom(encodeSSE(from(input), { pingIntervalMs: 0 }).pipe(toArray())),
    );
    rows.push({
      workload: `encode ${label}: encodeSSE (JSON + framing)`,
      events,
      mb,
      oursMBs: mb / (encodeMs / 1000),
      oursEventsPerS: events / (encodeMs / 1000),
    });

    const pieces = reads(bytes);
    if (decodeOurs(pieces) !== events || decodeTheirs(pieces) !== events) {
      throw new Error('the parsers disagree on the event count');
    }
    // Interleaved, so that neither side always runs on a warmer or a fuller heap.
    let oursMs = Number.POSITIVE_INFINITY;
    let theirsMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < rounds; i++) {
      oursMs = Math.min(
        oursMs,
        best(1, () => decodeOurs(pieces)),
      );
      theirsMs = Math.min(
        theirsMs,
        best(1, () => decodeTheirs(pieces)),
      );
    }
    rows.push({
      workload: `decode ${label}: parser, 4 KB reads`,
      events,
      mb,
      oursMBs: mb / (oursMs / 1000),
      oursEventsPerS: events / (oursMs / 1000),
      theirsMBs: mb / (theirsMs / 1000),
      theirsEventsPerS: events / (theirsMs / 1000),
    });

    const pipelineMs = await bestAsync(rounds, async () => {
      async function* body(): AsyncGenerator<Uint8Array> {
        yield* pieces;
      }
      let n = 0;
      for await (const _event of decodeSSE(body())) n += 1;
      if (n !== events) throw new Error('decodeSSE lost events');
    });
    rows.push({
      workload: `decode ${label}: decodeSSE, async-iterated`,
      events,
      mb,
      oursMBs: mb / (pipelineMs / 1000),
      oursEventsPerS: events / (pipelineMs / 1000),
    });
  }
  return rows;
}

const f = (n: number | undefined, digits = 0): string =>
  n === undefined ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The rows as a Markdown table with the ratio (ours / eventsource-parser, higher is faster). */
export function formatTransportSSEBench(rows: readonly SSEBenchRow[]): string {
  const lines = [
    '| workload | events | MB | rx-runnables MB/s | events/s | eventsource-parser 3 MB/s | events/s | ratio (ours / theirs) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const ratio = r.theirsMBs === undefined ? '—' : `${(r.oursMBs / r.theirsMBs).toFixed(2)}×`;
    lines.push(
      `| ${r.workload} | ${f(r.events)} | ${r.mb.toFixed(1)} | ${f(r.oursMBs, 1)} | ${f(r.oursEventsPerS)} | ${f(r.theirsMBs, 1)} | ${f(r.theirsEventsPerS)} | ${ratio} |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatTransportSSEBench(await runTransportSSEBench()));
}
