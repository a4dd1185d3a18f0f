/**
 * rx-runnables/rag: retrievers (an in-memory BM25 default, LangChain.js ones by duck typing) and
 * StreamingRAG with its event model. Runs in browsers and edge runtimes; the folder loader is in
 * the Node-only `rx-runnables/rag/node`.
 * @module
 */
export { StreamingRAG } from './streaming-rag';
export type {
  StreamingRAGOptions,
  StreamingRAGRunOptions,
  StreamingRAGResult,
} from './streaming-rag-options';
export { EventType, createStreamEvent, isStreamEvent } from './stream-event';
export type { StreamEvent, StreamEventOf, StreamEventDataMap, StreamStage } from './stream-event';
export {
  DEFAULT_PROMPT_TEMPLATE,
  DEFAULT_STREAM_CONFIG,
  resolveStreamConfig,
  selectContextDocs,
  buildContext,
  formatPrompt,
} from './stream-config';
export type { StreamConfig, ResolvedStreamConfig } from './stream-config';
export type { StreamingRAGStats } from './rag-stats';
export { LlmAdapter, llmMode, textOf } from './llm-adapter';
export type {
  AsyncStreamableLLM,
  SyncStreamableLLM,
  StreamableLLM,
  LlmMode,
  LlmCallOptions,
} from './llm-adapter';
export { SimulatedGeneration, splitWords } from './simulated-generation';
export type { GenerateFn, GenerateInfo, SimulatedGenerationInput } from './simulated-generation';
export { fromAsyncIterable } from '../core';
export { fromSyncIterable } from './iterable-sources';
export { RetrieverAdapter, toRetriever, isRetrieverLike } from './retriever';
export type { Retriever, RetrieverLike, RetrieverCallOptions } from './retriever';
export { InMemoryRetriever } from './in-memory-retriever';
export type { InMemoryRetrieverOptions } from './in-memory-retriever';
export { Bm25Index } from './bm25';
export type { Bm25Options, Bm25Hit, Bm25Field, Bm25SearchOptions } from './bm25';
export { tokenize, foldText, createTokenizer, DEFAULT_STOP_WORDS } from './tokenize';
export type { Tokenizer, TokenizerOptions } from './tokenize';
export { splitText } from './text-splitter';
export type { TextSplitterOptions, TextChunk } from './text-splitter';
export { documentsFromFiles } from './documents-from-files';
export type { SourceFile, LoadedDocumentMetadata } from './documents-from-files';
export { toDocument, toDocuments } from './document';
export type { Document, DocumentLike } from './document';
