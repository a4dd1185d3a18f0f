/**
 * The package's declarations as a user's TypeScript reads them: one consumer program
 * (fixtures/consumer/consumer.ts, a pipe across subpaths) type-checks under every
 * `moduleResolution` a project may use, importing `rx-runnables` by its name from a project whose
 * node_modules links to this package (dist/ and package.json as published).
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let projects: string;

beforeAll(async () => {
  projects = await mkdtemp(join(tmpdir(), 'rx-consumer-types-'));
  for (const mode of modes) await project(mode);
});

afterAll(async () => {
  await rm(projects, { recursive: true, force: true });
});

interface Mode {
  name: string;
  /** The consumer project's package.json `type`. */
  type: 'module' | 'commonjs';
  compilerOptions: Record<string, string>;
  /** The one declaration format this mode must read, for the root and every subpath. */
  declarations: '.d.ts' | '.d.cts';
}

const modes: Mode[] = [
  {
    name: 'node10',
    type: 'commonjs',
    compilerOptions: { module: 'commonjs', moduleResolution: 'node10' },
    declarations: '.d.cts',
  },
  {
    name: 'node16 (ESM)',
    type: 'module',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
    declarations: '.d.ts',
  },
  {
    name: 'node16 (CommonJS)',
    type: 'commonjs',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
    declarations: '.d.cts',
  },
  {
    name: 'bundler',
    type: 'module',
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler' },
    declarations: '.d.ts',
  },
];

const dirOf = (mode: Mode): string => join(projects, mode.name.replace(/\W+/g, '-'));

/** A consumer project for `mode`, with node_modules/rx-runnables linked to this package. */
async function project(mode: Mode): Promise<string> {
  const dir = dirOf(mode);
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await symlink(root, join(dir, 'node_modules', 'rx-runnables'), 'dir');
  await copyFile(join(root, 'test/dist/fixtures/consumer/consumer.ts'), join(dir, 'consumer.ts'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: mode.type }));
  const tsconfig = {
    compilerOptions: {
      ...mode.compilerOptions,
      target: 'es2022',
      lib: ['es2022', 'dom'],
      types: [],
      strict: true,
      noEmit: true,
      // The package's own declarations are checked too (a user's default).
      skipLibCheck: false,
    },
    files: ['consumer.ts'],
  };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  return dir;
}

/** The package's tsc on the consumer project in `dir`, with `args`. */
const tscIn = (dir: string, ...args: string[]) =>
  run(process.execPath, [tsc, '-p', 'tsconfig.json', ...args], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  });

/** tsc's diagnostics for the consumer project (empty when it type-checks). */
async function typeCheck(dir: string): Promise<string> {
  try {
    await tscIn(dir, '--pretty', 'false');
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}`.trim() || String(error);
  }
}

describe('one consumer program type-checks under every moduleResolution', () => {
  it.each(modes)('$name', async (mode) => {
    expect(await typeCheck(dirOf(mode))).toBe('');
  });

  it.each(modes)('$name reads one declaration set, of one format', async (mode) => {
    const { stdout } = await tscIn(dirOf(mode), '--traceResolution', '--noCheck');
    const resolved = [...stdout.matchAll(/was successfully resolved to '([^']+)'/g)]
      .map(([, file]) => file ?? '')
      .filter((file) => file.startsWith(join(root, 'dist')))
      .map((file) => file.slice(root.length));
    // The root, /chunks, /json, /models and the shared declaration chunks they import.
    expect(resolved).toContain(`dist/core/index${mode.declarations}`);
    expect(resolved).toContain(`dist/models/index${mode.declarations}`);
    expect(resolved.filter((file) => !file.endsWith(mode.declarations))).toEqual([]);
  });
});
