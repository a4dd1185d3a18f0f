import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const HERE = join(import.meta.dirname, 'module-graph');
/** Entries allowed to load @langchain/*: the interop subpaths. */
const LANGCHAIN_ENTRIES = new Set(['langchain', 'openai']);

function entries(): string[] {
  return readdirSync(join(ROOT, 'src'))
    .filter((dir) => existsSync(join(ROOT, 'src', dir, 'index.ts')))
    .sort();
}

/** Imports the entries in one Node process, in order; returns the URLs each one resolved. */
async function probe(modules: string[]): Promise<Record<string, string[]>> {
  const files = modules.map((name) => join('src', name, 'index.ts'));
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      join(HERE, 'record-loads.mjs'),
      join(HERE, 'probe.ts'),
      ...files,
    ],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(stdout) as Record<string, string[]>;
  return Object.fromEntries(modules.map((name, i) => [name, report[files[i] as string] ?? []]));
}

const fromLangChain = (url: string): boolean => /[/\\]@langchain[/\\]/.test(url);

describe('@langchain/* is an optional peer dependency', () => {
  it('no entry but langchain and openai loads @langchain/*', async () => {
    const plain = entries().filter((name) => !LANGCHAIN_ENTRIES.has(name));
    expect(plain).toEqual(expect.arrayContaining(['core', 'chunks', 'models', 'json', 'rag']));
    // The langchain entry goes last, as the control: the probe must see what it loads.
    const report = await probe([...plain, 'langchain']);
    for (const name of plain) {
      expect({ entry: name, langchain: report[name]?.filter(fromLangChain) }).toEqual({
        entry: name,
        langchain: [],
      });
    }
    expect(report.langchain?.some(fromLangChain)).toBe(true);
  }, 60_000);
});
