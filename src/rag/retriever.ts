/**
 * The Retriever contract and the adapter that accepts LangChain.js retrievers and plain objects.
 * @module
 */
import { Observable, from, map, of, switchMap } from 'rxjs';
import { Runnable, RxRunnablesError, collect } from '../core';
import type { RunContext } from '../core';
import { toDocuments } from './document';
import type { Document } from './document';

/**
 * A retriever: a Runnable from a query string to documents. It reports `on_retriever_*` events.
 *
 * @example
 * ```ts
 * const retriever: Retriever = new InMemoryRetriever({ k: 3 });
 * const docs = await retriever.invoke('How does cancellation work?');
 * ```
 */
export type Retriever = Runnable<string, Document[]>;

/** Per-call options a duck-typed retriever receives (LangChain's `RunnableConfig` accepts them). */
export interface RetrieverCallOptions {
  signal?: AbortSignal;
}

/**
 * Anything usable as a retriever: a {@link Retriever}; a LangChain.js `BaseRetriever` or vector
 * store retriever (anything with `invoke(query)`, `getRelevantDocuments(query)` or
 * `_getRelevantDocuments(query)`); an object with `retrieve(query)` (the reference's RAG backend);
 * or a function `(query) => docs`. Each may return documents, `{ content }`/`{ text }` objects or
 * strings, synchronously or as a promise.
 *
 * @example
 * ```ts
 * const retriever: RetrieverLike = (q: string) => [{ pageContent: `about ${q}`, metadata: {} }];
 * ```
 */
export type RetrieverLike =
  | Runnable<string, Document[]>
  | { invoke(query: string, options?: RetrieverCallOptions): unknown }
  | { getRelevantDocuments(query: string): unknown }
  | { _getRelevantDocuments(query: string): unknown }
  | { retrieve(query: string): unknown }
  | ((query: string, options: RetrieverCallOptions) => unknown);

type Call = (query: string, options: RetrieverCallOptions) => unknown;

function method(target: object, key: string): Call | undefined {
  const fn = (target as Record<string, unknown>)[key];
  return typeof fn === 'function' ? (fn as Call).bind(target) : undefined;
}

/** The callable behind a duck-typed retriever, or undefined. */
function retrieverCall(like: unknown): Call | undefined {
  if (typeof like === 'function') return like as Call;
  if (typeof like !== 'object' || like === null) return undefined;
  for (const key of ['invoke', 'getRelevantDocuments', '_getRelevantDocuments', 'retrieve']) {
    const call = method(like, key);
    if (call) return call;
  }
  return undefined;
}

/**
 * True when `value` can be used as a retriever (see {@link RetrieverLike}).
 *
 * @example
 * ```ts
 * isRetrieverLike({ retrieve: () => [] }); // true
 * ```
 */
export function isRetrieverLike(value: unknown): value is RetrieverLike {
  return value instanceof Runnable || retrieverCall(value) !== undefined;
}

/**
 * A {@link Retriever} around a duck-typed one. It calls the underlying retriever once per query
 * with `{ signal }` (so a LangChain retriever's work is aborted with the run) and normalises the
 * result with `toDocuments`.
 *
 * @example
 * ```ts
 * const retriever = new RetrieverAdapter(langchainVectorStore.asRetriever(4));
 * await retriever.invoke('query');
 * ```
 */
export class RetrieverAdapter extends Runnable<string, Document[]> {
  override readonly eventKind = 'retriever' as const;
  private readonly call: Call;

  constructor(readonly inner: RetrieverLike) {
    super();
    const call = inner instanceof Runnable ? undefined : retrieverCall(inner);
    if (!call) {
      throw new RxRunnablesError(
        'INVALID_CONFIG',
        'The retriever must be a Runnable, a function, or an object with invoke, getRelevantDocuments, _getRelevantDocuments or retrieve',
      );
    }
    this.call = call;
    const innerName = (inner as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof inner !== 'function' && typeof innerName === 'string' && innerName !== 'Object') {
      this.name = innerName;
    }
  }

  protected transform(input$: Observable<string>, ctx: RunContext): Observable<Document[]> {
    return collect(input$).pipe(
      switchMap((query) => {
        let result: unknown;
        try {
          result = this.call(query, { signal: ctx.signal });
        } catch (error) {
          return new Observable<never>((subscriber) => subscriber.error(error));
        }
        const value$ =
          typeof (result as { then?: unknown } | null)?.then === 'function'
            ? from(result as PromiseLike<unknown>)
            : of(result);
        return value$.pipe(map(toDocuments));
      }),
    );
  }
}

/**
 * A {@link Retriever} for anything {@link RetrieverLike}: a Runnable as is, anything else wrapped
 * in a {@link RetrieverAdapter}.
 *
 * @example
 * ```ts
 * const retriever = toRetriever({ retrieve: async (q: string) => [`notes on ${q}`] });
 * ```
 */
export function toRetriever(like: RetrieverLike): Retriever {
  return like instanceof Runnable ? like : new RetrieverAdapter(like);
}
