/**
 * Accumulating streamed AIMessageChunks: rx-runnables vs @langchain/core.
 * Run with `npx tsx bench/concat.ts`.
 * @module
 */
import { AIMessageChunk as LangChainChunk } from '@langchain/core/messages';
import { pathToFileURL } from 'node:url';
import { AIMessageChunk } from 'rx-runnables/chunks';

/** One row of the benchmark: µs per concat for both libraries at one stream length. */
export interface ConcatBenchRow {
  readonly chunks: number;
  readonly oursUsPerConcat: number;
  readonly langchainUsPerConcat: number;
  /** How many times faster rx-runnables is. */
  readonly speedup: number;
}

interface Concatenating<T> {
  concat(other: T): T;
}

function tokens(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i % 7 === 0 ? ' word' : `t${i % 10}`));
}

function timeAccumulate<T extends Concatenating<T>>(chunks: readonly T[], rounds: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    let total = chunks[0] as T;
    for (let i = 1; i < chunks.length; i++) total = total.concat(chunks[i] as T);
    const elapsedNs = Number(process.hrtime.bigint() - start);
    if (total === undefined) throw new Error('unreachable');
    best = Math.min(best, elapsedNs / 1000 / (chunks.length - 1));
  }
  return best;
}

function streamOf<T>(count: number, make: (text: string, i: number) => T): T[] {
  return tokens(count).map((text, i) => make(text, i));
}

/**
 * Times accumulating a stream of `AIMessageChunk`s (content tokens with the metadata OpenAI
 * sends) of each length, best of a few rounds, for both libraries.
 *
 * @example
 * ```ts
 * const rows = runConcatBench({ lengths: [20_000] });
 * ```
 */
export function runConcatBench(
  options: { lengths?: readonly number[]; rounds?: number } = {},
): ConcatBenchRow[] {
  const lengths = options.lengths ?? [20_000, 40_000];
  const rounds = options.rounds ?? 5;
  return lengths.map((count) => {
    const meta = (i: number) =>
      i === count - 1
        ? { model_name: 'gpt-4o-mini', finish_reason: 'stop' }
        : { model_name: 'gpt-4o-mini' };
    const ours = streamOf(
      count,
      (text, i) => new AIMessageChunk({ content: text, id: 'run-1', responseMetadata: meta(i) }),
    );
    const theirs = streamOf(
      count,
      (text, i) => new LangChainChunk({ content: text, id: 'run-1', response_metadata: meta(i) }),
    );
    // Warm both up before measuring.
    timeAccumulate(ours.slice(0, 2000), 2);
    timeAccumulate(theirs.slice(0, 2000), 2);
    const oursUs = timeAccumulate(ours, rounds);
    const theirsUs = timeAccumulate(theirs, Math.max(1, Math.min(rounds, 2)));
    return {
      chunks: count,
      oursUsPerConcat: oursUs,
      langchainUsPerConcat: theirsUs,
      speedup: theirsUs / oursUs,
    };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = runConcatBench();
  console.log('AIMessageChunk accumulation (µs per concat, best of rounds)');
  console.table(
    rows.map((r) => ({
      chunks: r.chunks,
      'rx-runnables µs': r.oursUsPerConcat.toFixed(3),
      'rx-runnables total ms': ((r.oursUsPerConcat * r.chunks) / 1000).toFixed(1),
      '@langchain/core µs': r.langchainUsPerConcat.toFixed(2),
      speedup: `${r.speedup.toFixed(0)}×`,
    })),
  );
  // Linear growth: doubling the stream should roughly double the total (same µs per concat).
}
