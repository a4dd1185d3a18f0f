/**
 * Loading the built package by its name, through its exports map, as a user does: `import` gets
 * the ES module build, `require` the CommonJS build (two copies of every class in one process).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The package's manifest (the exports map is the list of subpaths). */
export const manifest = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as {
  name: string;
  exports: Record<string, unknown>;
  typesVersions?: Record<string, Record<string, string[]>>;
};

/** Every subpath of the exports map as a specifier: `rx-runnables`, `rx-runnables/json`, … */
export const specifiers: string[] = Object.keys(manifest.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));

/**
 * Subpaths allowed to use Node built-ins: those named `…/node` and `testing` (the loopback
 * server). Every other subpath, present or future (transport, runs, …), must bundle for browsers.
 */
const NODE_ONLY = new Set(['testing']);

/** True for subpaths that may use Node built-ins (`rx-runnables/rag/node`, `…/testing`). */
export function isNodeOnly(specifier: string): boolean {
  const sub = specifier.slice(manifest.name.length + 1);
  return sub.endsWith('/node') || sub === 'node' || NODE_ONLY.has(sub);
}

export type Module = Record<string, unknown>;
export type Loader = (specifier: string) => Promise<Module>;

/** The ES module build of a subpath. */
export const loadEsm: Loader = async (specifier) => (await import(specifier)) as Module;
/** The CommonJS build of a subpath. */
export const loadCjs: Loader = async (specifier) => require(specifier) as Module;

/** Both builds, for `describe.each`. */
export const builds: [string, Loader][] = [
  ['esm', loadEsm],
  ['cjs', loadCjs],
];

/** A class export (keepNames matters for these: events and errors report `constructor.name`). */
export function isClass(value: unknown): value is abstract new (...args: never[]) => unknown {
  return typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
}
