/**
 * Interop with LangChain.js: a mixed chain (LangChain prompt and model, our parser) against the
 * same chain in LangChain alone, per streamed chunk. Run with `npx tsx bench/interop.ts`.
 * @module
 */
import { pathToFileURL } from 'node:url';
import { StringOutputParser as LcParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate as LcPrompt } from '@langchain/core/prompts';
import { fromLangChain, toLangChain } from 'rx-runnables/langchain';
import { StringOutputParser } from 'rx-runnables/models';
import { LcArrayModel, drain, tokenList } from './fixtures';
import { bestOf, printTable } from './table';
import type { BenchRow } from './table';

/**
 * Streams the same workload — a LangChain prompt, a LangChain model streaming `chunks` tokens,
 * a string parser — built four ways, and reports µs per chunk (best of `rounds`): LangChain
 * alone; our parser after one `fromLangChain` adapter around LangChain's prompt and model; each
 * LangChain step handed to our `pipe` on its own; and LangChain outside, our parser inside it via
 * `toLangChain`. The goal of each mixed row is LangChain alone's figure.
 *
 * @example
 * ```ts
 * const rows = await runInteropBench({ chunks: 5_000 });
 * ```
 */
export async function runInteropBench(
  options: { chunks?: number; rounds?: number } = {},
): Promise<BenchRow[]> {
  const count = options.chunks ?? 20_000;
  const rounds = options.rounds ?? 7;
  const tokens = tokenList(count);
  const prompt = LcPrompt.fromMessages([
    ['system', 'You answer briefly.'],
    ['human', '{question}'],
  ]);
  const input = { question: 'Why?' };
  const model = new LcArrayModel(tokens);

  const langchainAlone = prompt.pipe(model).pipe(new LcParser());
  const oneAdapter = fromLangChain(prompt.pipe(model)).pipe(new StringOutputParser());
  const stepByStep = fromLangChain(prompt)
    .pipe(model as never)
    .pipe(new StringOutputParser());
  const langchainOutside = prompt.pipe(model).pipe(toLangChain(new StringOutputParser()));

  const ways: [string, () => Promise<number>][] = [
    [
      'LangChain prompt+model in one fromLangChain, our parser',
      () => drain(oneAdapter.astream(input)),
    ],
    [
      'LangChain prompt and model handed to our pipe, our parser',
      () => drain(stepByStep.astream(input)),
    ],
    [
      'LangChain chain, our parser inside via toLangChain',
      async () => drain(await langchainOutside.stream(input)),
    ],
  ];
  const expected = await drain(await langchainAlone.stream(input));
  for (const [name, run] of ways) {
    const n = await run();
    if (n !== expected) throw new Error(`${name}: ${n} chunks, LangChain alone ${expected}`);
  }
  // Rounds interleave the ways, so a busy machine slows them alike; each keeps its best round.
  const alone = async (): Promise<number> => drain(await langchainAlone.stream(input));
  const runs = [alone, ...ways.map(([, run]) => run)];
  const best = runs.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < rounds; round++) {
    for (const [i, run] of runs.entries()) {
      best[i] = Math.min(best[i] as number, await bestOf(1, run));
    }
  }
  const aloneUs = ((best[0] as number) * 1000) / count;
  const rows: BenchRow[] = ways.map(([name], i) => ({
    workload: `${name} (${count} chunks)`,
    unit: 'µs/chunk',
    ours: ((best[i + 1] as number) * 1000) / count,
    langchain: aloneUs,
    goal: aloneUs,
  }));
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable(
    'interop (LangChain.js column: the same chain in LangChain alone)',
    await runInteropBench(),
  );
}
