import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { markdownBlocks, markdownPages, typeCheck } from './code-blocks';

const root = fileURLToPath(new URL('../../', import.meta.url));
const markdown = markdownPages(root);

describe('the TypeScript blocks of README.md and docs/*.md', () => {
  const blocks = markdown.flatMap((file) => markdownBlocks(join(root, file), root));

  it('are found in every page', () => {
    expect(blocks.length).toBeGreaterThan(markdown.length);
  });

  it('type-check against the package by its name', () => {
    expect(typeCheck(blocks, root)).toEqual([]);
  }, 120_000);
});
