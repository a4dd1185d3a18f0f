/**
 * The package installed without its optional peers (`@langchain/core`, `@langchain/openai`): a
 * copy of dist/ and package.json in a temporary node_modules with only rxjs beside it.
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
async function node(code: string, type: 'commonjs' | 'module'): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type', type, '-e', code], { cwd: project });
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

  it('import("rx-runnables/openai") fails naming @langchain/openai (Node links ES modules first)', async () => {
    const out = await node(`await import('rx-runnables/openai').catch(${describeError})`, 'module');
    expect(JSON.parse(out)).toMatchObject({
      code: 'ERR_MODULE_NOT_FOUND',
      message: expect.stringContaining("'@langchain/openai'") as unknown,
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
