/**
 * Every whole-program ```ts block of README.md and docs/*.md (one that imports) runs to the end
 * without an error: each is written to a .mts file and imported, in order, by one tsx process
 * (`rx-runnables/*` resolved to src/ through tsconfig paths). The OpenAI blocks talk to the
 * loopback OpenAI-compatible server through the usual OPENAI_BASE_URL / OPENAI_API_KEY. Blocks
 * marked ```ts no-run (a server that listens until stopped, a vitest test) are type-checked only.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAICompatibleServer } from '../../src/testing';
import type { OpenAICompatibleServer } from '../../src/testing';
import { hasImports, markdownBlocks } from './code-blocks';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const markdown = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const programs = markdown
  .flatMap((file) => markdownBlocks(join(root, file), root, { skip: /\bno-run\b/ }))
  .filter((block) => hasImports(block.code));

/** Imports each block in turn; writes `[{ where, error? }]` to the file named by argv[2]. */
const RUNNER = `
import { writeFileSync } from 'node:fs';
const [, , out, ...files] = process.argv;
const results = [];
for (const file of files) {
  const where = file;
  try {
    await Promise.race([
      import(file),
      new Promise((_, reject) => setTimeout(() => reject(new Error('still running after 20 s')), 20_000).unref()),
    ]);
    results.push({ where });
  } catch (error) {
    results.push({ where, error: String(error?.stack ?? error).split('\\n').slice(0, 3).join(' | ') });
  }
}
writeFileSync(out, JSON.stringify(results));
process.exit(0);
`;

let server: OpenAICompatibleServer;

beforeAll(async () => {
  server = await startOpenAICompatibleServer();
});

afterAll(async () => {
  await server.close();
});

describe('the whole-program blocks of README.md and docs/*.md', () => {
  it('are found', () => {
    expect(programs.length).toBeGreaterThan(markdown.length);
  });

  it('run to the end without an error', async () => {
    // Inside the repository, so tsconfig.json's paths and node_modules apply.
    const dir = await mkdtemp(join(root, '.doc-blocks-'));
    try {
      const files = await Promise.all(
        programs.map(async (block, i) => {
          const file = join(dir, `block-${i}.mts`);
          await writeFile(file, block.code);
          return file;
        }),
      );
      await writeFile(join(dir, 'runner.mjs'), RUNNER);
      const out = join(dir, 'results.json');
      await run(process.execPath, ['--import', 'tsx', join(dir, 'runner.mjs'), out, ...files], {
        cwd: root,
        env: {
          ...process.env,
          OPENAI_BASE_URL: server.url,
          OPENAI_API_KEY: 'test',
          OPENAI_MODEL: '',
        },
        maxBuffer: 64 * 1024 * 1024,
      });
      const results = JSON.parse(await readFile(out, 'utf8')) as {
        where: string;
        error?: string;
      }[];
      const failures = results
        .map((r, i) => (r.error === undefined ? undefined : `${programs[i]?.where}: ${r.error}`))
        .filter((f) => f !== undefined);
      expect(failures).toEqual([]);
      expect(results).toHaveLength(programs.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
