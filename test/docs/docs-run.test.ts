/**
 * Every whole-program ```ts block of README.md and docs/*.md (one that imports) runs to the end
 * without an error, as a reader runs it: each is written to a .mts file and run by its own
 * `node --import tsx` process against the built package (`rx-runnables/*` through package.json's
 * exports to dist/, tsconfig's paths to src/ not applied). The process must exit by itself, with
 * code 0: a block that leaves a server listening or a timer pending fails ("still running"), so
 * a block that starts a server stops it. The OpenAI blocks talk to the loopback
 * OpenAI-compatible server through the usual OPENAI_BASE_URL / OPENAI_API_KEY. Blocks marked
 * ```ts no-run (a server that listens until stopped, a vitest test) are type-checked only.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAICompatibleServer } from 'rx-runnables/testing';
import type { OpenAICompatibleServer } from 'rx-runnables/testing';
import { hasImports, markdownBlocks, markdownPages } from './code-blocks';

const root = fileURLToPath(new URL('../../', import.meta.url));
const markdown = markdownPages(root);
const programs = markdown
  .flatMap((file) => markdownBlocks(join(root, file), root, { skip: /\bno-run\b/ }))
  .filter((block) => hasImports(block.code));

/** How long one block may take before it counts as never ending. */
const BLOCK_MS = 30_000;
/** Blocks run at once (the machine's cores are shared with the rest of the suite). */
const PARALLEL = 2;

/** The compiler options tsx applies: the repository's, without the paths that map to src/. */
const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: true,
  },
});

interface Outcome {
  code: number | null;
  timedOut: boolean;
  stderr: string;
}

/** Runs one block's file; resolves when its process exits or is killed after `BLOCK_MS`. */
function runBlock(file: string, env: NodeJS.ProcessEnv, ms = BLOCK_MS): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', file],
      { cwd: root, env, timeout: ms, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        const timedOut = child.killed && child.signalCode === 'SIGKILL';
        resolve({ code: error ? (child.exitCode ?? null) : 0, timedOut, stderr: String(stderr) });
      },
    );
  });
}

/** What went wrong with a block, or undefined when it ran and ended by itself. */
function fault(outcome: Outcome): string | undefined {
  if (outcome.timedOut) {
    return `still running after ${BLOCK_MS / 1000} s: a block must end by itself (close what it opens)`;
  }
  if (outcome.code === 0) return undefined;
  const lines = outcome.stderr.split('\n').filter((l) => l.trim() !== '');
  return `exit ${String(outcome.code)}: ${lines.slice(0, 3).join(' | ')}`;
}

let server: OpenAICompatibleServer;

beforeAll(async () => {
  server = await startOpenAICompatibleServer();
});

afterAll(async () => {
  await server.close();
});

describe('the whole-program blocks of README.md and docs/*.md, on the built package', () => {
  it('are found', () => {
    expect(programs.length).toBeGreaterThan(markdown.length);
    expect(existsSync(join(root, 'dist/core/index.js'))).toBe(true);
  });

  it('each runs to the end without an error, in its own process, and exits by itself', async () => {
    // Inside the repository, so the package resolves itself by name and node_modules apply.
    const dir = await mkdtemp(join(root, '.doc-blocks-'));
    try {
      await writeFile(join(dir, 'tsconfig.json'), TSCONFIG);
      const env = {
        ...process.env,
        TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json'),
        OPENAI_BASE_URL: server.url,
        OPENAI_API_KEY: 'test',
        OPENAI_MODEL: '',
      };
      const files = await Promise.all(
        programs.map(async (block, i) => {
          const file = join(dir, `block-${i}.mts`);
          await writeFile(file, block.code);
          return file;
        }),
      );
      const failures: string[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < files.length; i = next++) {
          const problem = fault(await runBlock(files[i] ?? '', env));
          if (problem !== undefined) failures.push(`${programs[i]?.where ?? i}: ${problem}`);
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      expect(failures.sort()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it('a block that never ends fails, one that throws fails, one that ends passes', async () => {
    const dir = await mkdtemp(join(root, '.doc-blocks-'));
    try {
      const env = { ...process.env, TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json') };
      await writeFile(join(dir, 'tsconfig.json'), TSCONFIG);
      const cases = {
        ends: "import { RunnableLambda } from 'rx-runnables';\nconsole.log(await RunnableLambda.from((x: number) => x + 1).invoke(1));\n",
        listens:
          "import { createServer } from 'node:http';\ncreateServer().listen(0, '127.0.0.1');\n",
        throws:
          "import { RunnableLambda } from 'rx-runnables';\nawait RunnableLambda.from(() => { throw new Error('x'); }).invoke(1);\n",
      };
      const outcomes: Record<string, string | undefined> = {};
      for (const [name, code] of Object.entries(cases)) {
        const file = join(dir, `${name}.mts`);
        await writeFile(file, code);
        const outcome = await runBlock(file, env, 5_000);
        outcomes[name] = outcome.timedOut
          ? 'timeout'
          : fault(outcome) === undefined
            ? 'ok'
            : 'error';
      }
      expect(outcomes).toEqual({ ends: 'ok', listens: 'timeout', throws: 'error' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
