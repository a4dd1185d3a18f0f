/**
 * The `langchain` subpath with @langchain/core 0.3 (the peer range allows it): the built package
 * in a temporary project whose @langchain/core is 0.3.x (the devDependency alias
 * `@langchain/core-0.3`), running test/dist/fixtures/langchain-interop-probe.mjs.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'rx-langchain-0.3-'));
  const modules = join(project, 'node_modules');
  await mkdir(join(modules, 'rx-runnables'), { recursive: true });
  await mkdir(join(modules, '@langchain'));
  await cp(join(root, 'dist'), join(modules, 'rx-runnables', 'dist'), { recursive: true });
  await cp(join(root, 'package.json'), join(modules, 'rx-runnables', 'package.json'));
  await symlink(join(root, 'node_modules', 'rxjs'), join(modules, 'rxjs'), 'dir');
  const core03 = join(root, 'node_modules', '@langchain', 'core-0.3');
  await symlink(core03, join(modules, '@langchain', 'core'), 'dir');
  await cp(join(root, 'test', 'dist', 'fixtures', 'langchain-interop-probe.mjs'), join(project, 'probe.mjs'));
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

it('interop both ways works with @langchain/core 0.3', async () => {
  const { stdout } = await run(process.execPath, ['probe.mjs'], { cwd: project });
  const out = JSON.parse(stdout) as Record<string, unknown>;
  expect(out['version']).toMatch(/^0\.3\./);
  expect(out['oursAroundLangChain']).toEqual({ text: 'Hello from LangChain', chunks: 20 });
  expect(out['oursAroundLangChainEvents']).toEqual([
    'on_chain_end RunnableSequence',
    'on_chain_start RunnableSequence',
    'on_chat_model_end FakeListChatModel',
    'on_chat_model_start FakeListChatModel',
    'on_parser_end StrOutputParser',
    'on_parser_start StrOutputParser',
    'on_prompt_end ChatPromptTemplate',
    'on_prompt_start ChatPromptTemplate',
  ]);
  expect(out['modelStraightInPipe']).toBe('direct');
  expect(out['langChainAroundOurs']).toBe('from ours');
  const streamed = out['langChainAroundOursStreamed'] as string[];
  expect(streamed.join('')).toBe('again');
  expect(streamed.length).toBeGreaterThan(1);
  expect(out['toolCalls']).toMatchObject([{ name: 'weather', args: { city: 'Oslo' }, id: 'c1' }]);
  expect(out['messageBack']).toBe('AIMessage');
  expect(out['lambdas']).toBe('a!?');
  expect(out['langChainPrompt']).toBe('ok');
});
