/**
 * Loads a folder of Markdown and text files as retrieval-sized documents (Node only).
 * @module
 */
import { RxRunnablesError } from '../core/errors';
import type { Document } from './document';
import { splitText, type TextSplitterOptions } from './text-splitter';

/** Options of {@link loadDocuments}. */
export interface LoadDocumentsOptions extends TextSplitterOptions {
  /** File extensions to read, with the dot, case-insensitive (default `['.md', '.txt']`). */
  extensions?: string[];
  /** Descend into sub-folders (default true). `node_modules` and dot-folders are always skipped. */
  recursive?: boolean;
}

/** Metadata of a document produced by {@link loadDocuments}. */
export interface LoadedDocumentMetadata extends Record<string, unknown> {
  /** Path of the file relative to the loaded folder, with `/` separators. */
  source: string;
  /** Heading path of the chunk's section joined with ` > ` (`''` before any heading). */
  heading: string;
  /** Position of the chunk in its file, from 0. */
  chunk: number;
}

/**
 * Reads every `.md`/`.txt` file under `dir` (sorted, so the result is deterministic), splits each
 * with {@link splitText} and returns one document per chunk, with `id` `"<source>#<chunk>"`.
 * Node's `fs` is imported lazily, so importing `rx-runnables/rag` in a browser costs nothing.
 *
 * @example
 * ```ts
 * const docs = await loadDocuments('./docs', { chunkSize: 800, chunkOverlap: 100 });
 * docs[0].metadata; // { source: 'core.md', heading: 'Core', chunk: 0 }
 * ```
 */
export async function loadDocuments(
  dir: string,
  options: LoadDocumentsOptions = {},
): Promise<Document<LoadedDocumentMetadata>[]> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const extensions = (options.extensions ?? ['.md', '.txt']).map((e) => e.toLowerCase());
  const recursive = options.recursive ?? true;
  const root = path.resolve(dir);
  const files: string[] = [];

  const walk = async (folder: string): Promise<void> => {
    const entries = await fs.readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (recursive && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
          await walk(full);
        }
      } else if (entry.isFile() && extensions.includes(path.extname(entry.name).toLowerCase())) {
        files.push(full);
      }
    }
  };
  try {
    await walk(root);
  } catch (cause) {
    throw new RxRunnablesError('INVALID_INPUT', `Cannot read the folder ${root}`, { cause });
  }
  files.sort();

  const docs: Document<LoadedDocumentMetadata>[] = [];
  for (const file of files) {
    const source = path.relative(root, file).split(path.sep).join('/');
    const text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    splitText(text, options).forEach((chunk, index) => {
      docs.push({
        id: `${source}#${index}`,
        pageContent: chunk.text,
        metadata: { source, heading: chunk.headings.join(' > '), chunk: index },
      });
    });
  }
  return docs;
}
