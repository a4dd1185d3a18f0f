import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RxRunnablesError } from '../../src/core';
import { Bm25Index } from '../../src/rag';

function indexOf(texts: string[], options?: ConstructorParameters<typeof Bm25Index>[0]): Bm25Index {
  const index = new Bm25Index(options);
  for (const text of texts) index.add(text);
  return index;
}

describe('Bm25Index', () => {
  it('computes the Okapi BM25 score with the non-negative IDF', () => {
    const index = indexOf(['apple banana apple', 'banana cherry', 'cherry date fig grape']);
    // "apple": n = 1 of N = 3; doc 0 has tf = 2 and length 3; average length 3.
    const idf = Math.log(1 + (3 - 1 + 0.5) / (1 + 0.5));
    const expected = (idf * 2 * 2.2) / (2 + 1.2 * (1 - 0.75 + 0.75 * (3 / 3)));
    expect(index.score('apple').get(0)).toBeCloseTo(expected, 12);
    expect(index.score('apple').has(1)).toBe(false);
  });

  it('ranks a document with more occurrences of the query term higher', () => {
    const index = indexOf(['rx stream', 'rx rx stream', 'other words here']);
    expect(index.search('rx', 3).map((h) => h.index)).toEqual([1, 0]);
  });

  it('weighs rare terms above common ones', () => {
    const index = indexOf(['common rare', 'common', 'common', 'common filler']);
    const [best] = index.search('common rare', 1);
    expect(best?.index).toBe(0);
    const scores = index.score('rare');
    expect(scores.get(0)).toBeGreaterThan(index.score('common').get(0) ?? Infinity);
  });

  it('normalises by length with b, and ignores length with b = 0', () => {
    const texts = ['cancel', 'cancel and many more words that dilute the term'];
    const normalised = indexOf(texts);
    const [short, long] = [normalised.score('cancel').get(0), normalised.score('cancel').get(1)];
    expect(short).toBeGreaterThan(long ?? Infinity);
    const flat = indexOf(texts, { b: 0 });
    expect(flat.score('cancel').get(0)).toBeCloseTo(flat.score('cancel').get(1) ?? NaN, 12);
  });

  it('counts each distinct query term once', () => {
    const index = indexOf(['alpha beta', 'gamma']);
    expect(index.score('alpha alpha alpha').get(0)).toBeCloseTo(
      index.score('alpha').get(0) ?? NaN,
      12,
    );
  });

  it('returns only documents that share a term, at most k, ties in insertion order', () => {
    const index = indexOf(['twin text', 'unrelated', 'twin text', 'twin text']);
    expect(index.search('twin', 2).map((h) => h.index)).toEqual([0, 2]);
    expect(index.search('nothing matches', 5)).toEqual([]);
    expect(index.search('twin', 0)).toEqual([]);
  });

  it('answers an empty index with no hits, and clear() empties it', () => {
    expect(new Bm25Index().search('anything', 3)).toEqual([]);
    const index = indexOf(['a doc']);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.search('doc', 3)).toEqual([]);
  });

  it('uses a custom tokenizer', () => {
    const index = indexOf(['a-b', 'c'], { tokenizer: (t) => t.split('-') });
    expect(index.search('b', 1)[0]?.index).toBe(0);
  });

  it('rejects invalid parameters with INVALID_CONFIG', () => {
    for (const options of [{ k1: -1 }, { b: 1.5 }, { b: -0.1 }, { k1: Number.NaN }]) {
      let caught: unknown;
      try {
        new Bm25Index(options);
      } catch (error) {
        caught = error;
      }
      expect(RxRunnablesError.isInstance(caught) && caught.code).toBe('INVALID_CONFIG');
    }
  });

  it('always returns positive scores in descending order, only for matching documents', () => {
    const word = fc.constantFrom('rx', 'stream', 'cancel', 'token', 'model', 'retry', 'event');
    const text = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 12 }), text, (texts, query) => {
        const index = indexOf(texts);
        const hits = index.search(query, texts.length);
        const queryTerms = new Set(query.split(' '));
        for (const [i, hit] of hits.entries()) {
          expect(hit.score).toBeGreaterThan(0);
          if (i > 0) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hit.score);
          const terms = texts[hit.index]!.split(' ');
          expect(terms.some((t) => queryTerms.has(t))).toBe(true);
        }
        const matching = texts.filter((t) => t.split(' ').some((w) => queryTerms.has(w)));
        expect(hits).toHaveLength(matching.length);
      }),
    );
  });
});
