import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { loadDocuments } from '../../src/rag/node';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rag-load-'));
  await mkdir(join(dir, 'guide'));
  await mkdir(join(dir, 'node_modules'));
  await mkdir(join(dir, '.hidden'));
  await writeFile(join(dir, 'b.md'), '# Beta\n\nBeta body.\n\n## Sub\n\nSub body.');
  await writeFile(join(dir, 'a.txt'), '\uFEFFPlain text file.\n\nSecond paragraph.');
  await writeFile(join(dir, 'guide', 'c.MD'), '# Guide\n\nNested file.');
  await writeFile(join(dir, 'ignored.json'), '{"not": "loaded"}');
  await writeFile(join(dir, 'node_modules', 'x.md'), '# dependency docs');
  await writeFile(join(dir, '.hidden', 'y.md'), '# hidden');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadDocuments', () => {
  it('loads .md and .txt files recursively, sorted, one document per chunk', async () => {
    const docs = await loadDocuments(dir);
    expect(docs.map((d) => [d.id, d.metadata])).toEqual([
      ['a.txt#0', { source: 'a.txt', heading: '', chunk: 0 }],
      ['b.md#0', { source: 'b.md', heading: 'Beta', chunk: 0 }],
      ['b.md#1', { source: 'b.md', heading: 'Beta > Sub', chunk: 1 }],
      ['guide/c.MD#0', { source: 'guide/c.MD', heading: 'Guide', chunk: 0 }],
    ]);
    expect(docs[0]?.pageContent).toBe('Plain text file.\n\nSecond paragraph.');
    expect(docs[2]?.pageContent).toBe('Sub body.');
  });

  it('honours extensions, recursive and chunk sizes', async () => {
    const top = await loadDocuments(dir, { recursive: false, extensions: ['.md'] });
    expect(top.map((d) => d.metadata.source)).toEqual(['b.md', 'b.md']);
    const small = await loadDocuments(dir, {
      extensions: ['.txt'],
      chunkSize: 20,
      chunkOverlap: 0,
    });
    expect(small.map((d) => d.pageContent)).toEqual(['Plain text file.', 'Second paragraph.']);
  });

  it('rejects a missing folder with INVALID_INPUT', async () => {
    const error: unknown = await loadDocuments(join(dir, 'missing')).catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error) && error.code).toBe('INVALID_INPUT');
  });
});
