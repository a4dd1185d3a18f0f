/**
 * Turns file contents into retrieval-sized documents (runs everywhere; reading a folder from disk
 * is `loadDocuments` in the Node-only `rx-runnables/rag/node`).
 * @module
 */
import type { Document } from './document';
import { splitText, type TextSplitterOptions } from './text-splitter';

/** A file given by its contents: `source` names it in the documents' metadata. */
export interface SourceFile {
  /** Where the text came from, e.g. a path relative to a folder with `/` separators. */
  source: string;
  /** The file's text (a leading byte-order mark is dropped). */
  text: string;
}

/** Metadata of a document produced by {@link documentsFromFiles} (and `loadDocuments`). */
export interface LoadedDocumentMetadata extends Record<string, unknown> {
  /** The file's `source`, e.g. its path relative to the loaded folder, with `/` separators. */
  source: string;
  /** Heading path of the chunk's section joined with ` > ` (`''` before any heading). */
  heading: string;
  /** Position of the chunk in its file, from 0. */
  chunk: number;
}

/**
 * Splits each file with {@link splitText} and returns one document per chunk, in the order of
 * `files`, with `id` `"<source>#<chunk>"` and metadata `{ source, heading, chunk }`. Works in
 * browsers and edge runtimes: give it text from `fetch`, an upload or a bundler import.
 *
 * @example
 * ```ts
 * import { documentsFromFiles } from 'rx-runnables/rag';
 *
 * const docs = documentsFromFiles([{ source: 'core.md', text: '# Core\n\nRunnables compose.' }]);
 * console.log(docs[0]?.id, docs[0]?.metadata); // core.md#0 { source: 'core.md', heading: 'Core', chunk: 0 }
 * ```
 */
export function documentsFromFiles(
  files: readonly SourceFile[],
  options: TextSplitterOptions = {},
): Document<LoadedDocumentMetadata>[] {
  const docs: Document<LoadedDocumentMetadata>[] = [];
  for (const { source, text } of files) {
    splitText(text.replace(/^\uFEFF/, ''), options).forEach((chunk, index) => {
      docs.push({
        id: `${source}#${index}`,
        pageContent: chunk.text,
        metadata: { source, heading: chunk.headings.join(' > '), chunk: index },
      });
    });
  }
  return docs;
}
