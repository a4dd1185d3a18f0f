import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

/** One entry per module of DESIGN.md; each becomes a subpath export. */
export const modules = [
  'core',
  'chunks',
  'json',
  'models',
  'rag',
  'openai',
  'langchain',
  'testing',
] as const;

export default defineConfig({
  entry: Object.fromEntries(
    modules
      .filter((name) => existsSync(`src/${name}/index.ts`))
      .map((name) => [`${name}/index`, `src/${name}/index.ts`]),
  ),
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: [/^@langchain\//, 'zod', 'rxjs'],
});
