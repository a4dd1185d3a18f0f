import { describe, expect, it } from 'vitest';
import { documentsFromFiles } from '../../src/rag';

describe('documentsFromFiles', () => {
  it('splits file contents into documents in the given order, without reading any disk', () => {
    const docs = documentsFromFiles(
      [
        { source: 'z.md', text: '\uFEFF# Zed\n\nLast letter.' },
        { source: 'notes/a.txt', text: 'First paragraph.\n\nSecond paragraph.' },
      ],
      { chunkSize: 20, chunkOverlap: 0 },
    );
    expect(docs.map((d) => [d.id, d.pageContent, d.metadata])).toEqual([
      ['z.md#0', 'Last letter.', { source: 'z.md', heading: 'Zed', chunk: 0 }],
      ['notes/a.txt#0', 'First paragraph.', { source: 'notes/a.txt', heading: '', chunk: 0 }],
      ['notes/a.txt#1', 'Second paragraph.', { source: 'notes/a.txt', heading: '', chunk: 1 }],
    ]);
  });

  it('returns no documents for no files', () => {
    expect(documentsFromFiles([])).toEqual([]);
  });
});
