import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

/** One entry per module of DESIGN.md; each becomes a subpath export. */
export const modules = [
  'core',
  'chunks',
  'json',
  'models',
  'rag',
  'transport',
  'openai',
  'langchain',
  'testing',
] as const;

/** Node-only entries next to a module's own (`rx-runnables/rag/node`): what needs `node:` APIs. */
export const nodeEntries = ['rag/node'] as const;

export default defineConfig({
  entry: Object.fromEntries(
    [...modules, ...nodeEntries]
      .filter((name) => existsSync(`src/${name}/index.ts`))
      .map((name) => [`${name}/index`, `src/${name}/index.ts`]),
  ),
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  // No source maps: they would map to src/, which is not published (see CHANGELOG 0.1.0).
  sourcemap: false,
  // Class and function names survive bundling: events and errors show `RunnableSequence`,
  // not `_RunnableSequence`.
  keepNames: true,
  clean: true,
  target: 'node20',
  external: [/^@langchain\//, 'zod', 'rxjs'],
});
