import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('examples/partial-json.ts', () => {
  it('runs as is and prints partial values growing into the final one', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join('examples', 'partial-json.ts')],
      { cwd: root },
    );
    expect(stdout).toContain('   {"title":"L"}');
    expect(stdout).toContain("step 1: { name: 'Operators', minutes: 45.5 }");
    expect(stdout).toMatch(/#\d+ title="Learn RxJS — fast" steps=\[Observables, Operators\]/);
    expect(stdout).toContain('same as JSON.parse: true');
    // The emoji arrives as two escapes: it is never shown half-decoded.
    expect(stdout).not.toMatch(/\uFFFD|\\ud83d"/);
  }, 60_000);
});
