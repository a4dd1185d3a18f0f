/**
 * StreamingRAG: retrieval plus streamed generation, with a lifecycle event model.
 * @module
 */
import type { Observable } from 'rxjs';
import { filter, map, switchMap } from 'rxjs';
import { RunStream, Runnable, RxRunnablesError, collect, toAsyncIterator } from '../core';
import type {
  EventStreamBytes,
  EventStreamEncoding,
  RunContext,
  RunEvent,
  RunOptions,
} from '../core';
import { runRoot } from '../core/run-context';
import { LlmAdapter, llmMode } from './llm-adapter';
import type { LlmMode, StreamableLLM } from './llm-adapter';
import { contextOf } from './streaming-rag-options';
import type {
  StreamingRAGOptions,
  StreamingRAGResult,
  StreamingRAGRunOptions,
} from './streaming-rag-options';
import { ragEvents$ } from './rag-event-stream';
import type { GenerationSource } from './rag-event-stream';
import { RagStatsCounter } from './rag-stats';
import type { StreamingRAGStats } from './rag-stats';
import { toRetriever } from './retriever';
import type { Retriever } from './retriever';
import { SimulatedGeneration } from './simulated-generation';
import type { GenerateFn } from './simulated-generation';
import { resolveStreamConfig } from './stream-config';
import type { ResolvedStreamConfig } from './stream-config';
import type { StreamEvent } from './stream-event';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Retrieval-augmented generation that streams: it retrieves documents, builds a prompt from the
 * best of them, and streams the model's answer, with a lifecycle event for each step.
 *
 * The strategy is chosen once, at construction: a model that streams asynchronously (our
 * `ChatModel`, a LangChain.js chat model, an `astream` object) is consumed natively; a `stream`
 * that returns a sync iterable is bridged without blocking the event loop; with no model, the
 * answer of `generate(query, context)` is replayed in word chunks.
 *
 * Surfaces, all one implementation: `stream`/`astream`/`invoke` (text; a failure errors with a
 * typed error), `streamEvents`/`astreamEvents`/`query` (StreamEvents; a failure is an ERROR event).
 * It is a `Runnable<string, string>`, so it pipes, and `streamEvents(query, { version: 'v2' })` or a
 * pipe's `streamEvents` gives LangChain-style events with nested `on_retriever_*` and
 * `on_chat_model_*` events.
 *
 * @example
 * ```ts
 * const retriever = new InMemoryRetriever({ documents: await loadDocuments('./docs') });
 * const rag = new StreamingRAG({ retriever, llm: new DemoChatModel() });
 * for await (const text of rag.astream('How does cancellation work?')) process.stdout.write(text);
 * const { answer, events } = await rag.query('What is a Runnable?');
 * ```
 */
export class StreamingRAG extends Runnable<string, string> {
  /** The configuration in force (a frozen copy). */
  readonly config: ResolvedStreamConfig;
  /** The retriever, as a Runnable. */
  readonly retriever: Retriever;
  /** The generation strategy: `async`, `sync` or `sim`. */
  readonly llmMode: LlmMode;
  private readonly generation: GenerationSource;
  private readonly counters = new RagStatsCounter();
  private readonly onChunk: ((text: string) => void) | undefined;
  private readonly onEvent: ((event: StreamEvent) => void) | undefined;

  constructor(options: StreamingRAGOptions) {
    super();
    if (typeof options !== 'object' || options === null || options.retriever === undefined) {
      throw new RxRunnablesError('INVALID_CONFIG', 'StreamingRAG needs a retriever');
    }
    this.config = resolveStreamConfig(options.config, { chunkSize: options.chunkSize });
    this.retriever = toRetriever(options.retriever);
    this.onChunk = options.onChunk;
    this.onEvent = options.onEvent;

    const backend = options.retriever as { llm?: unknown; generate?: unknown };
    const llm: unknown = options.llm ?? backend.llm;
    const mode = llmMode(llm);
    if (mode !== undefined) {
      this.llmMode = mode;
      this.generation = {
        kind: 'model',
        model: llm instanceof Runnable ? llm : new LlmAdapter(llm as StreamableLLM & object),
      };
      return;
    }
    const generate: unknown =
      options.generate ??
      (typeof backend.generate === 'function' ? backend.generate.bind(backend) : undefined);
    if (typeof generate !== 'function') {
      throw new RxRunnablesError(
        'NO_LLM',
        `StreamingRAG has no way to generate an answer${llm === undefined ? '' : ' (the llm given has neither astream nor stream)'}: provide an LLM — a ChatModel, a LangChain.js chat model, or an object with astream(prompt) or stream(prompt) — or a generate(query, context) function for the simulated strategy`,
        { stage: 'generation' },
      );
    }
    this.llmMode = 'sim';
    this.generation = {
      kind: 'sim',
      sim: new SimulatedGeneration(generate as GenerateFn, this.config),
    };
  }

  /**
   * Counters since construction: streams started, chunks and errors produced, and the mean
   * latency of completed streams in seconds.
   *
   * @example
   * ```ts
   * rag.stats; // { totalStreams: 2, totalChunks: 41, totalErrors: 0, avgStreamLatencyS: 0.412 }
   * ```
   */
  get stats(): StreamingRAGStats {
    return this.counters.snapshot();
  }

  /** The events of one run. @internal */
  private events$(
    query: string,
    ctx: RunContext,
    options: RunOptions,
    failMode: 'event' | 'throw',
  ): Observable<StreamEvent> {
    return ragEvents$({
      query,
      context: contextOf(options),
      ctx,
      config: this.config,
      retriever: this.retriever,
      generation: this.generation,
      stats: this.counters,
      onChunk: this.onChunk,
      onEvent: this.onEvent,
      step: this.name,
      failMode,
    });
  }

  /**
   * The answer's text chunks (CHUNK events only). Failures error the stream with a typed error
   * (`RETRIEVAL`, `GENERATION` or `TIMEOUT`, or the model's own code such as `MODEL_HTTP` with
   * its `status` and `retryAfterMs`; `CALLBACK` when `onChunk`/`onEvent` threw), with `step`,
   * `stage` and `partialOutput`.
   *
   * @example
   * ```ts
   * rag.stream('How does cancellation work?').subscribe((text) => process.stdout.write(text));
   * ```
   */
  override stream(query: string, options: StreamingRAGRunOptions = {}): RunStream<string> {
    return super.stream(query, options);
  }

  /**
   * The answer's text chunks as an async iterator; `break` cancels the run.
   *
   * @example
   * ```ts
   * for await (const text of rag.astream('What is BM25?', { context: { user: 'ana' } })) {
   *   process.stdout.write(text);
   * }
   * ```
   */
  override astream(
    query: string,
    options: StreamingRAGRunOptions = {},
  ): AsyncIterableIterator<string> {
    return super.astream(query, options);
  }

  /**
   * The whole answer; rejects with a typed error on a failure.
   *
   * @example
   * ```ts
   * const answer = await rag.invoke('What is a Runnable?');
   * ```
   */
  override invoke(query: string, options: StreamingRAGRunOptions = {}): Promise<string> {
    return super.invoke(query, options);
  }

  protected transform(input$: Observable<string>, ctx: RunContext): Observable<string> {
    return collect(input$).pipe(
      switchMap((query) => {
        if (typeof query !== 'string') {
          throw new RxRunnablesError('INVALID_INPUT', 'StreamingRAG takes a query string', {
            step: this.name,
          });
        }
        return this.events$(query, ctx, ctx.options, 'throw');
      }),
      filter((event) => event.type === 'chunk'),
      map((event) => event.data as string),
    );
  }

  /**
   * The RAG lifecycle as {@link StreamEvent}s: RETRIEVAL_START, RETRIEVAL_DONE, GENERATION_START,
   * CHUNK…, GENERATION_DONE, or an ERROR event that ends the stream. With `{ version: 'v2' }`, the
   * Runnable's LangChain-style events instead (`on_chain_*`, `on_retriever_*`, `on_chat_model_*`).
   *
   * @example
   * ```ts
   * rag.streamEvents('What is RAG?', { context: { user: 'ana' } }).subscribe((event) => {
   *   if (event.type === 'retrieval_done') console.log(`${event.data.numDocs} docs`);
   *   else if (event.isChunk) process.stdout.write(event.data);
   * });
   * ```
   */
  override streamEvents(
    query: string,
    options: StreamingRAGRunOptions & { version?: 'v2'; encoding: EventStreamEncoding },
  ): EventStreamBytes;
  override streamEvents(
    query: string,
    options: StreamingRAGRunOptions & { version: 'v2'; encoding?: undefined },
  ): RunStream<RunEvent>;
  override streamEvents(query: string, options?: StreamingRAGRunOptions): RunStream<StreamEvent>;
  override streamEvents(
    query: string,
    options: StreamingRAGRunOptions & { version?: 'v2'; encoding?: EventStreamEncoding } = {},
  ): RunStream<StreamEvent> | RunStream<RunEvent> | EventStreamBytes {
    if (options.encoding !== undefined) {
      const { version: _version, encoding, ...runOptions } = options;
      return super.streamEvents(query, { ...runOptions, encoding });
    }
    if (options.version === 'v2') {
      const { version: _version, encoding: _none, ...runOptions } = options;
      return super.streamEvents(query, runOptions);
    }
    return new RunStream((flow) =>
      runRoot(options, undefined, (ctx) => this.events$(query, ctx, options, 'event'), flow),
    );
  }

  /**
   * {@link StreamingRAG.streamEvents} as an async iterator; `break` cancels the run.
   *
   * @example
   * ```ts
   * for await (const event of rag.astreamEvents('Explain BM25')) console.log(event.type);
   * ```
   */
  astreamEvents(
    query: string,
    options: StreamingRAGRunOptions = {},
  ): AsyncIterableIterator<StreamEvent> {
    return toAsyncIterator(this.streamEvents(query, options));
  }

  /**
   * Runs the whole stream and returns the answer with every event (an ERROR event included).
   * Rejects only when the run cannot go on: a query that is not a string (`INVALID_INPUT`), a
   * callback that threw (`CALLBACK`), or, with `emitMetadata: false`, any failure.
   *
   * @example
   * ```ts
   * const { answer, events } = await rag.query('What is RAG?');
   * ```
   */
  query(query: string, options: StreamingRAGRunOptions = {}): Promise<StreamingRAGResult> {
    return new Promise<StreamingRAGResult>((resolve, reject) => {
      const events: StreamEvent[] = [];
      this.streamEvents(query, options).subscribe({
        next: (event) => events.push(event),
        error: reject,
        complete: () => resolve({ answer: events.join(''), events }),
      });
    });
  }

  /** `StreamingRAG(llm=async|sync|sim, chunkSize=N)`. */
  override toString(): string {
    return `StreamingRAG(llm=${this.llmMode}, chunkSize=${this.config.chunkSize})`;
  }

  /** Node's `util.inspect` and `console.log` show {@link StreamingRAG.toString}. */
  [INSPECT](): string {
    return this.toString();
  }
}
