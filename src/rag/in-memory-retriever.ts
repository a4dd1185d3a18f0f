/**
 * The embedded default retriever: documents in memory, ranked with BM25.
 * @module
 */
import type { Observable } from 'rxjs';
import { map } from 'rxjs';
import { Runnable, RxRunnablesError, collect } from '../core';
import { Bm25Index } from './bm25';
import type { Bm25Field, Bm25Options } from './bm25';
import { toDocuments } from './document';
import type { Document, DocumentLike } from './document';

/**
 * The fields BM25 sees: the `title` and the last part of the ` > `-separated `heading` (the
 * section's own heading) with `headingWeight`, the outer headings and the content with weight 1.
 */
function indexedFields(doc: Document, headingWeight: number): Bm25Field[] {
  const fields: Bm25Field[] = [];
  const { heading, title } = doc.metadata;
  if (typeof title === 'string') fields.push({ text: title, weight: headingWeight });
  if (typeof heading === 'string') {
    const path = heading.split(' > ');
    const own = path.pop() ?? '';
    if (path.length > 0) fields.push({ text: path.join('\n') });
    fields.push({ text: own, weight: headingWeight });
  }
  fields.push({ text: doc.pageContent });
  return fields;
}

/**
 * What the title index sees: `metadata.title` and the section's own heading (the last part of the
 * ` > `-separated `metadata.heading`) with weight 1, the outer headings with weight 0.5 (a
 * subsection is found by its parent's title, below the parent itself); identifiers in them are
 * split into words (see `asNames`).
 */
function titleFields(doc: Document): Bm25Field[] {
  const { heading, title } = doc.metadata;
  const fields: Bm25Field[] = [];
  if (typeof title === 'string') fields.push({ text: asNames(title) });
  if (typeof heading === 'string') {
    const path = heading.split(' > ');
    fields.push({ text: asNames(path.pop() ?? '') });
    if (path.length > 0) fields.push({ text: asNames(path.join('\n')), weight: 0.5 });
  }
  return fields;
}

/**
 * A title whose camelCase and PascalCase words are marked as inline code, so the tokenizer splits
 * them into their words as it does in code: a section titled "PartialJsonParser" is about
 * partial JSON parsing.
 */
const asNames = (title: string): string =>
  title
    .split(/(`[^`\n]*`)/)
    .map((piece, i) =>
      i % 2 === 1 ? piece : piece.replace(/[\p{L}\p{N}]*\p{Ll}\p{Lu}[\p{L}\p{N}]*/gu, '`$&`'),
    )
    .join('');

/** Options of {@link InMemoryRetriever}. */
export interface InMemoryRetrieverOptions extends Bm25Options {
  /** Documents returned per query, best first (default 4). */
  k?: number;
  /** Documents to index right away. */
  documents?: DocumentLike[];
  /**
   * How many times a term of a document's `metadata.title` or own section heading (the last part
   * of `metadata.heading`) counts, against 1 for its content (default 1; `npm start` uses 3).
   */
  headingWeight?: number;
  /**
   * The share of the query's weight (its terms' IDFs) a document must match to be returned, 0 to 1
   * (default 0). See `Bm25SearchOptions.minCoverage`.
   */
  minCoverage?: number;
  /**
   * How much a match on the section's titles adds (default 0: nothing). The titles
   * (`metadata.title` and the section's own heading, plus its outer headings at half weight) get
   * a BM25 index of their own, and `headingBoost` times a document's score there is added to its
   * score. Unlike `headingWeight`, which saturates with the text's own mentions of a word, this
   * lets the section *about* a feature ("Cancellation") outrank one that only mentions it often;
   * a short title that the question matches well scores highest. `npm start` uses 0.25.
   */
  headingBoost?: number;
}

/**
 * An in-memory retriever ranked with BM25: lexical, no model, no network, Unicode-aware (accents
 * and Arabic diacritics are folded, see `tokenize`). It indexes each document's `pageContent` and,
 * when they are strings, its `metadata.heading` and `metadata.title` (so a chunk is found by its
 * section title). It returns at most `k` documents that share at least one term with the query,
 * best first, each a copy with `metadata.score` (its BM25 score).
 *
 * @example
 * ```ts
 * const retriever = new InMemoryRetriever({ k: 2 });
 * retriever.addDocuments([{ pageContent: 'Unsubscribing cancels the run.', metadata: {} }]);
 * // In Node, a folder: retriever.addDocuments(await loadDocuments('./docs')) (rx-runnables/rag/node)
 * const docs = await retriever.invoke('How does cancellation work?');
 * ```
 */
export class InMemoryRetriever extends Runnable<string, Document[]> {
  override readonly eventKind = 'retriever' as const;
  /** Documents returned per query. */
  readonly k: number;
  /** Weight of a title or section heading term (see the options). */
  readonly headingWeight: number;
  /** Share of the query's weight a returned document matches (see the options). */
  readonly minCoverage: number;
  /** Weight of the section-title index's score (see the options). */
  readonly headingBoost: number;
  private readonly index: Bm25Index;
  private readonly headings: Bm25Index;
  private readonly docs: Document[] = [];

  constructor(options: InMemoryRetrieverOptions = {}) {
    super();
    this.k = options.k ?? 4;
    if (!Number.isInteger(this.k) || this.k < 1) {
      throw new RxRunnablesError('INVALID_CONFIG', `k must be a positive integer, got ${this.k}`);
    }
    this.headingWeight = options.headingWeight ?? 1;
    if (!(this.headingWeight >= 0) || !Number.isFinite(this.headingWeight)) {
      throw new RxRunnablesError(
        'INVALID_CONFIG',
        `headingWeight must be a finite number >= 0, got ${this.headingWeight}`,
      );
    }
    this.minCoverage = options.minCoverage ?? 0;
    if (!(this.minCoverage >= 0 && this.minCoverage <= 1)) {
      throw new RxRunnablesError(
        'INVALID_CONFIG',
        `minCoverage must be between 0 and 1, got ${this.minCoverage}`,
      );
    }
    this.headingBoost = options.headingBoost ?? 0;
    if (!(this.headingBoost >= 0) || !Number.isFinite(this.headingBoost)) {
      throw new RxRunnablesError(
        'INVALID_CONFIG',
        `headingBoost must be a finite number >= 0, got ${this.headingBoost}`,
      );
    }
    this.index = new Bm25Index(options);
    this.headings = new Bm25Index(options);
    if (options.documents) this.addDocuments(options.documents);
  }

  /** Number of documents indexed. */
  get size(): number {
    return this.docs.length;
  }

  /**
   * Indexes documents (or strings, or `{ content }` objects). Returns how many were added.
   *
   * @example
   * ```ts
   * retriever.addDocuments(['plain text', { pageContent: 'a doc', metadata: { source: 'x' } }]);
   * ```
   */
  addDocuments(documents: DocumentLike[]): number {
    const docs = toDocuments(documents);
    for (const doc of docs) {
      this.docs.push(doc);
      this.index.add(indexedFields(doc, this.headingWeight));
      this.headings.add(titleFields(doc));
    }
    return docs.length;
  }

  /** Removes every document. */
  clear(): void {
    this.docs.length = 0;
    this.index.clear();
    this.headings.clear();
  }

  /**
   * The ranking itself, synchronous: the best `k` documents (or `k` given here) for `query`.
   *
   * @example
   * ```ts
   * retriever.search('cancel', 1)[0]?.metadata.score;
   * ```
   */
  search(query: string, k: number = this.k): Document[] {
    let hits = this.index.search(query, this.headingBoost > 0 ? this.size : k, {
      minCoverage: this.minCoverage,
    });
    if (this.headingBoost > 0) {
      const titles = this.headings.score(query);
      hits = hits
        .map(({ index, score }) => ({
          index,
          score: score + this.headingBoost * (titles.get(index) ?? 0),
        }))
        .sort((x, y) => y.score - x.score || x.index - y.index)
        .slice(0, Math.max(0, k));
    }
    return hits.map(({ index, score }) => {
      const doc = this.docs[index] as Document;
      const copy: Document = {
        pageContent: doc.pageContent,
        metadata: { ...doc.metadata, score },
      };
      if (doc.id !== undefined) copy.id = doc.id;
      return copy;
    });
  }

  protected transform(input$: Observable<string>): Observable<Document[]> {
    return collect(input$).pipe(map((query) => this.search(query)));
  }
}
