import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { InMemoryRetriever } from '../../src/rag';

const docs = [
  {
    pageContent: 'Cancel it, cancel that: a cancel hook runs on cancel, and cancel events follow.',
    metadata: { heading: 'Guide > Hooks' },
  },
  { pageContent: 'Aborting the signal cancels the run.', metadata: { heading: 'Guide > Cancel' } },
  { pageContent: 'Retries wrap a step.', metadata: { heading: 'Guide > Retry' } },
];

const headings = (retriever: InMemoryRetriever, query: string): unknown[] =>
  retriever.search(query).map((d) => d.metadata.heading);

describe('InMemoryRetriever headingBoost', () => {
  it('ranks the section titled with the question words above one that only repeats them', () => {
    const plain = new InMemoryRetriever({ documents: docs });
    expect(headings(plain, 'cancel')).toEqual(['Guide > Hooks', 'Guide > Cancel']);
    const boosted = new InMemoryRetriever({ documents: docs, headingBoost: 0.25 });
    expect(headings(boosted, 'cancel')).toEqual(['Guide > Cancel', 'Guide > Hooks']);
  });

  it('adds to the score, and returns only documents the text index matches', () => {
    const boosted = new InMemoryRetriever({ documents: docs, headingBoost: 1, k: 3 });
    const plain = new InMemoryRetriever({ documents: docs, k: 3 });
    const [top] = boosted.search('cancel');
    const before = plain.search('cancel').find((d) => d.id === top?.id);
    expect(top?.metadata.score).toBeGreaterThan(Number(before?.metadata.score));
    expect(boosted.search('retry').map((d) => d.metadata.heading)).toEqual(['Guide > Retry']);
    // k holds, and the title index is cleared with the documents.
    expect(boosted.search('cancel', 1)).toHaveLength(1);
    boosted.clear();
    expect(boosted.search('cancel')).toEqual([]);
    boosted.addDocuments([docs[1]!]);
    expect(headings(boosted, 'cancel')).toEqual(['Guide > Cancel']);
  });

  it('reads an identifier in a title as its words: PartialJsonParser is about partial JSON', () => {
    const sections = [
      {
        pageContent: 'Push text, get the value so far.',
        metadata: { heading: 'JSON > PartialJsonParser' },
      },
      { pageContent: 'Partial results of a JSON run.', metadata: { heading: 'JSON > Results' } },
    ];
    const boosted = new InMemoryRetriever({ documents: sections, headingBoost: 1 });
    expect(headings(boosted, 'partial JSON parser')[0]).toBe('JSON > PartialJsonParser');
    const plain = new InMemoryRetriever({ documents: sections });
    expect(headings(plain, 'partial JSON parser')[0]).toBe('JSON > Results');
  });

  it.each([-1, Number.NaN, Infinity])('rejects headingBoost %s as INVALID_CONFIG', (value) => {
    const make = () => new InMemoryRetriever({ headingBoost: value });
    expect(make).toThrow(RxRunnablesError);
    expect(make).toThrow(/headingBoost/);
  });
});
