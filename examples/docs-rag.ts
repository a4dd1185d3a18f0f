/**
 * The retrieval behind `npm start` (examples/start.ts): this repository's docs/ indexed in memory
 * with BM25, and a StreamingRAG over it. Imported by start.ts and by its tests, so both answer
 * from the same index.
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { ChatModel } from 'rx-runnables/models';
import { InMemoryRetriever, StreamingRAG } from 'rx-runnables/rag';
import { loadDocuments } from 'rx-runnables/rag/node';

/** docs/ next to examples/, wherever the command is run from. */
export const DOCS_DIR = fileURLToPath(new URL('../docs/', import.meta.url));

/**
 * Chunks of up to a section: a heading always starts a new chunk, and a section longer than this
 * is cut between paragraphs, sentences or list items (never inside one, no overlap).
 */
const CHUNK_SIZE = 900;

/**
 * Indexes `dir` (docs/ by default) for question answering: a section's own heading counts three
 * times as much as its text, and a chunk is found only when it matches at least 30% of the
 * question's weight (the IDFs of its words), so an off-topic question that shares a common word
 * with the docs finds nothing — and the model says it has no information.
 */
export async function loadDocsRetriever(dir: string = DOCS_DIR): Promise<InMemoryRetriever> {
  const retriever = new InMemoryRetriever({ k: 4, headingWeight: 3, minCoverage: 0.3 });
  retriever.addDocuments(await loadDocuments(dir, { chunkSize: CHUNK_SIZE, chunkOverlap: 0 }));
  return retriever;
}

/** A StreamingRAG over `retriever` that puts whole chunks in the prompt (the default keeps 500 characters). */
export function docsRag(retriever: InMemoryRetriever, llm: ChatModel): StreamingRAG {
  return new StreamingRAG({ retriever, llm, config: { maxDocChars: CHUNK_SIZE } });
}
