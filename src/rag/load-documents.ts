/**
 * Loads a folder of Markdown and text files as retrieval-sized documents (Node only: exported by
 * `rx-runnables/rag/node`, never by `rx-runnables/rag`).
 * @module
 */
import { readFile, readdir } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { RxRunnablesError } from '../core/errors';
import type { Document } from './document';
import { documentsFromFiles, type LoadedDocumentMetadata } from './documents-from-files';
import type { TextSplitterOptions } from './text-splitter';

/** Options of {@link loadDocuments}. */
export interface LoadDocumentsOptions extends TextSplitterOptions {
  /** File extensions to read, with the dot, case-insensitive (default `['.md', '.txt']`). */
  extensions?: string[];
  /** Descend into sub-folders (default true). `node_modules` and dot-folders are always skipped. */
  recursive?: boolean;
}

/**
 * Reads every `.md`/`.txt` file under `dir` (sorted, so the result is deterministic), splits each
 * with `splitText` and returns one document per chunk, with `id` `"<source>#<chunk>"` (see
 * `documentsFromFiles`, which does the same from contents you already have, in any runtime).
 *
 * @example
 * ```ts
 * import { InMemoryRetriever } from 'rx-runnables/rag';
 * import { loadDocuments } from 'rx-runnables/rag/node';
 *
 * const docs = await loadDocuments('./docs', { chunkSize: 800, chunkOverlap: 100 });
 * const retriever = new InMemoryRetriever({ k: 4, documents: docs });
 * console.log(retriever.size, docs[0]?.metadata); // e.g. 42 { source: 'chunks.md', heading: '…', chunk: 0 }
 * ```
 */
export async function loadDocuments(
  dir: string,
  options: LoadDocumentsOptions = {},
): Promise<Document<LoadedDocumentMetadata>[]> {
  const extensions = (options.extensions ?? ['.md', '.txt']).map((e) => e.toLowerCase());
  const recursive = options.recursive ?? true;
  const root = resolve(dir);
  const paths: string[] = [];

  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (recursive && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
          await walk(full);
        }
      } else if (entry.isFile() && extensions.includes(extname(entry.name).toLowerCase())) {
        paths.push(full);
      }
    }
  };
  try {
    await walk(root);
  } catch (cause) {
    throw new RxRunnablesError('INVALID_INPUT', `Cannot read the folder ${root}`, { cause });
  }
  paths.sort();

  const files = [];
  for (const path of paths) {
    const source = relative(root, path).split(sep).join('/');
    files.push({ source, text: await readFile(path, 'utf8') });
  }
  return documentsFromFiles(files, options);
}
