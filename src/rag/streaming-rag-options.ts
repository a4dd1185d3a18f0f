/**
 * The option and result types of StreamingRAG.
 * @module
 */
import type { RunOptions } from '../core';
import type { StreamableLLM } from './llm-adapter';
import type { RetrieverLike } from './retriever';
import type { GenerateFn } from './simulated-generation';
import type { StreamConfig } from './stream-config';
import type { StreamEvent } from './stream-event';

/** Options of `StreamingRAG`. */
export interface StreamingRAGOptions {
  /** Where documents come from (see `RetrieverLike`). Its `generate` and `llm`, if any, are used too. */
  retriever: RetrieverLike;
  /** The model (see `StreamableLLM`); defaults to the retriever's `llm` property when it has one. */
  llm?: StreamableLLM;
  /** Whole-answer generator for the simulated strategy; defaults to the retriever's `generate`. */
  generate?: GenerateFn;
  /** Tunables, copied at construction. */
  config?: StreamConfig;
  /** Shortcut for `config.chunkSize`. */
  chunkSize?: number;
  /** Called with each chunk's text before its CHUNK event is delivered. */
  onChunk?: (text: string) => void;
  /** Called with every event before it is delivered. */
  onEvent?: (event: StreamEvent) => void;
}

/** Options of every StreamingRAG surface: the run options plus the caller's `context`. */
export interface StreamingRAGRunOptions extends RunOptions {
  /**
   * Supplemental values forwarded to `generate(query, context)` (simulated strategy). Inside a
   * pipe, where the options are the pipe's, pass it as `configurable: { context }`.
   */
  context?: Record<string, unknown>;
}

/** The answer and every event of one run, from `StreamingRAG.query`. */
export interface StreamingRAGResult {
  answer: string;
  events: StreamEvent[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The caller's `context`: the `context` option, else `configurable.context`. @internal */
export function contextOf(options: RunOptions): Record<string, unknown> | undefined {
  const own = (options as StreamingRAGRunOptions).context;
  if (isRecord(own)) return own;
  const configured = options.configurable?.context;
  return isRecord(configured) ? configured : undefined;
}
