/**
 * The document shape retrievers return, and the normaliser that accepts what other libraries return.
 * @module
 */

/**
 * A retrieved document: the same shape as LangChain.js's `Document`, so documents pass both ways
 * without conversion.
 *
 * @example
 * ```ts
 * const doc: Document = { pageContent: 'RxJS unsubscribes cancel the run.', metadata: { source: 'a.md' } };
 * ```
 */
export interface Document<M extends Record<string, unknown> = Record<string, unknown>> {
  pageContent: string;
  metadata: M;
  id?: string;
}

/**
 * What a retriever may return for one document: a {@link Document}, an object with `content` or
 * `text` instead of `pageContent`, or a bare string.
 *
 * @example
 * ```ts
 * const docs: DocumentLike[] = ['plain text', { content: 'from a dict', metadata: { page: 2 } }];
 * ```
 */
export type DocumentLike =
  | string
  | {
      pageContent?: unknown;
      content?: unknown;
      text?: unknown;
      metadata?: unknown;
      id?: unknown;
    };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Normalises one {@link DocumentLike} into a {@link Document}; returns `undefined` for a value that
 * has no text at all (it is skipped rather than sent to the model as `"undefined"`).
 *
 * @example
 * ```ts
 * toDocument('hello'); // { pageContent: 'hello', metadata: {} }
 * toDocument({ content: 'x', metadata: { page: 1 } }); // { pageContent: 'x', metadata: { page: 1 } }
 * ```
 */
export function toDocument(value: unknown): Document | undefined {
  if (typeof value === 'string') return { pageContent: value, metadata: {} };
  if (!isRecord(value)) return undefined;
  const text = [value.pageContent, value.content, value.text].find((v) => typeof v === 'string');
  if (typeof text !== 'string') return undefined;
  const doc: Document = {
    pageContent: text,
    metadata: isRecord(value.metadata) ? { ...value.metadata } : {},
  };
  if (typeof value.id === 'string' || typeof value.id === 'number') doc.id = String(value.id);
  return doc;
}

/**
 * Normalises whatever a retriever returned (an array of {@link DocumentLike}, a single one, or
 * nothing) into an array of {@link Document}.
 *
 * @example
 * ```ts
 * toDocuments([{ pageContent: 'a', metadata: {} }, 'b']).length; // 2
 * toDocuments(undefined); // []
 * ```
 */
export function toDocuments(value: unknown): Document[] {
  if (value === undefined || value === null) return [];
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const out: Document[] = [];
  for (const item of items) {
    const doc = toDocument(item);
    if (doc) out.push(doc);
  }
  return out;
}
