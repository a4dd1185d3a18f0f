/**
 * Core workloads, rx-runnables vs @langchain/core in one process: pipe-stream, stream-events,
 * invoke-3-steps, callbacks off and on, and the heap over a million chunks. Run with
 * `npx tsx bench/core.ts`.
 * @module
 */
import { pathToFileURL } from 'node:url';
import { ChatPromptTemplate as LcPrompt } from '@langchain/core/prompts';
import { StringOutputParser as LcParser } from '@langchain/core/output_parsers';
import { RunnableLambda as LcLambda } from '@langchain/core/runnables';
import { RunnableLambda } from 'rx-runnables';
import { ChatPromptTemplate, StringOutputParser } from 'rx-runnables/models';
import { ArrayModel, LcArrayModel, drain, tokenList } from './fixtures';
import { bestOf, printTable } from './table';
import type { BenchRow } from './table';

const PROMPT = (): ['system' | 'human', string][] => [
  ['system', 'You answer briefly.'],
  ['human', '{question}'],
];

/** Runs every core workload and returns its rows. */
export async function runCoreBench(options: { chunks?: number } = {}): Promise<BenchRow[]> {
  const count = options.chunks ?? 20_000;
  const tokens = tokenList(count);
  const ours = ChatPromptTemplate.fromMessages(PROMPT())
    .pipe(new ArrayModel(tokens))
    .pipe(new StringOutputParser());
  const lc = LcPrompt.fromMessages(PROMPT()).pipe(new LcArrayModel(tokens)).pipe(new LcParser());
  const input = { question: 'Why?' };
  const rows: BenchRow[] = [];

  // pipe-stream
  const checkOurs = await drain(ours.astream(input));
  const checkLc = await drain(await lc.stream(input));
  if (checkOurs !== count || checkLc < count)
    throw new Error(`chunk counts ${checkOurs}/${checkLc}`);
  const oursStream = await bestOf(5, () => drain(ours.astream(input)));
  const lcStream = await bestOf(2, async () => drain(await lc.stream(input)));
  rows.push({
    workload: `pipe-stream (${count} chunks, astream)`,
    unit: 'µs/chunk',
    ours: (oursStream * 1000) / count,
    langchain: (lcStream * 1000) / count,
    goal: 1.5,
  });

  // stream-events
  const oursEvents = await bestOf(
    3,
    () =>
      new Promise<void>((resolve, reject) =>
        ours.streamEvents(input).subscribe({ complete: resolve, error: reject }),
      ),
  );
  const lcEventsCount = Math.min(count, 5_000);
  const lcSmall = LcPrompt.fromMessages(PROMPT())
    .pipe(new LcArrayModel(tokenList(lcEventsCount)))
    .pipe(new LcParser());
  const lcEvents = await bestOf(1, async () =>
    drain(lcSmall.streamEvents(input, { version: 'v2' })),
  );
  rows.push({
    workload: `stream-events (${count} tokens; LangChain on ${lcEventsCount})`,
    unit: 'µs/token',
    ours: (oursEvents * 1000) / count,
    langchain: (lcEvents * 1000) / lcEventsCount,
    goal: 5,
  });

  // invoke-3-steps
  const invokes = 5_000;
  const oursThree = RunnableLambda.from((n: number) => n + 1)
    .pipe((n: number) => n * 2)
    .pipe((n: number) => n - 3);
  const lcThree = LcLambda.from((n: number) => n + 1)
    .pipe((n: number) => n * 2)
    .pipe((n: number) => n - 3);
  if ((await oursThree.invoke(1)) !== (await lcThree.invoke(1))) throw new Error('mismatch');
  const oursInvoke = await bestOf(3, async () => {
    for (let i = 0; i < invokes; i++) await oursThree.invoke(i);
  });
  const lcInvoke = await bestOf(1, async () => {
    for (let i = 0; i < invokes; i++) await lcThree.invoke(i);
  });
  rows.push({
    workload: `invoke-3-steps (${invokes} invokes)`,
    unit: 'µs/invoke',
    ours: (oursInvoke * 1000) / invokes,
    langchain: (lcInvoke * 1000) / invokes,
    goal: 5,
  });

  rows.push(...(await callbackRows(ours, lc, input, count, oursStream, lcStream)));
  rows.push(await heapRow());
  return rows;
}

/**
 * The `callbacks` option through prompt | model | parser: off (no `callbacks`, the very code
 * path of `pipe-stream`, timed again here) and with a no-op handler on every token, on both
 * libraries; the notes give each library's with/off ratio.
 */
async function callbackRows(
  ours: { astream(input: object, options?: object): AsyncIterable<unknown> },
  lc: { stream(input: object, options?: object): Promise<AsyncIterable<unknown>> },
  input: object,
  count: number,
  oursOffBefore: number,
  lcOff: number,
): Promise<BenchRow[]> {
  const handler = { handleLLMNewToken(): void {}, handleChainStart(): void {} };
  const oursOff = await bestOf(5, () => drain(ours.astream(input)));
  const oursWith = await bestOf(3, () => drain(ours.astream(input, { callbacks: [handler] })));
  const lcWith = await bestOf(2, async () =>
    drain(await lc.stream(input, { callbacks: [handler] })),
  );
  const perChunk = (ms: number): number => (ms * 1000) / count;
  return [
    {
      workload: `callbacks off (${count} chunks, astream, no callbacks option)`,
      unit: 'µs/chunk',
      ours: perChunk(oursOff),
      langchain: perChunk(lcOff),
      note: `pipe-stream above, same code path: ${perChunk(oursOffBefore).toFixed(3)}; off / pipe-stream ${(oursOff / oursOffBefore).toFixed(2)}×`,
    },
    {
      workload: `callbacks: a no-op handler (${count} chunks)`,
      unit: 'µs/chunk',
      ours: perChunk(oursWith),
      langchain: perChunk(lcWith),
      note: `with / off: ours ${(oursWith / oursOff).toFixed(1)}×, LangChain ${(lcWith / lcOff).toFixed(1)}×`,
    },
  ];
}

/** A million chunks from an async source through a 3-step pipe, heap before and after. */
async function heapRow(): Promise<BenchRow> {
  const total = 1_000_000;
  const source = RunnableLambda.from(async function* (_: string) {
    for (let i = 0; i < total; i++) yield `c${i & 1023}`;
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  let seen = 0;
  let peak = before;
  const chain = source
    .pipe(new StringOutputParser())
    .pipe(new StringOutputParser())
    .pipe(new StringOutputParser());
  for await (const _ of chain.astream('go')) {
    if (++seen % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  gc?.();
  const after = process.memoryUsage().heapUsed;
  return {
    workload: `heap, ${total} chunks through 3 steps (astream)${gc ? '' : ' [run with --expose-gc for exact figures]'}`,
    unit: 'MB growth',
    ours: (after - before) / 1e6,
    goal: 10,
    note: `before ${(before / 1e6).toFixed(1)} MB, peak ${(peak / 1e6).toFixed(1)} MB, after ${(after / 1e6).toFixed(1)} MB, ${seen} chunks`,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('core', await runCoreBench());
}
