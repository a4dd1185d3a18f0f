import { describe, expect, it } from 'vitest';
import type { RxRunnablesError } from '../../src/core';
import { InMemoryRetriever } from '../../src/rag';

const DOCS = [
  {
    pageContent: 'A step may retry, and retry again: this paragraph is about steps.',
    metadata: { source: 'core.md', heading: 'Core > Steps' },
  },
  {
    pageContent: 'Both work for stream and invoke.',
    metadata: { source: 'core.md', heading: 'Core > Retry and fallbacks' },
  },
];

describe('InMemoryRetriever headings and coverage', () => {
  it('ranks a chunk under the matching section heading first with headingWeight', () => {
    expect(new InMemoryRetriever({ documents: DOCS }).search('retry')[0]?.metadata.heading).toBe(
      'Core > Steps',
    );
    const boosted = new InMemoryRetriever({ documents: DOCS, headingWeight: 3 });
    expect(boosted.search('retry')[0]?.metadata.heading).toBe('Core > Retry and fallbacks');
  });

  it('returns nothing for a query that shares only a common word, with minCoverage', async () => {
    const documents = [...DOCS, { pageContent: 'A stream of chunks.', metadata: {} }];
    const lenient = new InMemoryRetriever({ documents });
    const strict = new InMemoryRetriever({ documents, minCoverage: 0.3 });
    expect(await lenient.invoke('best stream for trout fishing')).not.toEqual([]);
    expect(await strict.invoke('best stream for trout fishing')).toEqual([]);
    expect((await strict.invoke('retry a stream')).length).toBeGreaterThan(0);
  });

  it('rejects a bad headingWeight or minCoverage with INVALID_CONFIG', () => {
    for (const options of [{ headingWeight: -1 }, { headingWeight: NaN }, { minCoverage: 2 }]) {
      expect(() => new InMemoryRetriever(options)).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG' }) as RxRunnablesError,
      );
    }
  });
});
