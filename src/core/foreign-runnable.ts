/**
 * ForeignRunnable: a duck-typed adapter that lets a LangChain.js runnable (or anything shaped like
 * one) stand where a Runnable is, without core importing LangChain.
 * @module
 */
import { Observable, from, map, mergeMap } from 'rxjs';
import { collect } from './collect';
import { followSignal } from './follow-signal';
import { fromAsyncIterable } from './from-async-iterable';
import { RxRunnablesError, toRxRunnablesError } from './errors';
import type { ErrorCode } from './errors';
import type { EventKind } from './run-events';
import type { RunContext } from './run-options';
import { isRunnable } from './brand';
import { Runnable } from './runnable';
import { toAsyncIterator } from './to-async-iterator';

/**
 * The call options a foreign runnable receives (LangChain's `RunnableConfig` shape).
 *
 * @example
 * ```ts
 * const foreign = { invoke: async (x: string) => x, stream: (x: string, o: ForeignCallOptions) => source(x, o.signal) };
 * ```
 */
export interface ForeignCallOptions {
  /** Aborted when our run is cancelled, times out, errors or is unsubscribed. */
  signal: AbortSignal;
  tags?: string[];
  metadata?: Record<string, unknown>;
  configurable?: Record<string, unknown>;
  maxConcurrency?: number;
  runName?: string;
  runId?: string;
  callbacks?: unknown[];
}

/**
 * What the adapter needs: LangChain's Runnable shape, an object with `invoke` and `stream`
 * (LangChain's also carry `lc_runnable: true`). `stream` may return an async iterable, a promise
 * of one, or an Observable; LangChain's `transform`, when present, receives the input chunks as
 * they arrive so a LangChain parser streams inside our pipeline. Parameters are typed `never` so
 * that any such object fits; the adapter passes {@link ForeignCallOptions}.
 *
 * @example
 * ```ts
 * const like: ForeignRunnableLike = new ChatOpenAI(); // or { invoke, stream } of your own
 * ```
 */
export interface ForeignRunnableLike {
  invoke(input: never, options: never): unknown;
  stream(input: never, options: never): unknown;
  transform?(input: never, options: never): unknown;
  getName?(): string;
}

/**
 * Options of {@link ForeignRunnable}.
 *
 * @example
 * ```ts
 * new ForeignRunnable(searchClient, { name: 'search', kind: 'retriever' });
 * ```
 */
export interface ForeignRunnableOptions {
  /** The name reported in events (default: the foreign object's `getName()` or class name). */
  name?: string;
  /** The event kind (default: guessed from the object's shape: chat model, retriever, …). */
  kind?: EventKind;
  /** `snapshot` when each output chunk is the whole value so far (default: guessed). */
  chunkMode?: 'concat' | 'snapshot';
  /** Converts each input chunk before the foreign runnable sees it. */
  toForeignInput?: (chunk: unknown) => unknown;
  /** Converts each output chunk before our pipeline sees it. */
  fromForeignChunk?: (chunk: unknown) => unknown;
}

/**
 * Hooks the modules above core fill in: conversions of messages both ways, and a richer adapter
 * (`rx-runnables/langchain` installs one that forwards inner events).
 * @internal
 */
export interface ForeignInteropHooks {
  adapt?: (value: ForeignRunnableLike) => Runnable<unknown, unknown> | undefined;
  toForeignInput?: (chunk: unknown) => unknown;
  fromForeignChunk?: (chunk: unknown) => unknown;
}

/** @internal */
export const foreignInterop: ForeignInteropHooks = {};

type Rec = Record<string | symbol, unknown>;

const isRecord = (value: unknown): value is Rec => typeof value === 'object' && value !== null;
const fn = (value: unknown, key: string): boolean =>
  isRecord(value) && typeof value[key] === 'function';

/**
 * True for an object that looks like a LangChain runnable: `lc_runnable === true`, or `invoke`
 * and `stream` methods. Our own Runnables are not foreign.
 *
 * @example
 * ```ts
 * isForeignRunnable(new ChatOpenAI()); // true
 * isForeignRunnable({ invoke: async () => 1, stream: async function* () { yield 1; } }); // true
 * ```
 */
export function isForeignRunnable(value: unknown): value is ForeignRunnableLike {
  if (!isRecord(value) || isRunnable(value)) return false;
  return value.lc_runnable === true || (fn(value, 'invoke') && fn(value, 'stream'));
}

/** Guesses the event kind of a LangChain object from its shape. */
function kindOf(value: Rec): EventKind {
  if (typeof value.eventKind === 'string') return value.eventKind as EventKind;
  const namespace = Array.isArray(value.lc_namespace) ? (value.lc_namespace as unknown[]) : [];
  if (fn(value, '_getRelevantDocuments') || namespace.includes('retrievers')) return 'retriever';
  if (fn(value, '_modelType')) {
    return (value._modelType as () => unknown)() === 'base_llm' ? 'llm' : 'chat_model';
  }
  if (fn(value, 'formatPromptValue')) return 'prompt';
  if (fn(value, 'parseResult')) return 'parser';
  if (namespace.includes('tools') || (fn(value, '_call') && 'schema' in value)) return 'tool';
  return 'chain';
}

function nameOf(value: Rec): string {
  if (fn(value, 'getName')) {
    const name = (value.getName as () => unknown)();
    if (typeof name === 'string' && name !== '') return name;
  }
  const ctorName = (value.constructor as { name?: unknown } | undefined)?.name;
  return typeof ctorName === 'string' && ctorName !== 'Object' ? ctorName : 'ForeignRunnable';
}

const ERROR_CODES: Partial<Record<EventKind, ErrorCode>> = {
  chat_model: 'GENERATION',
  llm: 'GENERATION',
  retriever: 'RETRIEVAL',
};

/**
 * Any LangChain.js runnable as our Runnable, found by shape so core needs no LangChain import.
 * Output streams chunk by chunk through the object's own `transform` (input chunks flow in as
 * they arrive) or `stream`; `ctx.signal` is passed as `signal` so an abort, a timeout or an
 * unsubscribe reaches it. `coerceRunnable` (and so `pipe`) uses it for any foreign object.
 * Messages are converted both ways, losslessly, by the hooks `rx-runnables/chunks` installs
 * (duck-typed) or `rx-runnables/langchain` replaces (with LangChain's own classes).
 *
 * @example
 * ```ts
 * import { ChatOpenAI } from '@langchain/openai';
 * import { ForeignRunnable } from 'rx-runnables';
 * import { ChatPromptTemplate } from 'rx-runnables/models';
 *
 * const prompt = ChatPromptTemplate.fromMessages([['human', '{question}']]);
 * const chain = prompt.pipe(new ChatOpenAI({ model: 'gpt-4o-mini' })); // adapted here
 * const same = new ForeignRunnable(new ChatOpenAI({ model: 'gpt-4o-mini' }));
 * ```
 */
export class ForeignRunnable<I = unknown, O = unknown> extends Runnable<I, O> {
  override readonly eventKind: EventKind;
  override readonly chunkMode: 'concat' | 'snapshot';
  private readonly toInput: ((chunk: unknown) => unknown) | undefined;
  private readonly fromChunk: ((chunk: unknown) => unknown) | undefined;

  constructor(
    readonly foreign: ForeignRunnableLike,
    options: ForeignRunnableOptions = {},
  ) {
    super();
    const shape = foreign as unknown as Rec;
    this.name = options.name ?? nameOf(shape);
    this.eventKind = options.kind ?? kindOf(shape);
    this.chunkMode =
      options.chunkMode ?? (shape.diff === false && fn(shape, '_diff') ? 'snapshot' : 'concat');
    this.toInput = options.toForeignInput;
    this.fromChunk = options.fromForeignChunk;
  }

  /** The options passed to the foreign runnable's `transform`/`stream` for one call. */
  protected callOptions(ctx: RunContext, signal: AbortSignal): ForeignCallOptions {
    const { tags, metadata, configurable, maxConcurrency } = ctx.options;
    const options: ForeignCallOptions = { signal };
    if (tags) options.tags = tags;
    if (metadata) options.metadata = metadata;
    if (configurable) options.configurable = configurable;
    if (maxConcurrency !== undefined) options.maxConcurrency = maxConcurrency;
    return options;
  }

  protected transform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    // rx-runnables/chunks installs the message converters (rx-runnables/langchain richer ones);
    // without either there are no messages of ours to convert.
    const toInput = this.toInput ?? foreignInterop.toForeignInput;
    const fromChunk = this.fromChunk ?? foreignInterop.fromForeignChunk;
    const converted$ = toInput ? input$.pipe(map(toInput)) : input$;
    const output$ = this.output(converted$, ctx);
    return (fromChunk ? output$.pipe(map(fromChunk)) : output$) as Observable<O>;
  }

  /**
   * The foreign output: `transform` on the input chunks as they arrive (a LangChain runnable) or
   * `stream` on the whole input; `invoke` once on the whole input for an object that cannot
   * stream, and for one that only implements LangChain's `RunnableInterface` (no `Runnable` of
   * any `@langchain/core` version) when only the whole output is read (`invoke`, `batch`), as
   * LangChain's composition calls it: such an object's `invoke` need not be its stream added up.
   */
  private output(input$: Observable<unknown>, ctx: RunContext): Observable<unknown> {
    const foreign = this.foreign as unknown as Rec;
    const method = (name: string) => foreign[name] as (i: unknown, o: unknown) => unknown;
    const canStream = fn(foreign, 'stream') || fn(foreign, 'transform');
    const interfaceOnly = foreign.lc_runnable === true && !fn(foreign, '_streamIterator');
    if (((ctx.whole === true && interfaceOnly) || !canStream) && fn(foreign, 'invoke')) {
      const invoke = method('invoke');
      return collect(input$).pipe(
        mergeMap((input) =>
          this.call(ctx, (options) => invoke.call(foreign, input, options), true),
        ),
      );
    }
    if (foreign.lc_runnable === true && fn(foreign, 'transform')) {
      const transform = method('transform');
      return this.call(ctx, (options) => transform.call(foreign, toAsyncIterator(input$), options));
    }
    const stream = method('stream');
    return collect(input$).pipe(
      mergeMap((input) => this.call(ctx, (options) => stream.call(foreign, input, options))),
    );
  }

  /**
   * Starts one foreign call and relays what it streams (or, `single`, the one value it resolves
   * to); teardown aborts it and closes it.
   */
  private call(
    ctx: RunContext,
    start: (options: ForeignCallOptions) => unknown,
    single = false,
  ): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      const { controller, release } = followSignal(ctx.signal);
      let stopped = false;
      let inner: { unsubscribe(): void } | undefined;
      const code = ERROR_CODES[this.eventKind] ?? 'UNKNOWN';
      const fail = (error: unknown): void => {
        if (!stopped) subscriber.error(toRxRunnablesError(error, code, { step: this.name }));
      };
      const relay = async (): Promise<void> => {
        const source = await start(this.callOptions(ctx, controller.signal));
        if (single) {
          if (stopped) return;
          subscriber.next(source);
          subscriber.complete();
          return;
        }
        const iterable = isRecord(source) && typeof source[Symbol.asyncIterator] === 'function';
        if (!iterable && !fn(source, 'subscribe')) {
          throw new RxRunnablesError(
            'INVALID_INPUT',
            `${this.name}.stream() returned neither an async iterable nor an Observable`,
          );
        }
        if (stopped) {
          // The run ended while the call was starting: close its stream without reading it.
          if (iterable) {
            const iterator = (source as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator]();
            iterator.return?.().catch(() => undefined);
          }
          return;
        }
        const source$ = iterable
          ? fromAsyncIterable(source as unknown as AsyncIterable<unknown>, ctx)
          : from(source as unknown as Observable<unknown>);
        inner = source$.subscribe({
          next: (chunk) => subscriber.next(chunk),
          error: fail,
          complete: () => subscriber.complete(),
        });
      };
      relay().catch(fail);
      return () => {
        stopped = true;
        release();
        inner?.unsubscribe();
        if (!controller.signal.aborted) controller.abort(ctx.signal.reason);
      };
    });
  }
}

/**
 * The step that stands for `value` when it is a foreign runnable (the adapter
 * `rx-runnables/langchain` installs, or a {@link ForeignRunnable}); undefined otherwise.
 * `coerceRunnable` calls it, so that `pipe` adapts a LangChain object.
 * @internal
 */
export function adaptForeignRunnable(value: object): Runnable<unknown, unknown> | undefined {
  if (!isForeignRunnable(value)) return undefined;
  return foreignInterop.adapt?.(value) ?? new ForeignRunnable(value);
}
