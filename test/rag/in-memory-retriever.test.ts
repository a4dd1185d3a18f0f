import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { InMemoryRetriever } from '../../src/rag';
import { loadDocuments } from '../../src/rag/node';

const DOCS = [
  {
    pageContent: 'Unsubscribing cancels the run and aborts the HTTP request.',
    metadata: { source: 'core.md' },
  },
  {
    pageContent: 'withRetry retries a step that failed before its first chunk.',
    metadata: { source: 'retry.md' },
  },
  {
    pageContent: 'The parser streams partial JSON objects.',
    metadata: { source: 'json.md' },
    id: 'json',
  },
];

describe('InMemoryRetriever', () => {
  it('returns the best documents first, with their BM25 score in metadata', async () => {
    const retriever = new InMemoryRetriever({ documents: DOCS });
    const docs = await retriever.invoke('How do I cancel the run?');
    expect(docs[0]?.metadata.source).toBe('core.md');
    expect(docs[0]?.metadata.score).toBeGreaterThan(0);
    const scores = docs.map((d) => d.metadata.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('returns at most k documents, and only those sharing a term with the query', async () => {
    const retriever = new InMemoryRetriever({ documents: DOCS, k: 1 });
    expect(await retriever.invoke('run step')).toHaveLength(1);
    expect(await retriever.invoke('zebra giraffe')).toEqual([]);
    expect(retriever.search('run step parser', 3)).toHaveLength(3);
  });

  it('returns copies: stored documents are never changed', async () => {
    const retriever = new InMemoryRetriever({ documents: DOCS });
    const [doc] = await retriever.invoke('partial JSON');
    expect(doc).toEqual({
      pageContent: DOCS[2]!.pageContent,
      metadata: { source: 'json.md', score: doc?.metadata.score },
      id: 'json',
    });
    doc!.metadata.source = 'changed';
    const [again] = await retriever.invoke('partial JSON');
    expect(again?.metadata.source).toBe('json.md');
    expect(DOCS[2]!.metadata).toEqual({ source: 'json.md' });
  });

  it('accepts strings and { content } objects, counts what it added, and clears', () => {
    const retriever = new InMemoryRetriever();
    expect(
      retriever.addDocuments(['plain string', { content: 'from content', metadata: { a: 1 } }]),
    ).toBe(2);
    expect(retriever.size).toBe(2);
    expect(retriever.search('content')[0]).toMatchObject({
      pageContent: 'from content',
      metadata: { a: 1 },
    });
    retriever.clear();
    expect(retriever.size).toBe(0);
    expect(retriever.search('plain')).toEqual([]);
  });

  it('finds Arabic text whatever the diacritics, article and letter variants', async () => {
    const retriever = new InMemoryRetriever({
      documents: [
        { pageContent: 'طُرُق الدَّفْع المتاحة هي البطاقة والتحويل البنكي.', metadata: { lang: 'ar' } },
        { pageContent: 'Shipping takes three days.', metadata: { lang: 'en' } },
        { pageContent: 'ساعات العمل من التاسعة إلى الخامسة.', metadata: { lang: 'ar' } },
      ],
    });
    const [best] = await retriever.invoke('ماهي طرق الدفع المتاحة؟');
    expect(best?.pageContent).toContain('البطاقة');
  });

  it('finds accented text from an unaccented query and the reverse', async () => {
    const retriever = new InMemoryRetriever({
      documents: ['Le café est fermé le lundi.', 'La bibliothèque ouvre à neuf heures.'],
    });
    expect((await retriever.invoke('cafe ferme'))[0]?.pageContent).toContain('café');
    expect((await retriever.invoke('BIBLIOTHÈQUE'))[0]?.pageContent).toContain('bibliothèque');
  });

  it('streams its result as one chunk and reports on_retriever_* events', async () => {
    const retriever = new InMemoryRetriever({ documents: DOCS });
    const chunks = await firstValueFrom(retriever.stream('retry').pipe(toArray()));
    expect(chunks).toHaveLength(1);
    const events = await firstValueFrom(retriever.streamEvents('retry').pipe(toArray()));
    expect(events.map((e) => e.event)).toEqual(['on_retriever_start', 'on_retriever_end']);
    expect(events[1]?.data.output).toEqual(chunks[0]);
  });

  it('loads a folder of Markdown files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rag-retriever-'));
    try {
      await writeFile(join(dir, 'cancel.md'), '# Cancellation\n\nUnsubscribe to stop a run.');
      await writeFile(join(dir, 'retry.md'), '# Retries\n\nwithRetry repeats a failed step.');
      const retriever = new InMemoryRetriever({ k: 1, documents: await loadDocuments(dir) });
      expect(retriever.size).toBe(2);
      // "cancellation" is only in the heading: it is indexed from metadata.heading.
      const [doc] = await retriever.invoke('cancellation');
      expect(doc?.metadata).toMatchObject({ source: 'cancel.md', heading: 'Cancellation' });
      expect(retriever.addDocuments(await loadDocuments(dir))).toBe(2);
      expect(retriever.size).toBe(4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a bad k with INVALID_CONFIG', () => {
    expect(() => new InMemoryRetriever({ k: 0 })).toThrowError(RxRunnablesError);
  });
});
