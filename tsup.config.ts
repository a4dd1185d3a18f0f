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

/** The optional peer dependencies: packages users install only for the entries that need them. */
const PEER = /^(@langchain\/[^/]+|redis)(?:\/|$)/;

/** Every module specifier a built file loads (`require`, `import … from`, bare `import`). */
function specifiersOf(code: string): string[] {
  const found = code.matchAll(/(?:require\(|\bfrom\s*|^import\s*|\bimport\()\s*['"]([^'"]+)['"]/gm);
  return [...found].flatMap(([, specifier]) => (specifier === undefined ? [] : [specifier]));
}

/** The optional peers a built file loads, itself or through the shared chunks it loads. */
function peersOf(file: string, seen = new Set<string>()): Set<string> {
  const peers = new Set<string>();
  if (seen.has(file)) return peers;
  seen.add(file);
  for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
    const peer = PEER.exec(specifier)?.[1];
    if (peer !== undefined) peers.add(peer);
    else if (specifier.startsWith('.')) {
      for (const p of peersOf(join(dirname(file), specifier), seen)) peers.add(p);
    }
  }
  return peers;
}

/** The message of the `MISSING_PEER` error, the same in both formats (`missing` is JS code). */
function missingPeerMessage(name: string, missing: string, peers: string[]): string {
  return (
    `'rx-runnables/${name} needs ' + ${missing}.join(' and ') +` +
    ` ' (optional peer dependencies): npm install ${peers.join(' ')}'`
  );
}

/**
 * Prepends to each CommonJS entry that needs optional peers a check that runs before any of its
 * `require`s: without it, `require('rx-runnables/openai')` fails on whichever `@langchain/*` file a
 * shared chunk happens to load first. With it, a typed `MISSING_PEER` error names every missing
 * package and the command that installs them.
 */
function guardPeersCjs(): void {
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
      `  throw new RxRunnablesError('MISSING_PEER', ${missingPeerMessage(name, 'missing', peers)});`,
      `})();`,
    ].join('\n');
    const code = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      code.replace(/^("use strict";)?/, (strict) => `${strict}\n${guard}\n`),
    );
  }
}

/** The file an ES module entry that needs optional peers is moved to (see {@link guardPeersEsm}). */
export const PEER_LOADED_ENTRY = 'with-peers.js';

/**
 * The same check for the ES module entries. Node links a module graph before running any of it,
 * so a static `import` of a missing peer fails as a bare `ERR_MODULE_NOT_FOUND` before any check
 * could run. Each such entry is therefore moved to `with-peers.js` beside it, and `index.js`
 * loads it with a dynamic `import()` (top-level await), maps a failure caused by a missing peer
 * (found with `import.meta.resolve`) to the same `MISSING_PEER` error as CommonJS, with Node's
 * error as its `cause`, and re-exports every name. Web APIs only: bundlers follow the `import()`.
 */
function guardPeersEsm(): void {
  for (const name of modules) {
    const file = `dist/${name}/index.js`;
    if (!existsSync(file)) continue;
    const peers = [...peersOf(file)].sort();
    if (peers.length === 0) continue;
    const code = readFileSync(file, 'utf8');
    if (/^export\s*\*/m.test(code)) throw new Error(`${file}: export * cannot be re-exported`);
    const block = [...code.matchAll(/^export\s*\{([^}]*)\};?\s*$/gm)];
    const last = block.at(-1)?.[1];
    if (block.length !== 1 || last === undefined) throw new Error(`${file}: no single export list`);
    const names = last
      .split(',')
      .map(
        (part) =>
          part
            .trim()
            .split(/\s+as\s+/)
            .at(-1) ?? '',
      )
      .filter((exported) => exported !== '');
    writeFileSync(`dist/${name}/${PEER_LOADED_ENTRY}`, code);
    const loader = [
      `import { RxRunnablesError } from '../core/index.js';`,
      ``,
      `// Loaded dynamically so that a missing optional peer fails as MISSING_PEER, as in CommonJS.`,
      `const entry = await import('./${PEER_LOADED_ENTRY}').catch((error) => {`,
      `  const missing = ${JSON.stringify(peers)}.filter((peer) => {`,
      `    try { import.meta.resolve(peer); return false; } catch { return true; }`,
      `  });`,
      `  if (missing.length === 0) throw error;`,
      `  throw new RxRunnablesError('MISSING_PEER', ${missingPeerMessage(name, 'missing', peers)}, { cause: error });`,
      `});`,
      ``,
      `export const { ${names.join(', ')} } = entry;`,
      ``,
    ].join('\n');
    writeFileSync(file, loader);
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
    onSuccess: async () => guardPeersEsm(),
    // No `keepNames` for ES modules: it re-names every function and closure each time one is
    // made (a property store per closure, about 10 KB of heap per open stream in `npm run bench --
    // serve`). The classes esbuild renames keep their names with `keepClassName`.
    keepNames: false,
  },
  {
    ...shared,
    format: ['cjs'],
    onSuccess: async () => guardPeersCjs(),
    // The CommonJS build is rewritten by tsup (class fields become `_class` expressions), which
    // loses class names that only `keepNames` restores.
    keepNames: true,
  },
]);
