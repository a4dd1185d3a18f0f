/**
 * The retrieval behind `npm start` (examples/start.ts): this repository's docs/ indexed in memory
 * with BM25, and a StreamingRAG over it. Imported by start.ts and by its tests, so both answer
 * from the same index.
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { ChatModel } from 'rx-runnables/models';
import { InMemoryRetriever, StreamingRAG, createTokenizer } from 'rx-runnables/rag';
import { loadDocuments } from 'rx-runnables/rag/node';

/** docs/ next to examples/, wherever the command is run from. */
export const DOCS_DIR = fileURLToPath(new URL('../docs/', import.meta.url));

/**
 * Chunks of up to a section: a heading always starts a new chunk, and a section longer than this
 * is cut between paragraphs, sentences or list items (never inside one, no overlap).
 */
const CHUNK_SIZE = 900;

/**
 * Indexes `dir` (docs/ by default) for question answering:
 * - a quarter of a chunk's BM25 score on its section titles alone is added to its score, so the
 *   section about a feature ("Cancellation") outranks one that only mentions it;
 * - each word also counts by its English stem, so a question's "cancel" finds the docs'
 *   "cancellation" and "cancelled", while the same form still ranks first;
 * - identifiers in code examples are split into words, as in inline code (`PartialJsonParser` is
 *   found by "partial JSON parser");
 * - a chunk is found only when it matches at least 30% of the question's weight (the IDFs of its
 *   words), so an off-topic question that shares a common word with the docs finds nothing — and
 *   the model says it has no information.
 */
export async function loadDocsRetriever(dir: string = DOCS_DIR): Promise<InMemoryRetriever> {
  const retriever = new InMemoryRetriever({
    k: 4,
    headingWeight: 1,
    headingBoost: 0.25,
    minCoverage: 0.3,
    tokenizer: createTokenizer({ stemmer: 'english', splitFencedCode: true }),
  });
  retriever.addDocuments(await loadDocuments(dir, { chunkSize: CHUNK_SIZE, chunkOverlap: 0 }));
  return retriever;
}

/** A StreamingRAG over `retriever` that puts whole chunks in the prompt (the default keeps 500 characters). */
export function docsRag(retriever: InMemoryRetriever, llm: ChatModel): StreamingRAG {
  return new StreamingRAG({ retriever, llm, config: { maxDocChars: CHUNK_SIZE } });
}
