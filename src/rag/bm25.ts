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

/** One weighted part of a document, e.g. its title with `weight: 3` and its body with 1. */
export interface Bm25Field {
  text: string;
  /** How much each occurrence of a term in `text` counts, towards term frequency and length (default 1). */
  weight?: number;
}

/** Options of {@link Bm25Index.search}. */
export interface Bm25SearchOptions {
  /**
   * The share (0 to 1) of the query's weight — the sum of the IDFs of its distinct terms, a term
   * found in no document counting as the rarest — that a document must match to be returned
   * (default 0: any shared term is enough). With 0.3, a question that shares only a common word
   * with the corpus gets no hit.
   */
  minCoverage?: number;
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

  /**
   * Indexes one document and returns its index (0, 1, 2… in the order added). A document given as
   * weighted fields counts each term occurrence `weight` times, in term frequency and in length (a
   * simplified BM25F): a heading with weight 3 weighs like three copies of itself.
   *
   * @example
   * ```ts
   * index.add([{ text: 'Retry and fallbacks', weight: 3 }, { text: 'Both work for stream.' }]);
   * ```
   */
  add(text: string | readonly Bm25Field[]): number {
    const doc = this.lengths.length;
    const fields = typeof text === 'string' ? [{ text }] : text;
    const counts = new Map<string, number>();
    let length = 0;
    for (const field of fields) {
      const weight = field.weight ?? 1;
      if (!(weight >= 0) || !Number.isFinite(weight)) {
        throw new RxRunnablesError(
          'INVALID_INPUT',
          `BM25 field weight must be a finite number >= 0, got ${weight}`,
        );
      }
      for (const term of this.tokenizer(field.text)) {
        counts.set(term, (counts.get(term) ?? 0) + weight);
        length += weight;
      }
    }
    for (const [term, tf] of counts) {
      if (tf === 0) continue;
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = []));
      list.push({ doc, tf });
    }
    this.lengths.push(length);
    this.totalLength += length;
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
    return this.match(query).scores;
  }

  /** Scores, and for each document the IDF of the query terms it holds, out of `queryWeight`. */
  private match(query: string): {
    scores: Map<number, number>;
    matched: Map<number, number>;
    queryWeight: number;
  } {
    const scores = new Map<number, number>();
    const matched = new Map<number, number>();
    const n = this.lengths.length;
    let queryWeight = 0;
    if (n === 0) return { scores, matched, queryWeight };
    const avgLength = this.totalLength / n || 1;
    for (const term of new Set(this.tokenizer(query))) {
      const list = this.postings.get(term) ?? [];
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      queryWeight += idf;
      for (const { doc, tf } of list) {
        const norm = this.k1 * (1 - this.b + (this.b * (this.lengths[doc] ?? 0)) / avgLength);
        const part = (idf * tf * (this.k1 + 1)) / (tf + norm);
        scores.set(doc, (scores.get(doc) ?? 0) + part);
        matched.set(doc, (matched.get(doc) ?? 0) + idf);
      }
    }
    return { scores, matched, queryWeight };
  }

  /**
   * The `k` best documents for `query`, best first; ties keep the order documents were added.
   *
   * @example
   * ```ts
   * index.search('retry a stream', 3, { minCoverage: 0.3 });
   * ```
   */
  search(query: string, k: number, options: Bm25SearchOptions = {}): Bm25Hit[] {
    const minCoverage = options.minCoverage ?? 0;
    if (!(minCoverage >= 0 && minCoverage <= 1)) {
      throw new RxRunnablesError(
        'INVALID_CONFIG',
        `BM25 minCoverage must be between 0 and 1, got ${minCoverage}`,
      );
    }
    const { scores, matched, queryWeight } = this.match(query);
    const hits: Bm25Hit[] = [];
    for (const [index, score] of scores) {
      if (score > 0 && (matched.get(index) ?? 0) >= minCoverage * queryWeight) {
        hits.push({ index, score });
      }
    }
    hits.sort((x, y) => y.score - x.score || x.index - y.index);
    return hits.slice(0, Math.max(0, k));
  }
}
