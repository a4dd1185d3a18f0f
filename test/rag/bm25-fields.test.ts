import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { Bm25Index } from '../../src/rag';

describe('Bm25Index weighted fields', () => {
  it('counts a field of weight w like w copies of its text', () => {
    const weighted = new Bm25Index();
    weighted.add([{ text: 'retry fallback', weight: 3 }, { text: 'both work for stream' }]);
    weighted.add('stream events of a run');
    const repeated = new Bm25Index();
    repeated.add('retry fallback retry fallback retry fallback both work for stream');
    repeated.add('stream events of a run');
    for (const query of ['retry', 'stream', 'retry stream']) {
      for (const doc of [0, 1]) {
        const expected = repeated.score(query).get(doc) ?? 0;
        expect(weighted.score(query).get(doc) ?? 0).toBeCloseTo(expected, 12);
      }
    }
  });

  it('ranks a document whose boosted field holds the term above one that mentions it in passing', () => {
    const index = new Bm25Index();
    index.add([
      { text: 'Other topic' },
      { text: 'It can retry once, among many other things said here.' },
    ]);
    index.add([
      { text: 'Retry', weight: 3 },
      { text: 'Attempts start again before the first chunk.' },
    ]);
    expect(index.search('retry', 2).map((h) => h.index)).toEqual([1, 0]);
  });

  it('rejects a negative or non-finite weight with INVALID_INPUT', () => {
    for (const weight of [-1, Number.NaN, Infinity]) {
      expect(() => new Bm25Index().add([{ text: 'a', weight }])).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT' }) as RxRunnablesError,
      );
    }
  });
});

describe('Bm25Index minCoverage', () => {
  const index = new Bm25Index();
  const texts = [
    'use the model with a prompt',
    'use retries to recover',
    'use timeouts to stop waiting',
    'cancel a run with a signal',
  ];
  for (const text of texts) index.add(text);

  it('drops documents that share only a small part of the query weight', () => {
    // "use" is in three documents of four: cheap; "hammer" is in none: the rarest possible term.
    expect(index.search('use a hammer', 4).length).toBe(3);
    expect(index.search('use a hammer', 4, { minCoverage: 0.3 })).toEqual([]);
  });

  it('keeps documents that match the rare words of the query', () => {
    const hits = index.search('cancel with a signal, hammer', 4, { minCoverage: 0.3 });
    expect(hits.map((h) => h.index)).toEqual([3]);
    expect(index.search('use retries', 4, { minCoverage: 0.5 }).map((h) => h.index)).toEqual([1]);
  });

  it('rejects a coverage outside [0, 1] with INVALID_CONFIG', () => {
    expect(() => index.search('use', 1, { minCoverage: 1.5 })).toThrow(RxRunnablesError);
    expect(() => index.search('use', 1, { minCoverage: -0.1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }) as RxRunnablesError,
    );
  });
});
