/**
 * A user's bundler tree-shakes the package (`"sideEffects"` in package.json): a program that
 * imports one subpath and names only what it uses still finds the compositions `pipe`,
 * `withConfig`, `withRetry` and `withFallbacks` look up at run time (they register themselves in
 * the shared chunks, which package.json declares as having side effects).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { rolldown } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rx-tree-shaking-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Programs that import a single subpath, not the core entry. */
const programs: Record<string, string> = {
  models: [
    `import { DemoChatModel, StringOutputParser } from 'rx-runnables/models';`,
    `const model = new DemoChatModel({ script: ['hello there'] });`,
    `const chain = model`,
    `  .pipe(new StringOutputParser())`,
    `  .pipe((s) => s.toUpperCase())`,
    `  .withConfig({ tags: ['t'] })`,
    `  .withRetry({ attempts: 2 })`,
    `  .withFallbacks([new DemoChatModel({ script: ['x'] }).pipe(new StringOutputParser())]);`,
    `console.log(await chain.invoke('hi'));`,
  ].join('\n'),
  'models-minimal': [
    `import { DemoChatModel, StringOutputParser } from 'rx-runnables/models';`,
    `const chain = new DemoChatModel({ script: ['hi there'] }).pipe(new StringOutputParser());`,
    `console.log(await chain.withRetry({}).invoke('x'));`,
  ].join('\n'),
  json: [
    `import { JsonOutputParser } from 'rx-runnables/json';`,
    `const parser = new JsonOutputParser().pipe({ a: (v) => v.a, b: (v) => v.b });`,
    `console.log(JSON.stringify(await parser.invoke('{"a": 1, "b": [2]}')));`,
  ].join('\n'),
};
const expected: Record<string, string> = {
  models: 'HELLO THERE',
  'models-minimal': 'hi there',
  json: '{"a":1,"b":[2]}',
};

/** Bundles with esbuild (what Vite's dev server, tsup and many apps use). */
async function esbuild(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    tsconfigRaw: {},
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Bundles with Rolldown (Vite's production bundler; Rollup's semantics for side effects). */
async function rolldownBundle(source: string, name: string): Promise<string> {
  const entry = join(root, `.tree-shaking-${name}.mjs`);
  await writeFile(entry, source);
  try {
    const bundle = await rolldown({ input: entry, platform: 'neutral', logLevel: 'silent', cwd: root });
    const { output } = await bundle.generate({ format: 'esm' });
    await bundle.close();
    return output[0].code;
  } finally {
    await rm(entry, { force: true });
  }
}

const bundlers: [string, (source: string, name: string) => Promise<string>][] = [
  ['esbuild', esbuild],
  ['rolldown', rolldownBundle],
];

describe.each(bundlers)('bundled by %s', (bundler, bundle) => {
  it.each(Object.keys(programs))('a program importing only one subpath runs (%s)', async (name) => {
    const code = await bundle(programs[name] ?? '', name);
    const file = join(dir, `${bundler}-${name}.mjs`);
    await writeFile(file, code);
    const { stdout } = await run(process.execPath, [file], { cwd: dir });
    expect(stdout.trim()).toBe(expected[name]);
  });
});
