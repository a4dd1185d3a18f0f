/**
 * What correctness costs nothing to keep: heap held by `streamEvents` as steps are added, and how
 * far a source runs ahead of a slow `for await` consumer — ours beside LangChain.js in one process.
 * Run with `npm run bench -- correctness`.
 * @module
 */
import { pathToFileURL } from 'node:url';
import { RunnableLambda as LcLambda } from '@langchain/core/runnables';
import { RunnableLambda, RunnablePassthrough } from 'rx-runnables';
import type { Runnable } from 'rx-runnables';
import { StringOutputParser } from 'rx-runnables/models';
import { ArrayModel, tokenList } from './fixtures';
import { printTable } from './table';
import type { BenchRow } from './table';

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Model → parser → passthroughs and parsers alternating, `steps` steps in all. */
function chainOf(steps: number, tokens: readonly string[]): Runnable<string, string> {
  let chain: Runnable<string, string> = new ArrayModel(tokens).pipe(new StringOutputParser());
  for (let i = 2; i < steps; i++) {
    chain = chain.pipe(i % 2 === 0 ? new RunnablePassthrough<string>() : new StringOutputParser());
  }
  return chain;
}

/** Heap held when the run's last event arrives (every end-event payload still alive). */
async function heldBy(run: (onLast: () => void) => Promise<void>): Promise<number> {
  gc();
  const before = process.memoryUsage().heapUsed;
  let held = 0;
  await run(() => {
    gc();
    held = process.memoryUsage().heapUsed - before;
  });
  return held / 1e6;
}

async function eventsHeap(steps: number, tokens: readonly string[]): Promise<number> {
  const chain = chainOf(steps, tokens);
  let remaining = tokens.length;
  return heldBy(
    (onLast) =>
      new Promise<void>((resolve, reject) =>
        chain.streamEvents('go').subscribe({
          next: (event) => {
            if (event.event === 'on_chat_model_stream' && --remaining === 0) onLast();
          },
          error: reject,
          complete: resolve,
        }),
      ),
  );
}

/** Rows: heap growth for 200,000 tokens through 2, 6 and 11 steps, events and plain stream. */
export async function runEventsMemoryBench(count = 200_000): Promise<BenchRow[]> {
  const tokens = tokenList(count);
  const rows: BenchRow[] = [];
  let two = 0;
  for (const steps of [2, 6, 11]) {
    const held = await eventsHeap(steps, tokens);
    if (steps === 2) two = held;
    rows.push({
      workload: `streamEvents heap, ${count} tokens through ${steps} steps`,
      unit: 'MB held',
      ours: held,
      goal: steps === 2 ? undefined : 2 * two,
      note: steps === 2 ? 'the baseline' : `${(held / two).toFixed(2)}× the 2-step figure`,
    });
  }
  return rows;
}

/** How many chunks a 50,000-chunk async source is ahead of a consumer reading one per 1 ms. */
export async function runBackpressureBench(reads = 1_000): Promise<BenchRow[]> {
  const total = 50_000;
  const measure = async (iterate: (onProduce: () => void) => AsyncIterable<unknown>) => {
    let produced = 0;
    let read = 0;
    let ahead = 0;
    for await (const _ of iterate(() => produced++)) {
      read++;
      ahead = Math.max(ahead, produced - read);
      if (read === reads) break;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return ahead;
  };
  const ours = await measure((onProduce) =>
    RunnableLambda.from(async function* source(_: string) {
      for (let i = 0; i < total; i++) {
        onProduce();
        yield i;
      }
    }).astream('go'),
  );
  const lc = await measure(
    (onProduce) =>
      ({
        async *[Symbol.asyncIterator]() {
          const stream = await LcLambda.from(async function* source(_: string) {
            for (let i = 0; i < total; i++) {
              onProduce();
              yield i;
            }
          }).stream('go');
          yield* stream;
        },
      }) as AsyncIterable<unknown>,
  );
  return [
    {
      workload: `astream backpressure, ${total}-chunk async source, ${reads} reads at 1 ms`,
      unit: 'chunks ahead (max)',
      ours,
      langchain: lc,
      goal: 16,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('correctness: memory and backpressure', [
    ...(await runEventsMemoryBench()),
    ...(await runBackpressureBench()),
  ]);
}
