/**
 * Optional system programs the tests use (redis-server, Chromium): where to find one, and what a
 * test file does when it is missing — run, skip with one line in the summary, or fail (in CI).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The environment variables this module reads (a subset of `process.env`). */
export type Env = Readonly<Record<string, string | undefined>>;

/** A program some test files need and the machine may lack. */
export interface OptionalProgram {
  /** The executable's name, looked up on `PATH`: `redis-server`. */
  readonly name: string;
  /** How to get it: `apt-get install redis-server`. */
  readonly install: string;
  /** The variable that names the executable's path, overriding the `PATH` look-up. */
  readonly pathVariable: string;
  /** The variable that, set to `1`, makes a missing program a failure (as `CI=true` does). */
  readonly requireVariable: string;
}

/** What a test file that needs the program does. */
export type ProgramDecision =
  | { readonly kind: 'run'; readonly path: string }
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'fail'; readonly reason: string };

/** Thrown where a required program is missing (in CI, or with its require variable set). */
export class MissingProgramError extends Error {
  readonly code = 'MISSING_PROGRAM';
  constructor(message: string) {
    super(message);
    this.name = 'MissingProgramError';
  }
}

const truthy = (value: string | undefined): boolean =>
  value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';

/** True in CI (`CI` set to anything but `''`, `0` or `false`), as most CI services set it. */
export function isCI(env: Env): boolean {
  return truthy(env['CI']);
}

/** True when `path` is a regular file this process may execute. */
export function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` in the directories of `pathList` (a `PATH` value). */
export function findOnPath(name: string, pathList: string | undefined): string | undefined {
  for (const dir of (pathList ?? '').split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Where the program is: the path its variable names (which must be executable), else the first
 * one on `PATH`. `{ found: undefined, override }` when the variable names no executable.
 */
export function locateProgram(
  program: OptionalProgram,
  env: Env,
): { readonly found: string | undefined; readonly override?: string } {
  const override = env[program.pathVariable];
  if (override !== undefined && override !== '') {
    return isExecutable(override) ? { found: override } : { found: undefined, override };
  }
  return { found: findOnPath(program.name, env['PATH']) };
}

/**
 * Run when the program is found; when it is not, fail in CI (or with the require variable set,
 * or when its path variable names nothing executable) and skip elsewhere, with a reason that
 * names the program and how to get it.
 */
export function decideProgram(
  program: OptionalProgram,
  located: { readonly found: string | undefined; readonly override?: string },
  env: Env,
): ProgramDecision {
  if (located.found !== undefined) return { kind: 'run', path: located.found };
  if (located.override !== undefined) {
    return {
      kind: 'fail',
      reason: `${program.pathVariable}=${located.override} is not an executable ${program.name}`,
    };
  }
  const missing = `${program.name} not found on PATH (${program.install}, or set ${program.pathVariable})`;
  if (isCI(env) || truthy(env[program.requireVariable])) {
    const why = isCI(env) ? 'CI' : `${program.requireVariable}=1`;
    return { kind: 'fail', reason: `${missing}; ${why} requires it` };
  }
  return { kind: 'skip', reason: missing };
}
