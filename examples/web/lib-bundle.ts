/**
 * The library's browser client for the page, without a build step for the page: on startup the
 * server bundles `rx-runnables/transport` with esbuild into memory (an ES module served at
 * `/lib/transport.js`). In this repository the package name resolves to src/ through
 * tsconfig.json's `paths`; in a project that installed rx-runnables it resolves to dist/.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Bundles `rx-runnables/transport` for browsers as one ES module; returns its code. */
export async function bundleTransport(): Promise<string> {
  const result = await build({
    stdin: {
      contents: "export * from 'rx-runnables/transport';",
      resolveDir: ROOT,
      sourcefile: 'transport-entry.js',
      loader: 'js',
    },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    minify: true,
    logLevel: 'silent',
    // src/ files are taken as they are (the package's `sideEffects: false` is for dist/).
    ignoreAnnotations: true,
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error('esbuild produced no output for rx-runnables/transport');
  return file.text;
}
