/**
 * Streaming JSON benchmark: a realistic document streamed in 4-character chunks, the current
 * value asked for after every chunk. rx-runnables' PartialJsonParser beside LangChain.js's
 * JsonOutputParser and the `partial-json` package, in one process, against one `JSON.parse` of
 * the whole document. Run: `npx tsx bench/json.ts`.
 * @module
 */
import { pathToFileURL } from 'node:url';
import { JsonOutputParser } from '@langchain/core/output_parsers';
import { parse as partialJsonParse } from 'partial-json';
import { PartialJsonParser } from 'rx-runnables/json';

/** One line of the table. */
export interface JsonBenchRow {
  /** Library and output mode. */
  readonly case: string;
  /** Size of the streamed document, in kilobytes (1,000 characters). */
  readonly docKb: number;
  /** Best of the timed runs, in milliseconds. */
  readonly ms: number;
  /** Median of the timed runs, in milliseconds. */
  readonly medianMs: number;
  /** `ms` divided by the best time of one `JSON.parse` of the same document. */
  readonly ratio: number;
  /** The goal, when there is one, and whether it is met. */
  readonly goal?: string;
  readonly ok?: boolean;
}

const CHUNK = 4;

/** A deterministic pseudo-random sequence (a linear congruential generator). */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = ['stream', 'chunk', 'naïve', 'café', 'größe', '東京', 'データ', 'π≈3.14', 'emoji 🚀'];

/**
 * An array of records with strings (quotes, backslashes, newlines, tabs, control characters,
 * accents, CJK, emoji), numbers (integers, negatives, decimals, exponents), booleans, null and
 * nested objects and arrays, pretty-printed with two spaces as models usually write it.
 */
export function makeBenchDocument(targetChars: number, seed = 42): string {
  const random = sequence(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sentence = (words: number): string =>
    Array.from({ length: words }, () => pick(WORDS)).join(' ');
  const items: unknown[] = [];
  let size = 2;
  for (let id = 0; ; id++) {
    const item = {
      id,
      title: `Item ${id}: "${pick(WORDS)}" \\ ${pick(WORDS)}`,
      body: `${sentence(8 + Math.floor(random() * 24))}\n\t${sentence(6)}\u0001`,
      price: Math.round(random() * 1e6) / 100,
      delta: -Math.round(random() * 1000),
      ratio: random() * 1e-7,
      big: random() * 1e21,
      active: random() < 0.5,
      note: random() < 0.3 ? null : pick(WORDS),
      tags: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(WORDS)),
      author: { name: pick(WORDS), stats: { posts: Math.floor(random() * 500), score: random() } },
    };
    const text = JSON.stringify(item, null, 2);
    // Inside the array every line is indented two more spaces, and items are separated by ",\n".
    const itemSize = text.length + 2 * text.split('\n').length + 2;
    if (items.length > 0 && size + itemSize > targetChars) break;
    size += itemSize;
    items.push(item);
  }
  return JSON.stringify(items, null, 2);
}

const time = (fn: () => unknown): number => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

const best = (times: readonly number[]): number => Math.min(...times);
const median = (times: readonly number[]): number =>
  [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;

/**
 * Times `fn` on each document for `rounds` rounds, each round also timing one `JSON.parse` of
 * each document (best of three), so that a change in machine load affects both sides alike.
 */
function measure(
  fn: (doc: string) => unknown,
  docs: readonly string[],
  rounds: number,
): { times: number[][]; parse: number[] } {
  const times = docs.map(() => [] as number[]);
  const parse = docs.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < rounds; round++) {
    docs.forEach((doc, d) => {
      for (let k = 0; k < 3; k++)
        parse[d] = Math.min(
          parse[d] as number,
          time(() => JSON.parse(doc)),
        );
      (times[d] as number[]).push(time(() => fn(doc)));
    });
  }
  return { times, parse };
}

// One function per mode: V8 compiles each loop for what it has seen, and sharing one loop between
// modes would make the later modes pay for the earlier ones' assumptions.
function streamSnapshots(doc: string): unknown {
  const parser = new PartialJsonParser();
  let value: unknown;
  for (let i = 0; i < doc.length; i += CHUNK) value = parser.push(doc.slice(i, i + CHUNK));
  parser.end();
  return value;
}

function streamPatches(doc: string): number {
  const parser = new PartialJsonParser({ output: 'patches' });
  let count = 0;
  for (let i = 0; i < doc.length; i += CHUNK) count += parser.push(doc.slice(i, i + CHUNK)).length;
  parser.end();
  return count;
}

function streamCompleted(doc: string): number {
  const parser = new PartialJsonParser({ output: 'completed' });
  let count = 0;
  for (let i = 0; i < doc.length; i += CHUNK) count += parser.push(doc.slice(i, i + CHUNK)).length;
  parser.end();
  return count;
}

function streamPartialJsonPackage(doc: string): unknown {
  let text = '';
  let value: unknown;
  for (let i = 0; i < doc.length; i += CHUNK) {
    text += doc.slice(i, i + CHUNK);
    value = partialJsonParse(text);
  }
  return value;
}

async function streamLangChain(doc: string): Promise<number> {
  async function* chunks(): AsyncGenerator<string> {
    for (let i = 0; i < doc.length; i += CHUNK) yield doc.slice(i, i + CHUNK);
  }
  let count = 0;
  for await (const value of new JsonOutputParser().transform(chunks(), {})) if (value) count++;
  return count;
}

const KB = (doc: string): number => Math.round(doc.length / 1000);

function row(name: string, doc: string, times: readonly number[], parse: number): JsonBenchRow {
  const ms = best(times);
  return { case: name, docKb: KB(doc), ms, medianMs: median(times), ratio: ms / parse };
}

/**
 * Runs the benchmark and returns its rows (the bench index prints them; run alone, this file
 * prints them too). Takes about 10 to 20 seconds.
 *
 * @example
 * ```ts
 * const rows = await runJsonBench();
 * console.log(formatJsonBench(rows));
 * ```
 */
export async function runJsonBench(): Promise<JsonBenchRow[]> {
  const small = makeBenchDocument(10_000);
  const doc = makeBenchDocument(100_000);
  const large = makeBenchDocument(1_000_000);
  // Warm every path on the small document first, so that the timed runs use optimized code.
  for (let i = 0; i < 30; i++) {
    streamSnapshots(small);
    streamPatches(small);
    streamCompleted(small);
  }
  const rows: JsonBenchRow[] = [];
  const parseOnly = measure(() => undefined, [small, doc, large], 7).parse;
  for (const [d, text] of [small, doc, large].entries()) {
    const ms = parseOnly[d] as number;
    rows.push({
      case: 'JSON.parse (whole document, once)',
      docKb: KB(text),
      ms,
      medianMs: ms,
      ratio: 1,
    });
  }

  const snap = measure(streamSnapshots, [doc], 15);
  const snapRow = row('rx-runnables snapshots', doc, snap.times[0] ?? [], snap.parse[0] ?? 1);
  rows.push({ ...snapRow, goal: '≤ 20 × JSON.parse', ok: snapRow.ratio <= 20 });

  for (const [name, fn] of [
    ['rx-runnables patches', streamPatches],
    ['rx-runnables completed values', streamCompleted],
  ] as const) {
    const { times, parse } = measure(fn, [doc, large], 9);
    const at100 = row(name, doc, times[0] ?? [], parse[0] ?? 1);
    const at1000 = row(name, large, times[1] ?? [], parse[1] ?? 1);
    const growth = at1000.ms / at100.ms;
    rows.push(at100, {
      ...at1000,
      goal: `≤ 10 × JSON.parse, ≤ 12 × 100 KB (${growth.toFixed(1)} ×)`,
      ok: at1000.ratio <= 10 && growth <= 12,
    });
  }

  // The re-parsing libraries, on the 10 KB document (quadratic: 100 KB takes minutes).
  const snapSmall = measure(streamSnapshots, [small], 21);
  rows.push(
    row('rx-runnables snapshots', small, snapSmall.times[0] ?? [], snapSmall.parse[0] ?? 1),
  );
  const pj = measure(streamPartialJsonPackage, [small], 5);
  rows.push(
    row('partial-json package (re-parses the text)', small, pj.times[0] ?? [], pj.parse[0] ?? 1),
  );
  const lcTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await streamLangChain(small);
    lcTimes.push(performance.now() - start);
  }
  rows.push(row('LangChain.js JsonOutputParser.transform', small, lcTimes, parseOnly[0] ?? 1));
  return rows;
}

/** The rows as an aligned text table. */
export function formatJsonBench(rows: readonly JsonBenchRow[]): string {
  const lines = [
    `${'case'.padEnd(44)}${'doc'.padStart(8)}${'best ms'.padStart(11)}${'median'.padStart(10)}${'× parse'.padStart(10)}  goal`,
  ];
  for (const r of rows) {
    const goal = r.goal === undefined ? '' : `${r.ok ? 'PASS' : 'FAIL'} ${r.goal}`;
    lines.push(
      `${r.case.padEnd(44)}${`${r.docKb} KB`.padStart(8)}${r.ms.toFixed(2).padStart(11)}` +
        `${r.medianMs.toFixed(2).padStart(10)}${r.ratio.toFixed(1).padStart(10)}  ${goal}`,
    );
  }
  lines.push(
    `Chunks of ${CHUNK} characters; the current value is read after every chunk. LangChain.js and`,
    'partial-json re-parse the whole text at each chunk (quadratic), so they run on the 10 KB',
    'document only: at 100 KB LangChain.js takes minutes.',
  );
  return lines.join('\n');
}

if (
  process.env.RUN_JSON_BENCH !== '0' &&
  import.meta.url === pathToFileURL(process.argv[1] ?? '').href
) {
  console.log(formatJsonBench(await runJsonBench()));
}
