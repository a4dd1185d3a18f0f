import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';
import type { Options } from 'tsup';

/** One entry per module of DESIGN.md; each becomes a subpath export. */
export const modules = [
  'core',
  'chunks',
  'json',
  'models',
  'rag',
  'runs',
  'transport',
  'openai',
  'langchain',
  'store',
  'testing',
] as const;

/** Node-only entries next to a module's own (`rx-runnables/rag/node`): what needs `node:` APIs. */
export const nodeEntries = ['rag/node', 'store/node'] as const;

/** The `@langchain/*` packages a CommonJS file requires, itself or through its shared chunks. */
function peersOf(file: string, seen = new Set<string>()): Set<string> {
  const peers = new Set<string>();
  if (seen.has(file)) return peers;
  seen.add(file);
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/require\(['"]([^'"]+)['"]\)/g)) {
    if (specifier === undefined) continue;
    const peer = /^(@langchain\/[^/]+)/.exec(specifier)?.[1];
    if (peer !== undefined) peers.add(peer);
    else if (specifier.startsWith('.')) {
      for (const p of peersOf(join(dirname(file), specifier), seen)) peers.add(p);
    }
  }
  return peers;
}

/**
 * Prepends to each CommonJS entry that needs optional peers a check that runs before any of its
 * `require`s: without it, `require('rx-runnables/openai')` fails on whichever `@langchain/*` file a
 * shared chunk happens to load first. With it, a typed `MISSING_PEER` error names every missing
 * package and the command that installs them. (ES modules are linked before any code runs, so
 * there Node's own error names the missing package.)
 */
function guardPeers(): void {
  for (const name of modules) {
    const file = `dist/${name}/index.cjs`;
    if (!existsSync(file)) continue;
    const peers = [...peersOf(file)].sort();
    if (peers.length === 0) continue;
    const guard = [
      `(() => {`,
      `  const missing = ${JSON.stringify(peers)}.filter((peer) => {`,
      `    try { require.resolve(peer); return false; } catch (e) { return e.code === 'MODULE_NOT_FOUND'; }`,
      `  });`,
      `  if (missing.length === 0) return;`,
      `  const { RxRunnablesError } = require('../core/index.cjs');`,
      `  throw new RxRunnablesError('MISSING_PEER', 'rx-runnables/${name} needs ' + missing.join(' and ') +` +
        ` ' (optional peer dependencies): npm install ' + ${JSON.stringify(peers.join(' '))});`,
      `})();`,
    ].join('\n');
    const code = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      code.replace(/^("use strict";)?/, (strict) => `${strict}\n${guard}\n`),
    );
  }
}

const shared: Options = {
  entry: Object.fromEntries(
    [...modules, ...nodeEntries]
      .filter((name) => existsSync(`src/${name}/index.ts`))
      .map((name) => [`${name}/index`, `src/${name}/index.ts`]),
  ),
  dts: true,
  splitting: true,
  // No source maps: they would map to src/, which is not published (see CHANGELOG 0.1.0).
  sourcemap: false,
  // `npm run build` empties dist/ first: the two builds below run at once.
  clean: false,
  target: 'node20',
  external: [/^@langchain\//, 'zod', 'rxjs', 'redis', /^@redis\//],
};

export default defineConfig([
  {
    ...shared,
    format: ['esm'],
    // No `keepNames` for ES modules: it re-names every function and closure each time one is
    // made (a property store per closure, about 10 KB of heap per open stream in `npm run bench --
    // serve`). The classes esbuild renames keep their names with `keepClassName`.
    keepNames: false,
  },
  {
    ...shared,
    format: ['cjs'],
    onSuccess: async () => guardPeers(),
    // The CommonJS build is rewritten by tsup (class fields become `_class` expressions), which
    // loses class names that only `keepNames` restores.
    keepNames: true,
  },
]);
