/**
 * A LangChain callback handler that reports the inner runs of a LangChain runnable as our events.
 * @module
 */
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type {
  HandleLLMNewTokenCallbackFields,
  NewTokenIndices,
} from '@langchain/core/callbacks/base';
import type { DocumentInterface } from '@langchain/core/documents';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage as LCBaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { ChainValues } from '@langchain/core/utils/types';
import { AIMessageChunk } from '../chunks';
import { toRxRunnablesError } from '../core';
import type { ErrorCode, EventKind, EventPhase, RunEvent } from '../core';
import type { RunEventSink } from '../core/run-events';
import { fromLangChainValue } from './convert';

interface RunInfo {
  readonly kind: EventKind;
  readonly name: string;
  readonly tags: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly parentIds: readonly string[];
  readonly input: unknown;
  tapped: boolean;
}

/** Where the forwarded runs hang: the run id of our step and the ids above it. */
export interface EventForwarderTarget {
  readonly sink: RunEventSink;
  /** Our step's run id: LangChain's root run carries it, its children hang below it. */
  readonly runId: string;
  readonly parentIds: readonly string[];
}

const CHAIN_KINDS: ReadonlySet<string> = new Set([
  'chain',
  'prompt',
  'parser',
  'retriever',
  'tool',
]);
const NO_STREAM: ReadonlySet<EventKind> = new Set(['tool', 'retriever']);
const ERROR_CODES: Partial<Record<EventKind, ErrorCode>> = {
  chat_model: 'GENERATION',
  llm: 'GENERATION',
  retriever: 'RETRIEVAL',
};

function unwrap(values: ChainValues | undefined, key: string): unknown {
  if (values === undefined || values === null || typeof values !== 'object') return values;
  const keys = Object.keys(values);
  return keys.length === 1 && keys[0] === key ? values[key] : values;
}

function nameOf(serialized: Serialized | undefined, runName: string | undefined): string {
  if (runName !== undefined) return runName;
  const id = (serialized as { id?: unknown } | undefined)?.id;
  return Array.isArray(id) && typeof id.at(-1) === 'string' ? (id.at(-1) as string) : 'Unnamed';
}

/**
 * Receives LangChain's callbacks for one call of a LangChain runnable and emits our events for
 * every run inside it, with `parentIds` that place them under our step. The root run (our step
 * itself) is not reported: our step reports its own events. It is named like LangChain's event
 * stream tracer so that LangChain also reports the streamed output of inner chains to it.
 * @internal
 */
export class LangChainEventForwarder extends BaseCallbackHandler {
  name = 'event_stream_tracer';
  lc_prefer_streaming = true;
  private readonly runs = new Map<string, RunInfo>();
  private readonly roots = new Set<string>();
  private readonly base: readonly string[];

  constructor(private readonly target: EventForwarderTarget) {
    super({ _awaitHandler: true });
    this.roots.add(target.runId);
    this.base = [...target.parentIds, target.runId];
  }

  private begin(
    runId: string,
    parentRunId: string | undefined,
    info: Omit<RunInfo, 'parentIds' | 'tapped'>,
  ): void {
    if (parentRunId === undefined || this.roots.has(runId)) {
      this.roots.add(runId);
      return;
    }
    const parent = this.roots.has(parentRunId) ? undefined : this.runs.get(parentRunId);
    const parentIds = parent ? [...parent.parentIds, parentRunId] : this.base;
    const run: RunInfo = { ...info, parentIds, tapped: false };
    this.runs.set(runId, run);
    this.emit(runId, run, 'start', { input: info.input });
  }

  private emit(runId: string, run: RunInfo, phase: EventPhase, data: RunEvent['data']): void {
    const { kind, name, tags, metadata, parentIds } = run;
    this.target.sink({
      event: `on_${kind}_${phase}`,
      name,
      runId,
      parentIds,
      tags,
      metadata,
      data,
    });
  }

  private end(runId: string, output: unknown): void {
    const run = this.runs.get(runId);
    if (!run) return;
    this.runs.delete(runId);
    this.emit(runId, run, 'end', { input: run.input, output });
  }

  private fail(runId: string, error: unknown): void {
    const run = this.runs.get(runId);
    if (!run) return;
    this.runs.delete(runId);
    const code = ERROR_CODES[run.kind] ?? 'UNKNOWN';
    const typed = toRxRunnablesError(error, code, { step: run.name });
    this.emit(runId, run, 'error', { input: run.input, error: typed });
  }

  private info(
    kind: EventKind,
    name: string,
    input: unknown,
    tags?: string[],
    metadata?: Record<string, unknown>,
  ): Omit<RunInfo, 'parentIds' | 'tapped'> {
    return { kind, name, input, tags: tags ?? [], metadata: metadata ?? {} };
  }

  override handleChainStart(
    chain: Serialized,
    inputs: ChainValues,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runType?: string,
    runName?: string,
  ): void {
    const kind = (
      runType !== undefined && CHAIN_KINDS.has(runType) ? runType : 'chain'
    ) as EventKind;
    const raw = unwrap(inputs, 'input');
    const input = raw === '' ? undefined : fromLangChainValue(raw);
    this.begin(runId, parentRunId, this.info(kind, nameOf(chain, runName), input, tags, metadata));
  }

  override handleChainEnd(outputs: ChainValues, runId: string): void {
    this.end(runId, fromLangChainValue(unwrap(outputs, 'output')));
  }

  override handleChainError(error: unknown, runId: string): void {
    this.fail(runId, error);
  }

  override handleChatModelStart(
    llm: Serialized,
    messages: LCBaseMessage[][],
    runId: string,
    parentRunId?: string,
    _extra?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ): void {
    const input = { messages: messages.map((group) => group.map(fromLangChainValue)) };
    const info = this.info('chat_model', nameOf(llm, runName), input, tags, metadata);
    this.begin(runId, parentRunId, info);
  }

  override handleLLMStart(
    llm: Serialized,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    _extra?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ): void {
    this.begin(
      runId,
      parentRunId,
      this.info('llm', nameOf(llm, runName), { prompts }, tags, metadata),
    );
  }

  override handleLLMNewToken(
    token: string,
    _idx: NewTokenIndices,
    runId: string,
    _parentRunId?: string,
    _tags?: string[],
    fields?: HandleLLMNewTokenCallbackFields,
  ): void {
    const run = this.runs.get(runId);
    if (!run) return;
    const chunk = fields?.chunk;
    const message = chunk && 'message' in chunk ? chunk.message : undefined;
    const value =
      run.kind === 'chat_model'
        ? message
          ? fromLangChainValue(message)
          : new AIMessageChunk(token)
        : (chunk?.text ?? token);
    this.emit(runId, run, 'stream', { chunk: value });
  }

  override handleLLMEnd(output: LLMResult, runId: string): void {
    const run = this.runs.get(runId);
    if (!run) return;
    const first = output.generations[0]?.[0];
    if (run.kind === 'chat_model') {
      const message = first && 'message' in first ? first.message : undefined;
      this.end(runId, fromLangChainValue(message));
    } else {
      this.end(runId, first?.text);
    }
  }

  override handleLLMError(error: unknown, runId: string): void {
    this.fail(runId, error);
  }

  override handleRetrieverStart(
    retriever: Serialized,
    query: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    name?: string,
  ): void {
    const info = this.info('retriever', nameOf(retriever, name), query, tags, metadata);
    this.begin(runId, parentRunId, info);
  }

  override handleRetrieverEnd(documents: DocumentInterface[], runId: string): void {
    this.end(runId, documents);
  }

  override handleRetrieverError(error: unknown, runId: string): void {
    this.fail(runId, error);
  }

  override handleToolStart(
    tool: Serialized,
    input: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ): void {
    this.begin(runId, parentRunId, this.info('tool', nameOf(tool, runName), input, tags, metadata));
  }

  override handleToolEnd(output: unknown, runId: string): void {
    this.end(runId, fromLangChainValue(output));
  }

  override handleToolError(error: unknown, runId: string): void {
    this.fail(runId, error);
  }

  /**
   * Called by LangChain for the streamed output of each inner chain (it looks for a handler named
   * `event_stream_tracer`): reports each chunk as an `on_<kind>_stream` event.
   */
  async *tapOutputIterable<T>(runId: string, output: AsyncIterable<T>): AsyncGenerator<T> {
    const run = this.runs.get(runId);
    if (!run || run.tapped || NO_STREAM.has(run.kind)) {
      yield* output;
      return;
    }
    run.tapped = true;
    for await (const chunk of output) {
      this.emit(runId, run, 'stream', { chunk: fromLangChainValue(chunk) });
      yield chunk;
    }
  }
}
