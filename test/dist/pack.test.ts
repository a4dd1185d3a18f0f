/**
 * `npm pack` in a fresh checkout (the repository's files, no dist/) builds the package first
 * (`prepack`), without a warning, and ships every file the exports map names.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manifest } from './support';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
let checkout: string;
let packed: string[];
/** What `npm pack` printed, the build's output (tsup, esbuild, the declaration build) included. */
let buildOutput: string;

/** Every file path (`dist/core/index.js`, …) an exports map target names. */
function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value.replace(/^\.\//, '')];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(targets);
}

beforeAll(async () => {
  checkout = await mkdtemp(join(tmpdir(), 'rx-pack-'));
  // What a clone has: the files git knows of (committed or not yet), never dist/ or node_modules.
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  const files = stdout.split('\0').filter((file) => file !== '' && !file.startsWith('dist/'));
  for (const file of files) {
    await cp(join(root, file), join(checkout, file), { recursive: true, force: true }).catch(
      (error: NodeJS.ErrnoException) => {
        // A file deleted in the working tree but still in git's index is not part of the checkout.
        if (error.code !== 'ENOENT') throw error;
      },
    );
  }
  await symlink(join(root, 'node_modules'), join(checkout, 'node_modules'), 'dir');
  expect((await readdir(checkout)).includes('dist')).toBe(false);
  const out = await mkdtemp(join(tmpdir(), 'rx-pack-out-'));
  const build = await run('npm', ['pack', '--pack-destination', out], {
    cwd: checkout,
    maxBuffer: 64 * 1024 * 1024,
  });
  buildOutput = `${build.stdout}\n${build.stderr}`;
  const [tarball] = (await readdir(out)).filter((file) => file.endsWith('.tgz'));
  const { stdout: listing } = await run('tar', ['-tzf', join(out, tarball ?? '')], {
    maxBuffer: 16 * 1024 * 1024,
  });
  packed = listing
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^package\//, ''));
  await rm(out, { recursive: true, force: true });
}, 300_000);

afterAll(async () => {
  await rm(checkout, { recursive: true, force: true });
});

it('the tarball holds every file of the exports map, both formats and their declarations', () => {
  const wanted = [...new Set([...targets(manifest.exports), 'package.json'])];
  expect(wanted).toContain('dist/core/index.js');
  expect(wanted).toContain('dist/models/index.d.cts');
  expect(wanted.filter((file) => !packed.includes(file))).toEqual([]);
});

it('the tarball holds the files of main, module, types and typesVersions', () => {
  const { main, module, types, typesVersions } = manifest as unknown as Record<string, unknown>;
  const wanted = targets([main, module, types, typesVersions]);
  expect(wanted.length).toBeGreaterThan(3);
  expect(wanted.filter((file) => !packed.includes(file))).toEqual([]);
});

it('the build prints no warning', () => {
  expect(buildOutput).toContain('Build success');
  // tsup prints esbuild's and its own warnings as ` WARN `, esbuild's as `[WARNING]`.
  expect(buildOutput.split('\n').filter((line) => /WARN/.test(line))).toEqual([]);
});

it('ships no sources, tests or maps', () => {
  expect(packed.filter((file) => /^(src|test|bench|examples)\/|\.map$/.test(file))).toEqual([]);
});
