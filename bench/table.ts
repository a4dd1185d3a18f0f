/**
 * Printing benchmark rows side by side with LangChain.js.
 * @module
 */

/** One measured workload: our figure, LangChain.js's, and the goal from the issue. */
export interface BenchRow {
  readonly workload: string;
  readonly unit: string;
  readonly ours: number;
  readonly langchain?: number;
  /** The most our figure may be, from the issue's speed goal. */
  readonly goal?: number;
  readonly note?: string;
}

const fmt = (n: number | undefined): string =>
  n === undefined ? '—' : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3);

/**
 * Prints rows as a Markdown table with the LangChain.js / rx-runnables ratio and the goal.
 *
 * @example
 * ```ts
 * printTable('core', [{ workload: 'pipe-stream', unit: 'µs/chunk', ours: 0.8, langchain: 37 }]);
 * ```
 */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  console.log(`\n### ${title}\n`);
  console.log('| workload | unit | rx-runnables | LangChain.js | ratio (LC / ours) | goal | met |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const ratio = row.langchain === undefined ? '—' : `${(row.langchain / row.ours).toFixed(1)}×`;
    const met = row.goal === undefined ? '—' : row.ours <= row.goal ? 'yes' : 'NO';
    const note = row.note ? ` (${row.note})` : '';
    console.log(
      `| ${row.workload}${note} | ${row.unit} | ${fmt(row.ours)} | ${fmt(row.langchain)} | ${ratio} | ${row.goal === undefined ? '—' : `≤ ${fmt(row.goal)}`} | ${met} |`,
    );
  }
}

/** Best-of-`rounds` wall time of `fn`, in milliseconds. */
export async function bestOf(
  rounds: number,
  fn: () => Promise<unknown> | unknown,
): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
