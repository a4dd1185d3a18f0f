/**
 * The sources of a streaming message (Ragna's shape) and how a retrieved document becomes one.
 * @module
 */
import { newRunId } from '../core';
import type { Document } from '../rag';

/**
 * A source a message was answered from, in Ragna's wire shape: the chunk of text (`content`),
 * where it is in its document (`location`, `''` when unknown), the document, and its size in
 * tokens (`num_tokens`; for our documents, the number of words).
 *
 * @example
 * ```ts
 * const source: MessageSource = {
 *   id: 's1',
 *   document: { id: 'ragna.txt', name: 'ragna.txt' },
 *   location: '',
 *   content: 'Ragna is an open source project.',
 *   num_tokens: 6,
 * };
 * ```
 */
export interface MessageSource {
  readonly id: string;
  readonly document: { readonly id: string; readonly name: string };
  readonly location: string;
  readonly content: string;
  readonly num_tokens: number;
}

/** What a {@link StreamingMessage} knows before its content: id, role, sources, timestamp. */
export interface StreamingMessageInit {
  /** Default: a random UUID. */
  id?: string;
  /** Default `'assistant'`. */
  role?: string;
  sources?: readonly MessageSource[];
  /** ISO 8601; default: now. */
  timestamp?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * A retrieved document as a {@link MessageSource}: the document's name from `metadata.source`
 * (or `title`, or `name`), its location from `metadata.location` (or `page`), the words as tokens.
 *
 * @example
 * ```ts
 * documentToSource({ pageContent: 'Ragna streams.', metadata: { source: 'a.md' } }, 0).document.name; // 'a.md'
 * ```
 */
export function documentToSource(doc: Document, index: number): MessageSource {
  const meta = doc.metadata;
  const name = text(meta.source) ?? text(meta.title) ?? text(meta.name) ?? `document-${index + 1}`;
  const page = meta.location ?? meta.page;
  return {
    id: text(doc.id) ?? newRunId(),
    document: { id: text(meta.documentId) ?? name, name },
    location: typeof page === 'string' || typeof page === 'number' ? String(page) : '',
    content: doc.pageContent,
    num_tokens: doc.pageContent.split(/\s+/).filter(Boolean).length,
  };
}
