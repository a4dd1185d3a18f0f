import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasImports, tsdocBlocks, typeCheck } from './code-blocks';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sources = (readdirSync(join(root, 'src'), { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(root, 'src', file));

describe('TSDoc @example blocks', () => {
  // An example that imports is a whole program and must compile as one. Examples without an
  // import are fragments about a value in scope (`chain.invoke(…)`), read next to their API.
  const programs = sources
    .flatMap((file) => tsdocBlocks(file, root))
    .filter((b) => hasImports(b.code));

  it('that import what they use are found', () => {
    expect(programs.length).toBeGreaterThan(0);
  });

  it('that import what they use type-check against the package by its name', () => {
    expect(typeCheck(programs, root)).toEqual([]);
  }, 120_000);
});
