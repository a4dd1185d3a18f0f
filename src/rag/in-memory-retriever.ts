/**
 * The embedded default retriever: documents in memory, ranked with BM25.
 * @module
 */
import type { Observable } from 'rxjs';
import { map } from 'rxjs';
import { Runnable, RxRunnablesError, collect } from '../core';
import { Bm25Index } from './bm25';
import type { Bm25Options } from './bm25';
import { toDocuments } from './document';
import type { Document, DocumentLike } from './document';

/** The text BM25 sees: the content plus the `heading` and `title` metadata when they are strings. */
function indexedText(doc: Document): string {
  const extra = [doc.metadata.heading, doc.metadata.title].filter((v) => typeof v === 'string');
  return extra.length === 0 ? doc.pageContent : `${extra.join('\n')}\n${doc.pageContent}`;
}

/** Options of {@link InMemoryRetriever}. */
export interface InMemoryRetrieverOptions extends Bm25Options {
  /** Documents returned per query, best first (default 4). */
  k?: number;
  /** Documents to index right away. */
  documents?: DocumentLike[];
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
  private readonly index: Bm25Index;
  private readonly docs: Document[] = [];

  constructor(options: InMemoryRetrieverOptions = {}) {
    super();
    this.k = options.k ?? 4;
    if (!Number.isInteger(this.k) || this.k < 1) {
      throw new RxRunnablesError('INVALID_CONFIG', `k must be a positive integer, got ${this.k}`);
    }
    this.index = new Bm25Index(options);
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
      this.index.add(indexedText(doc));
    }
    return docs.length;
  }

  /** Removes every document. */
  clear(): void {
    this.docs.length = 0;
    this.index.clear();
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
    return this.index.search(query, k).map(({ index, score }) => {
      const doc = this.docs[index] as Document;
      const copy: Document = { pageContent: doc.pageContent, metadata: { ...doc.metadata, score } };
      if (doc.id !== undefined) copy.id = doc.id;
      return copy;
    });
  }

  protected transform(input$: Observable<string>): Observable<Document[]> {
    return collect(input$).pipe(map((query) => this.search(query)));
  }
}
