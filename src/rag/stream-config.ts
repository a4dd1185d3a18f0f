/**
 * StreamingRAG's configuration, its defaults, and the prompt it builds.
 * @module
 */
import { RxRunnablesError } from '../core/errors';
import { checkDurationMs } from '../models/idle-timeout';
import type { Document } from './document';

/**
 * The default prompt: answer only from the context, say so when the context lacks the answer, and
 * answer in the language of the question.
 */
export const DEFAULT_PROMPT_TEMPLATE = `You are a careful assistant that answers questions from retrieved documents.
Rules:
- Use only the information in the context below. Do not guess or add outside knowledge.
- If the context does not contain the answer, say that you have no information to answer the question.
- Answer in the same language as the question, and do not switch languages.

Context:
{context}

Question: {query}
Answer:`;

/**
 * Tunables of a StreamingRAG, all optional. Durations are in milliseconds.
 *
 * @example
 * ```ts
 * const config: StreamConfig = { maxContextDocs: 3, retrievalTimeoutMs: 2_000 };
 * new StreamingRAG({ retriever, llm, config });
 * ```
 */
export interface StreamConfig {
  /** Words per chunk of the simulated strategy (default 10). Real models stream their own tokens. */
  chunkSize?: number;
  /** Pause between simulated chunks, ms (default 40; at most 2^31 − 1). */
  simDelayMs?: number;
  /** Documents put in the prompt; extra ones are dropped (default 5). */
  maxContextDocs?: number;
  /** Characters kept of each document (default 500). */
  maxDocChars?: number;
  /** `false` emits only CHUNK events (default true). */
  emitMetadata?: boolean;
  /** Time allowed for retrieval, ms (default 10 000; `Infinity` for no deadline; at most 2^31 − 1). */
  retrievalTimeoutMs?: number;
  /**
   * Time allowed before the first token and between two tokens, ms (default 60 000; `Infinity`
   * for no deadline; at most 2^31 − 1).
   */
  generationTimeoutMs?: number;
  /** Prompt with `{context}` and `{query}` placeholders; `{{` and `}}` are literal braces. */
  promptTemplate?: string;
}

/** A {@link StreamConfig} with every field set. */
export type ResolvedStreamConfig = Readonly<Required<StreamConfig>>;

/**
 * The defaults of {@link StreamConfig}.
 *
 * @example
 * ```ts
 * DEFAULT_STREAM_CONFIG.chunkSize; // 10
 * ```
 */
export const DEFAULT_STREAM_CONFIG: ResolvedStreamConfig = Object.freeze({
  chunkSize: 10,
  simDelayMs: 40,
  maxContextDocs: 5,
  maxDocChars: 500,
  emitMetadata: true,
  retrievalTimeoutMs: 10_000,
  generationTimeoutMs: 60_000,
  promptTemplate: DEFAULT_PROMPT_TEMPLATE,
});

const PLACEHOLDER = /\{\{|\}\}|\{([^{}]*)\}/g;

function invalid(message: string): RxRunnablesError {
  return new RxRunnablesError('INVALID_CONFIG', message);
}

function checkTemplate(template: string): void {
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name !== undefined && name !== 'context' && name !== 'query') {
      throw invalid(
        `promptTemplate has an unknown placeholder {${name}}: use {context} and {query}, and {{ }} for literal braces`,
      );
    }
  }
}

/**
 * Copies `config` over the defaults (later objects win; `undefined` fields are ignored) and checks
 * every value, throwing an `INVALID_CONFIG` error for a bad one.
 *
 * @example
 * ```ts
 * resolveStreamConfig({ chunkSize: 3 }).simDelayMs; // 40
 * ```
 */
export function resolveStreamConfig(
  ...configs: Array<StreamConfig | undefined>
): ResolvedStreamConfig {
  const out: Record<string, unknown> = { ...DEFAULT_STREAM_CONFIG };
  for (const config of configs) {
    for (const [key, value] of Object.entries(config ?? {})) {
      if (value !== undefined) out[key] = value;
    }
  }
  const c = out as Required<StreamConfig>;
  const positiveInt = ['chunkSize', 'maxContextDocs', 'maxDocChars'] as const;
  for (const key of positiveInt) {
    if (!Number.isInteger(c[key]) || c[key] < 1)
      throw invalid(`${key} must be a positive integer, got ${String(c[key])}`);
  }
  // Timers clamp a delay of 2^31 ms or more to 1 ms, so such a value is refused, not obeyed.
  checkDurationMs('simDelayMs', c.simDelayMs, { allowInfinity: false });
  checkDurationMs('retrievalTimeoutMs', c.retrievalTimeoutMs);
  checkDurationMs('generationTimeoutMs', c.generationTimeoutMs);
  if (typeof c.emitMetadata !== 'boolean') throw invalid('emitMetadata must be a boolean');
  if (typeof c.promptTemplate !== 'string') throw invalid('promptTemplate must be a string');
  checkTemplate(c.promptTemplate);
  return Object.freeze({ ...c });
}

/**
 * Keeps the first `maxContextDocs` documents and cuts each to `maxDocChars` characters (without
 * splitting a surrogate pair). Returns copies; the retriever's documents are not touched.
 *
 * @example
 * ```ts
 * selectContextDocs(docs, { maxContextDocs: 2, maxDocChars: 100 }).length; // ≤ 2
 * ```
 */
export function selectContextDocs(
  docs: readonly Document[],
  config: Pick<ResolvedStreamConfig, 'maxContextDocs' | 'maxDocChars'>,
): Document[] {
  return docs.slice(0, config.maxContextDocs).map((doc) => {
    let text = doc.pageContent;
    if (text.length > config.maxDocChars) {
      let end = config.maxDocChars;
      const code = text.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end -= 1;
      text = text.slice(0, end);
    }
    const copy: Document = { pageContent: text, metadata: { ...doc.metadata } };
    if (doc.id !== undefined) copy.id = doc.id;
    return copy;
  });
}

/**
 * The context block of the prompt: each document's text after a `[n]` marker, separated by blank
 * lines. Metadata (sources, headings) stays out of the prompt; it is in the RETRIEVAL_DONE event.
 *
 * @example
 * ```ts
 * buildContext([{ pageContent: 'Hi', metadata: { source: 'a.md' } }]); // '[1] Hi'
 * ```
 */
export function buildContext(docs: readonly Document[]): string {
  return docs.map((doc, i) => `[${i + 1}] ${doc.pageContent}`).join('\n\n');
}

/**
 * Fills `{context}` and `{query}` in one pass (values are inserted literally, never re-read as
 * placeholders) and turns `{{`/`}}` into braces.
 *
 * @example
 * ```ts
 * formatPrompt('Q: {query} {{x}}', { context: '', query: 'why?' }); // 'Q: why? {x}'
 * ```
 */
export function formatPrompt(template: string, values: { context: string; query: string }): string {
  return template.replace(PLACEHOLDER, (match: string, name: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    return name === 'context' ? values.context : name === 'query' ? values.query : match;
  });
}
