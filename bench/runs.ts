/**
 * The run engine's overhead per streamed token: the same answer streamed by the bare demo model
 * and by `createRun` over it (events built, numbered and delivered), in one process. Run with
 * `npm run bench -- runs`.
 * @module
 */
import { pathToFileURL } from 'node:url';
import { DemoChatModel } from 'rx-runnables/models';
import { createRun } from 'rx-runnables/runs';

/** One measured length: µs per token bare and through a run, and the difference. */
export interface RunsBenchRow {
  readonly tokens: number;
  readonly bareUsPerToken: number;
  readonly runUsPerToken: number;
  readonly overheadUsPerToken: number;
}

const words = (count: number): string => {
  let text = '';
  for (let i = 0; i < count; i++) text += ` w${i % 97}`;
  return text;
};

/** The bare model stream, drained; returns the number of chunks. */
function bare(answer: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = 0;
    new DemoChatModel({ script: [answer] }).stream('Hi').subscribe({
      next: () => n++,
      error: reject,
      complete: () => resolve(n),
    });
  });
}

/** The same answer through a run, drained; returns the number of text deltas. */
function throughRun(answer: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = 0;
    createRun({ model: new DemoChatModel({ script: [answer] }), messages: 'Hi' }).subscribe({
      next: (e) => {
        if (e.event === 'thread.message.delta') n++;
      },
      error: reject,
      complete: () => resolve(n),
    });
  });
}

/**
 * Streams each length both ways, interleaving rounds, and keeps each way's best round.
 *
 * @example
 * ```ts
 * const rows = await runRunsBench({ lengths: [20_000], rounds: 5 });
 * ```
 */
export async function runRunsBench(
  options: { lengths?: readonly number[]; rounds?: number } = {},
): Promise<RunsBenchRow[]> {
  const rounds = options.rounds ?? 9;
  const lengths = options.lengths ?? [2_000, 20_000];
  const warm = words(Math.max(...lengths));
  for (let i = 0; i < 3; i++) await Promise.all([bare(warm), throughRun(warm)]);
  const rows: RunsBenchRow[] = [];
  for (const n of lengths) {
    const answer = words(n);
    const [chunks, deltas] = [await bare(answer), await throughRun(answer)];
    if (deltas !== n || chunks !== n + 1) {
      throw new Error(`expected ${n} tokens both ways, got ${chunks - 1} and ${deltas}`);
    }
    let bestBare = Number.POSITIVE_INFINITY;
    let bestRun = Number.POSITIVE_INFINITY;
    for (let round = 0; round < rounds; round++) {
      let start = performance.now();
      await bare(answer);
      bestBare = Math.min(bestBare, performance.now() - start);
      start = performance.now();
      await throughRun(answer);
      bestRun = Math.min(bestRun, performance.now() - start);
    }
    const bareUs = (bestBare * 1000) / n;
    const runUs = (bestRun * 1000) / n;
    rows.push({
      tokens: n,
      bareUsPerToken: bareUs,
      runUsPerToken: runUs,
      overheadUsPerToken: runUs - bareUs,
    });
  }
  return rows;
}

/** The rows as a Markdown table with the overhead and the goal (≤ 1 µs/token). */
export function formatRunsBench(rows: readonly RunsBenchRow[]): string {
  const lines = [
    '| answer | bare model µs/token | through createRun µs/token | overhead µs/token | ratio | goal | met |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const ratio = row.runUsPerToken / row.bareUsPerToken;
    lines.push(
      `| ${row.tokens} tokens | ${row.bareUsPerToken.toFixed(2)} | ${row.runUsPerToken.toFixed(2)} | ${row.overheadUsPerToken.toFixed(2)} | ${ratio.toFixed(2)}× | ≤ 1 µs | ${row.overheadUsPerToken <= 1 ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatRunsBench(await runRunsBench()));
}
