/**
 * rx-runnables/rag/node: the Node-only helpers of the rag module (reading documents from disk).
 * Everything else of `rx-runnables/rag` runs in browsers, Deno, Bun and edge workers too.
 * @module
 */
export { loadDocuments } from '../load-documents';
export type { LoadDocumentsOptions } from '../load-documents';
export type { LoadedDocumentMetadata } from '../documents-from-files';
