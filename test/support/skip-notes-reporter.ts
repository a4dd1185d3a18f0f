/**
 * A vitest reporter that adds, after the default summary, one line per reason tests were skipped
 * with (`ctx.skip(note)`): how many files and tests, and the note — for a missing program, its
 * name and how to get it.
 */
import type { Reporter, TestModule } from 'vitest/node';

/** Skipped tests of one note: in how many files, how many tests. */
export interface SkipGroup {
  readonly note: string;
  readonly files: number;
  readonly tests: number;
}

/** The summary line of one group: `↓ 3 test files (27 tests) skipped: <note>`. */
export function skipLine(group: SkipGroup): string {
  const files = `${group.files} test file${group.files === 1 ? '' : 's'}`;
  const tests = `${group.tests} test${group.tests === 1 ? '' : 's'}`;
  return ` ↓ ${files} (${tests}) skipped: ${group.note}`;
}

/** Groups the (file, note) pairs of skipped tests by note, in first-seen order. */
export function groupSkips(skips: Iterable<{ file: string; note: string }>): SkipGroup[] {
  const byNote = new Map<string, { files: Set<string>; tests: number }>();
  for (const { file, note } of skips) {
    const group = byNote.get(note) ?? { files: new Set<string>(), tests: 0 };
    group.files.add(file);
    group.tests += 1;
    byNote.set(note, group);
  }
  return [...byNote].map(([note, g]) => ({ note, files: g.files.size, tests: g.tests }));
}

export default class SkipNotesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skips = function* (): Generator<{ file: string; note: string }> {
      for (const mod of testModules) {
        for (const test of mod.children.allTests('skipped')) {
          const result = test.result();
          if (result.state === 'skipped' && result.note !== undefined && result.note !== '') {
            yield { file: mod.moduleId, note: result.note };
          }
        }
      }
    };
    for (const group of groupSkips(skips())) process.stdout.write(`${skipLine(group)}\n`);
  }
}
