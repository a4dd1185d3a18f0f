/**
 * Every subpath that is not Node-only bundles for the browser with esbuild without a single Node
 * built-in, and the bundled JSON parser and a pipe run in a real headless Chromium.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type * as Core from '../../src/core';
import type * as Json from '../../src/json';
import type * as Models from '../../src/models';
import { withChromiumPage } from '../support/chromium';
import { isNodeOnly, specifiers } from './support';

const root = fileURLToPath(new URL('../../', import.meta.url));
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Records every import of a Node built-in, with the file that imports it. */
function nodeBuiltins(found: string[]): Plugin {
  return {
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.split('/')[0] ?? args.path;
        if (!builtins.has(args.path) && !builtins.has(bare) && !args.path.startsWith('node:')) {
          return undefined;
        }
        found.push(`${args.path} (imported by ${args.importer.replace(root, '')})`);
        return { path: args.path, external: true };
      });
    },
  };
}

/** Bundles `contents` (which imports the package by name) for browsers. */
async function bundle(contents: string, format: 'esm' | 'iife', found: string[]): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format,
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // Resolve `rx-runnables` as a user's project does, through the exports map to dist/, not
    // through this repository's tsconfig paths (which point at src/).
    tsconfigRaw: {},
    // The optional peers are the user's to bundle (they have browser builds of their own).
    external: ['@langchain/*'],
    plugins: [nodeBuiltins(found)],
  });
  return result.outputFiles[0]?.text ?? '';
}

const browserSubpaths = specifiers.filter((s) => !isNodeOnly(s));

describe('bundling for the browser (esbuild, platform browser)', () => {
  it('covers the runs-everywhere subpaths, and every future one that is not Node-only', () => {
    for (const s of ['', '/chunks', '/json', '/models', '/rag']) {
      expect(browserSubpaths).toContain(`rx-runnables${s}`);
    }
    expect(browserSubpaths).not.toContain('rx-runnables/rag/node');
    expect(browserSubpaths).not.toContain('rx-runnables/testing');
  });

  it.each(browserSubpaths)('%s imports no Node built-in', async (specifier) => {
    const found: string[] = [];
    const code = await bundle(`export * from '${specifier}';`, 'esm', found);
    expect(found).toEqual([]);
    expect(code.length).toBeGreaterThan(0);
  });

  it('the Node-only entry rag/node is told apart: it does import node:fs', async () => {
    const found: string[] = [];
    await bundle(`export * from 'rx-runnables/rag/node';`, 'esm', found);
    expect(found.some((f) => /^(node:)?fs\b/.test(f))).toBe(true);
  });
});

/**
 * Serves an empty page from http://127.0.0.1 (a secure context, like https: Web Crypto's
 * `randomUUID` exists there, not on about:blank) for as long as `fn` runs.
 */
async function withPageServer<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>rx</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

interface BrowserResult {
  minimal: unknown;
  secure: boolean;
  partials: unknown[];
  parsed: unknown;
  answer: string;
  streamed: string[];
  events: string[];
  errorCode: string | undefined;
}

describe('in headless Chromium', () => {
  it('the bundled JSON parser and a prompt | model | parser pipe run', async () => {
    const found: string[] = [];
    const script = await bundle(
      [
        `import * as core from 'rx-runnables';`,
        `import * as json from 'rx-runnables/json';`,
        `import * as models from 'rx-runnables/models';`,
        `globalThis.rx = { core, json, models };`,
      ].join('\n'),
      'iife',
      found,
    );
    // A program that imports only what it names: tree shaking (sideEffects: false) must keep the
    // compositions that pipe() looks up at run time.
    const minimal = await bundle(
      [
        `import { RunnableLambda } from 'rx-runnables';`,
        `import { JsonOutputParser } from 'rx-runnables/json';`,
        `globalThis.minimal = () =>`,
        `  RunnableLambda.from((s) => s).pipe(new JsonOutputParser()).invoke('{"x": [1]}');`,
      ].join('\n'),
      'iife',
      found,
    );
    expect(found).toEqual([]);
    const result = await withPageServer((url) => withChromiumPage(async (page) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(url);
      await page.addScriptTag({ content: script });
      await page.addScriptTag({ content: minimal });
      const value = await page.evaluate(async (): Promise<BrowserResult> => {
        type Rx = {
          core: typeof Core;
          json: typeof Json;
          models: typeof Models;
        };
        const { rx, minimal } = globalThis as unknown as { rx: Rx; minimal: () => Promise<unknown> };
        const { core, json, models } = rx;
        const source = core.RunnableLambda.from(async function* (parts: string[]) {
          yield* parts;
        });
        const parser = source.pipe(new json.JsonOutputParser());
        const partials: unknown[] = [];
        for await (const p of parser.astream(['{"city": "Os', 'lo", "temps": [3', ', 5]}'])) {
          partials.push(structuredClone(p));
        }
        const parsed = await parser.invoke(['{"ok": true}']);
        const chain = models.ChatPromptTemplate.fromMessages([['human', 'Greet {name}']])
          .pipe(new models.DemoChatModel({ script: ['Hello, browser world.'] }))
          .pipe(new models.StringOutputParser());
        const streamed: string[] = [];
        for await (const text of chain.astream({ name: 'you' })) streamed.push(text);
        const answer = await new models.DemoChatModel({ script: ['again'] })
          .pipe(new models.StringOutputParser())
          .invoke('hi');
        const events: string[] = [];
        for await (const e of chain.streamEvents({ name: 'you' })) {
          if (e.event.endsWith('_start')) events.push(`${e.event} ${e.name}`);
        }
        const error: unknown = await parser.invoke(['{"a": ]']).catch((e: unknown) => e);
        return {
          minimal: await minimal(),
          secure: globalThis.isSecureContext,
          partials,
          parsed,
          answer,
          streamed,
          events: events.sort(),
          errorCode: core.RxRunnablesError.isInstance(error) ? error.code : undefined,
        };
      });
      expect(errors).toEqual([]);
      return value;
    }));
    expect(result.secure).toBe(true);
    expect(result.minimal).toEqual({ x: [1] });
    expect(result.partials.at(-1)).toEqual({ city: 'Oslo', temps: [3, 5] });
    expect(result.partials.length).toBeGreaterThan(2);
    expect(result.parsed).toEqual({ ok: true });
    expect(result.streamed.join('')).toBe('Hello, browser world.');
    expect(result.streamed.length).toBeGreaterThan(1);
    expect(result.answer).toBe('again');
    expect(result.events).toEqual([
      'on_chain_start RunnableSequence',
      'on_chat_model_start DemoChatModel',
      'on_parser_start StrOutputParser',
      'on_prompt_start ChatPromptTemplate',
    ]);
    expect(result.errorCode).toBe('JSON_PARSE');
  });
});
