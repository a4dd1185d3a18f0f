/**
 * The package installed without its optional peers (`@langchain/core`, `@langchain/openai`): a
 * copy of dist/ and package.json in a temporary node_modules with only rxjs beside it. Both
 * formats fail alike on an entry that needs a missing peer: the typed `MISSING_PEER` error with the
 * install command (the ES module entries load their implementation with a dynamic import for
 * that, see tsup.config.ts). `rx-runnables/store/node` takes a node-redis client from the user and
 * imports no `redis` itself, so it loads without it (below, with every other subpath).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specifiers } from './support';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'rx-no-peers-'));
  const pkg = join(project, 'node_modules', 'rx-runnables');
  await mkdir(pkg, { recursive: true });
  await cp(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
  await cp(join(root, 'package.json'), join(pkg, 'package.json'));
  await symlink(join(root, 'node_modules', 'rxjs'), join(project, 'node_modules', 'rxjs'), 'dir');
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

/** Runs `code` with node in the temporary project; returns what it printed. */
async function node(code: string, type: 'commonjs' | 'module', cwd = project): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type', type, '-e', code], { cwd });
  return stdout.trim();
}

const describeError = `(e) => console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message }))`;

describe('without the optional LangChain peers installed', () => {
  it('require("rx-runnables/openai") throws a MISSING_PEER error naming both packages', async () => {
    const out = await node(`try { require('rx-runnables/openai') } catch (e) { (${describeError})(e) }`, 'commonjs');
    expect(JSON.parse(out)).toEqual({
      name: 'RxRunnablesError',
      code: 'MISSING_PEER',
      message:
        'rx-runnables/openai needs @langchain/core and @langchain/openai (optional peer ' +
        'dependencies): npm install @langchain/core @langchain/openai',
    });
  });

  it('require("rx-runnables/langchain") names @langchain/core', async () => {
    const out = await node(`try { require('rx-runnables/langchain') } catch (e) { (${describeError})(e) }`, 'commonjs');
    expect(JSON.parse(out)).toMatchObject({
      code: 'MISSING_PEER',
      message: expect.stringContaining('npm install @langchain/core') as unknown,
    });
  });

  it.each(['openai', 'langchain'])(
    'import("rx-runnables/%s") throws the same MISSING_PEER error as require()',
    async (name) => {
      const cjs = await node(
        `try { require('rx-runnables/${name}') } catch (e) { (${describeError})(e) }`,
        'commonjs',
      );
      const esm = await node(
        `await import('rx-runnables/${name}').catch(${describeError})`,
        'module',
      );
      expect(JSON.parse(esm)).toMatchObject({ name: 'RxRunnablesError', code: 'MISSING_PEER' });
      expect(JSON.parse(esm)).toEqual(JSON.parse(cjs));
    },
  );

  it('the ES module error is an RxRunnablesError of the package, caused by Node\'s own', async () => {
    const out = await node(
      [
        `const { RxRunnablesError } = await import('rx-runnables');`,
        `const e = await import('rx-runnables/openai').catch((e) => e);`,
        `console.log(JSON.stringify({`,
        `  ours: e instanceof RxRunnablesError,`,
        `  isInstance: RxRunnablesError.isInstance(e),`,
        `  cause: e.cause?.code,`,
        `  causeMessage: e.cause?.message,`,
        `}));`,
      ].join('\n'),
      'module',
    );
    expect(JSON.parse(out)).toMatchObject({
      ours: true,
      isInstance: true,
      cause: 'ERR_MODULE_NOT_FOUND',
      causeMessage: expect.stringContaining("'@langchain/") as unknown,
    });
  });

  const withoutPeers = specifiers.filter((s) => !/\/(openai|langchain)$/.test(s));
  it.each(withoutPeers)('%s loads in both formats', async (s) => {
    const cjs = await node(`console.log(Object.keys(require('${s}')).length)`, 'commonjs');
    const esm = await node(`console.log(Object.keys(await import('${s}')).length)`, 'module');
    expect(Number(cjs)).toBeGreaterThan(0);
    expect(Number(esm)).toBe(Number(cjs));
  });
});

describe('with @langchain/core installed but not @langchain/openai', () => {
  let partial: string;

  beforeAll(async () => {
    partial = await mkdtemp(join(tmpdir(), 'rx-one-peer-'));
    const modules = join(partial, 'node_modules');
    await mkdir(join(modules, '@langchain'), { recursive: true });
    await cp(join(project, 'node_modules', 'rx-runnables'), join(modules, 'rx-runnables'), {
      recursive: true,
    });
    await symlink(join(root, 'node_modules', 'rxjs'), join(modules, 'rxjs'), 'dir');
    await symlink(
      join(root, 'node_modules', '@langchain', 'core'),
      join(modules, '@langchain', 'core'),
      'dir',
    );
  });

  afterAll(async () => {
    await rm(partial, { recursive: true, force: true });
  });

  it('both formats name only the missing package, and the command installs both', async () => {
    const message =
      'rx-runnables/openai needs @langchain/openai (optional peer dependencies): ' +
      'npm install @langchain/core @langchain/openai';
    const cjs = await node(
      `try { require('rx-runnables/openai') } catch (e) { (${describeError})(e) }`,
      'commonjs',
      partial,
    );
    const esm = await node(
      `await import('rx-runnables/openai').catch(${describeError})`,
      'module',
      partial,
    );
    expect(JSON.parse(cjs)).toEqual({ name: 'RxRunnablesError', code: 'MISSING_PEER', message });
    expect(JSON.parse(esm)).toEqual(JSON.parse(cjs));
  });

  it('rx-runnables/langchain loads in both formats', async () => {
    const cjs = await node(
      `console.log(typeof require('rx-runnables/langchain').toLangChain)`,
      'commonjs',
      partial,
    );
    const esm = await node(
      `console.log(typeof (await import('rx-runnables/langchain')).toLangChain)`,
      'module',
      partial,
    );
    expect([cjs, esm]).toEqual(['function', 'function']);
  });
});
