/**
 * The README's first example runs as the README says: saved as `example.mjs` and run with node,
 * importing the built package by its name.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { markdownBlocks } from '../docs/code-blocks';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

it('the README example runs as example.mjs and streams an answer from its context', async () => {
  const [example] = markdownBlocks(join(root, 'README.md'), root);
  expect(example?.code).toContain("from 'rx-runnables'");
  // Inside the package folder, so `rx-runnables` resolves to this package (dist/) by its name.
  const dir = await mkdtemp(join(root, '.doc-blocks-'));
  try {
    await writeFile(join(dir, 'example.mjs'), example?.code ?? '');
    const { stdout } = await run(process.execPath, ['example.mjs'], { cwd: dir });
    expect(stdout).toBe('Aborting the signal cancels the run.');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
