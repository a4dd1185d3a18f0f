/**
 * Okapi BM25 over an inverted index: lexical ranking with no model.
 * @module
 */
import { RxRunnablesError } from '../core/errors';
import { tokenize, type Tokenizer } from './tokenize';

/** BM25 parameters. */
export interface Bm25Options {
  /** Term-frequency saturation: how much a repeated term keeps adding (default 1.2). */
  k1?: number;
  /** Length normalisation: 0 ignores document length, 1 fully normalises (default 0.75). */
  b?: number;
  /** Turns text into terms; the default is {@link tokenize}. */
  tokenizer?: Tokenizer;
}

/** One ranked hit: the index of the document as added, and its BM25 score (> 0). */
export interface Bm25Hit {
  index: number;
  score: number;
}

/**
 * An incremental BM25 index. Scores use the non-negative IDF `ln(1 + (N − n + 0.5) / (n + 0.5))`,
 * so a term found in every document still counts a little and no score is negative; each distinct
 * query term counts once.
 *
 * @example
 * ```ts
 * const index = new Bm25Index();
 * index.add('Unsubscribing cancels the run.');
 * index.add('Retries wrap a step.');
 * index.search('how to cancel a run', 1); // [{ index: 0, score: 0.9… }]
 * ```
 */
export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  private readonly tokenizer: Tokenizer;
  private readonly postings = new Map<string, Array<{ doc: number; tf: number }>>();
  private readonly lengths: number[] = [];
  private totalLength = 0;

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.tokenizer = options.tokenizer ?? tokenize;
    if (!(this.k1 >= 0) || !Number.isFinite(this.k1)) {
      throw new RxRunnablesError(
        'INVALID_CONFIG',
        `BM25 k1 must be a finite number >= 0, got ${this.k1}`,
      );
    }
    if (!(this.b >= 0 && this.b <= 1)) {
      throw new RxRunnablesError('INVALID_CONFIG', `BM25 b must be between 0 and 1, got ${this.b}`);
    }
  }

  /** Number of documents indexed. */
  get size(): number {
    return this.lengths.length;
  }

  /** Indexes one text and returns its index (0, 1, 2… in the order added). */
  add(text: string): number {
    const doc = this.lengths.length;
    const terms = this.tokenizer(text);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = []));
      list.push({ doc, tf });
    }
    this.lengths.push(terms.length);
    this.totalLength += terms.length;
    return doc;
  }

  /** Removes every document. */
  clear(): void {
    this.postings.clear();
    this.lengths.length = 0;
    this.totalLength = 0;
  }

  /** Scores every document that shares a term with `query`; unsorted. */
  score(query: string): Map<number, number> {
    const scores = new Map<number, number>();
    const n = this.lengths.length;
    if (n === 0) return scores;
    const avgLength = this.totalLength / n || 1;
    for (const term of new Set(this.tokenizer(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]) / avgLength);
        const part = (idf * tf * (this.k1 + 1)) / (tf + norm);
        scores.set(doc, (scores.get(doc) ?? 0) + part);
      }
    }
    return scores;
  }

  /** The `k` best documents for `query`, best first; ties keep the order documents were added. */
  search(query: string, k: number): Bm25Hit[] {
    const hits: Bm25Hit[] = [];
    for (const [index, score] of this.score(query)) if (score > 0) hits.push({ index, score });
    hits.sort((x, y) => y.score - x.score || x.index - y.index);
    return hits.slice(0, Math.max(0, k));
  }
}
