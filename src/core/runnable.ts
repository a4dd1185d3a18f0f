/**
 * The Runnable: one Observable transform, seen as `invoke`, `stream`, `astream` and more.
 * @module
 */
import { Observable, of, throwError } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { filtered } from './event-filter';
import type { EventFilter } from './event-filter';
import { RUN_OPTION_NAMES, checkOptionNames } from './option-names';
import { parentRunOf, runNested } from './parent-run';
import { addChunkInMode, chunkModeOf, withChunkMode } from './chunk-mode';
import type { ChunkMode } from './chunk-mode';
import { RxRunnablesError, toRxRunnablesError } from './errors';
import { runRoot } from './run-context';
import type { EventKind, RunEvent, RunEventSink } from './run-events';
import type { ForeignRunnableLike } from './foreign-runnable';
import type { RunContext, RunOptions } from './run-options';
import type { FlowControl } from './flow-control';
import type { RunnableFunc, RunnableLike, RunnableMapLike } from './runnable-like';
import { required } from './runnable-internals';
import type { FallbackOptions, RetryOptions } from './attempts';
import type { FallbackSteps } from './fallbacks';
import { encodedEvents } from './encoded-events';
import type { EventStreamBytes, EventStreamEncoding } from './event-stream-encoding';
import { runWithEvents } from './step-events';
import { handlersOf, withCallbacks } from './callbacks';
import { runLog } from './stream-log';
import { wholeView } from './whole-view';
import type { LogStreamOptions } from './stream-log';
import type { RunLogPatch } from './run-log';
import { deriveContext } from './run-context';
import type { StartInput } from './step-events';
import { RunStream } from './run-stream';
import { toAsyncIterator } from './to-async-iterator';
import { checkNumberOption } from './validate';

/** Options of {@link Runnable.batch}. */
export interface BatchOptions extends RunOptions {
  /** When true, a failed input yields its error in the results instead of rejecting the batch. */
  returnExceptions?: boolean;
}

/**
 * A pipeline step. Subclasses implement one member, {@link Runnable.transform}: a cold, lazy
 * Observable transform from input chunks to output chunks. Every other surface derives from it.
 *
 * @example
 * ```ts
 * class Shout extends Runnable<string, string> {
 *   protected transform(input$: Observable<string>) {
 *     return input$.pipe(map((s) => s.toUpperCase()));
 *   }
 * }
 * await new Shout().invoke('hi'); // 'HI'
 * ```
 */
export abstract class Runnable<I, O> {
  /** Decides the event names this step reports (`on_<kind>_start`, …). */
  readonly eventKind: EventKind = 'chain';
  /**
   * How this step's output chunks add up when its input is plain: `concat` (default), the output
   * is the sum of the chunks; `snapshot`, each chunk is the whole value so far, so the output is
   * the last chunk (a partial-JSON parser, for example); or a keyed mode for object chunks.
   */
  readonly chunkMode: ChunkMode = 'concat';
  /**
   * What this step's start event reports below the run's root; by default, from its kind (see
   * `StartInput`). Steps that stream their input report nothing, as in LangChain. @internal
   */
  readonly eventStartInput: StartInput | undefined = undefined;
  /** The name reported in events; defaults to the class name. */
  name: string;

  constructor() {
    this.name = new.target.name;
  }

  /**
   * The step's name (as events report it), with `suffix` appended, as LangChain's `getName`.
   *
   * @example
   * ```ts
   * RunnableSequence.from([a, b]).getName(); // 'RunnableSequence'
   * ```
   */
  getName(suffix?: string): string {
    return suffix ? `${this.name}${suffix}` : this.name;
  }

  /** The one thing a step implements: input chunks in, output chunks out. Cold and lazy. */
  protected abstract transform(input$: Observable<I>, ctx: RunContext): Observable<O>;

  /**
   * Runs this step as part of a larger run: the transform, wrapped in lifecycle events only when
   * somebody listens to them. Composition classes call this on their children.
   * @internal
   */
  runTransform(input$: Observable<I>, ctx: RunContext): Observable<O> {
    const inputMode = chunkModeOf(input$);
    const mode = this.outputMode(inputMode);
    if (ctx.events === undefined) return withChunkMode(this.transform(input$, ctx), mode);
    return runWithEvents(
      input$,
      ctx,
      ctx.events,
      {
        name: this.name,
        kind: this.eventKind,
        inputMode,
        mode,
        startInput: (input) => this.eventInput(input as I),
        startWith: this.eventStartInput,
      },
      (i$, c) => this.transform(i$, c),
    );
  }

  /**
   * The chunk mode of this step's output when its input chunks come in `inputMode`. Steps that
   * pass chunks through (passthrough, pick, assign, parallel, sequences) derive it from
   * `inputMode`; others return `chunkMode`.
   */
  outputMode(inputMode: ChunkMode): ChunkMode {
    void inputMode;
    return this.chunkMode;
  }

  /**
   * The `data.input` of this step's start and end events below the run's root, given its whole
   * input, as LangChain reports it: chat models `{ messages: [[…]] }`, LLMs `{ prompts: […] }`,
   * retrievers `{ query }`. @internal
   */
  eventInput(input: I): unknown {
    if (this.eventKind === 'retriever') return { query: input };
    return this.eventKind === 'llm' ? { prompts: [input] } : input;
  }

  /** Adds one output chunk to the running output, following this step's chunk mode. @internal */
  addChunk(total: O | undefined, chunk: O): O {
    return addChunkInMode(this.chunkMode, total, chunk);
  }

  /**
   * A cold Observable of output chunks: each subscription is one run, and unsubscribing cancels
   * it, upstream requests included.
   *
   * @example
   * ```ts
   * chain.stream({ topic: 'rx' }).subscribe((chunk) => process.stdout.write(chunk));
   * ```
   */
  stream(input: I, options: RunOptions = {}): RunStream<O> {
    return new RunStream((flow) => this.open(input, options, flow, false), this.chunkMode);
  }

  /** One run of this step on `input`; `whole` when only its whole output is read (`invoke`). */
  private open(
    input: I,
    options: RunOptions,
    flow: FlowControl | undefined,
    whole: boolean,
  ): Observable<O> {
    const parent = parentRunOf(options);
    const checked = checkRunOptions(options);
    if (RxRunnablesError.isInstance(checked)) return throwError(() => checked);
    // A call read whole inside a run reports to its sinks as LangChain's invoke runs.
    const outer = parent?.events && whole ? wholeView(parent.events) : parent?.events;
    const { options: own, events, guard } = withCallbacks(checked, outer, whole);
    const run = (ctx: RunContext): Observable<O> => guard(this.runTransform(of(input), ctx));
    if (parent === undefined) return runRoot(own, events, run, flow, whole);
    const parentCtx = events === parent.events ? parent : deriveContext(parent, { events });
    return runNested(parentCtx, own, run, whole);
  }

  /**
   * The output chunks as an async iterator. `break` cancels the run.
   *
   * @example
   * ```ts
   * for await (const chunk of chain.astream(input)) process.stdout.write(chunk);
   * ```
   */
  astream(input: I, options: RunOptions = {}): AsyncIterableIterator<O> {
    return toAsyncIterator(this.stream(input, options));
  }

  /**
   * The whole output: every chunk added up in the step's chunk mode. A failure rejects with a
   * typed error of this run's own (the original as `cause`) whose `details.partialOutput` holds
   * what had arrived.
   *
   * @example
   * ```ts
   * const answer = await chain.invoke({ question: 'Why?' }, { timeoutMs: 5_000 });
   * ```
   */
  invoke(input: I, options: RunOptions = {}): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      let total: O | undefined;
      this.open(input, options, undefined, true).subscribe({
        next: (chunk) => {
          total = this.addChunk(total, chunk);
        },
        error: (error: unknown) => reject(withPartialOutput(error, total)),
        complete: () => resolve(total as O),
      });
    });
  }

  /**
   * Invokes the step on each input, at most `maxConcurrency` at once, results in input order.
   *
   * @example
   * ```ts
   * const outputs = await step.batch(['a', 'b', 'c'], { maxConcurrency: 2 });
   * ```
   */
  batch(inputs: I[], options?: BatchOptions & { returnExceptions?: false }): Promise<O[]>;
  batch(inputs: I[], options: BatchOptions & { returnExceptions: true }): Promise<(O | Error)[]>;
  async batch(inputs: I[], options: BatchOptions = {}): Promise<(O | Error)[]> {
    const checked = checkRunOptions(options);
    if (RxRunnablesError.isInstance(checked)) throw checked;
    const { returnExceptions, maxConcurrency, ...runOptions } = checked as BatchOptions;
    checkNumberOption('maxConcurrency', maxConcurrency, { min: 1, integer: true, infinity: true });
    const results: (O | Error)[] = new Array<O | Error>(inputs.length);
    const limit = Math.max(1, Math.min(maxConcurrency ?? inputs.length, inputs.length));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < inputs.length) {
        const index = next++;
        try {
          results[index] = await this.invoke(inputs[index] as I, runOptions);
        } catch (error) {
          if (!returnExceptions) throw error;
          results[index] = toRxRunnablesError(error);
        }
      }
    };
    await Promise.all(Array.from({ length: limit }, worker));
    return results;
  }

  /**
   * Lifecycle events of this run and of every step inside it, with LangChain's v2 names plus
   * `on_*_error` events and `parentIds`. After an error event the Observable errors too. With
   * `encoding: 'text/event-stream'`, the same events as LangChain's SSE bytes (a ReadableStream
   * to hand to `new Response`). `filter` keeps events by name, kind and tag, as LangChain's.
   *
   * @example
   * ```ts
   * chain.streamEvents(input).pipe(filter((e) => e.event === 'on_chat_model_stream'));
   * const body = chain.streamEvents(input, { version: 'v2', encoding: 'text/event-stream' });
   * ```
   */
  streamEvents(
    input: I,
    options: RunOptions & { version?: 'v2'; encoding: EventStreamEncoding },
    filter?: EventFilter,
  ): EventStreamBytes;
  streamEvents(
    input: I,
    options?: RunOptions & { version?: 'v2'; encoding?: undefined },
    filter?: EventFilter,
  ): RunStream<RunEvent>;
  streamEvents(
    input: I,
    options: RunOptions & { version?: 'v2'; encoding?: EventStreamEncoding } = {},
    filter?: EventFilter,
  ): RunStream<RunEvent> | EventStreamBytes {
    if (options.encoding !== undefined) return encodedEvents(this, input, options, filter);
    return new RunStream<RunEvent>((flow) => {
      const checked = checkRunOptions(options);
      if (RxRunnablesError.isInstance(checked)) return throwError(() => checked);
      return new Observable<RunEvent>((subscriber) => {
        const sink = filtered((event) => subscriber.next(event), filter);
        return this.runReporting(input, checked, sink, flow).subscribe({
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        });
      });
    });
  }

  /**
   * The run as LangChain's log stream: `RunLogPatch`es of JSON Patch ops that build the run's
   * state (its streamed and final output, and an entry per step in `logs`); `concat` them into a
   * `RunLog`. `streamOptions` picks the steps logged (`includeNames`, `excludeTypes`, …).
   *
   * @example
   * ```ts
   * for await (const patch of chain.streamLog(input, {}, { includeTypes: ['llm'] })) console.log(patch.ops);
   * ```
   */
  streamLog(
    input: I,
    options: RunOptions = {},
    streamOptions: LogStreamOptions = {},
  ): RunStream<RunLogPatch> {
    return new RunStream<RunLogPatch>((flow) => {
      const checked = checkRunOptions(options);
      if (RxRunnablesError.isInstance(checked)) return throwError(() => checked);
      return runLog(streamOptions, (sink) => this.runReporting(input, checked, sink, flow));
    });
  }

  /** A root run on `input` that reports its events to `sink` (`streamEvents`, `streamLog`). */
  private runReporting(
    input: I,
    options: RunOptions,
    sink: RunEventSink,
    flow: FlowControl | undefined,
  ): Observable<O> {
    const run = withCallbacks(options, sink, false);
    const start = (ctx: RunContext): Observable<O> => run.guard(this.runTransform(of(input), ctx));
    return runRoot(run.options, run.events, start, flow);
  }

  /**
   * A sequence: this step's output chunks flow into `next` as they arrive.
   *
   * @example
   * ```ts
   * const chain = prompt.pipe(model).pipe(new StringOutputParser());
   * ```
   */
  pipe<N>(next: Runnable<O, N>): Runnable<I, N>;
  pipe<N>(next: RunnableFunc<O, N>): Runnable<I, N>;
  pipe<N>(next: OperatorFunction<O, N>): Runnable<I, N>;
  pipe<N extends Record<string, unknown>>(next: RunnableMapLike<O, N>): Runnable<I, N>;
  pipe(next: ForeignRunnableLike): Runnable<I, unknown>;
  pipe<N>(next: RunnableLike<O, N>): Runnable<I, N>;
  pipe<N>(next: RunnableLike<O, N> | ForeignRunnableLike | OperatorFunction<O, N>): Runnable<I, N> {
    return required('sequence')(this, required('coerce')(next as RunnableLike<O, N>));
  }

  /**
   * This step with options bound: tags and metadata add to the call's, a `timeoutMs` or `signal`
   * limits this step alone.
   *
   * @example
   * ```ts
   * const tagged = model.withConfig({ tags: ['answer'], timeoutMs: 30_000 });
   * ```
   */
  withConfig(options: RunOptions): Runnable<I, O> {
    const checked = checkRunOptions(options);
    if (RxRunnablesError.isInstance(checked)) throw checked;
    return required('bind')(this, checked);
  }

  /**
   * Retries the step when it fails before its first chunk (and, with `onMidStream: 'restart'`,
   * after). Works for `stream` and `astream` as well as `invoke`.
   *
   * @example
   * ```ts
   * const sturdy = model.withRetry({ attempts: 3, backoff: { initialMs: 200 } });
   * ```
   */
  withRetry(options: RetryOptions = {}): Runnable<I, O> {
    return required('retry')(this, options);
  }

  /**
   * Falls back to the next step in `fallbacks` when this one fails before its first chunk.
   * `fallbacks` is a list, or LangChain's `{ fallbacks: [...] }`.
   *
   * @example
   * ```ts
   * const safe = primaryModel.withFallbacks([backupModel]);
   * ```
   */
  // Generic in the steps so that the output type stays covariant: a `Runnable<I, O>` is then a
  // `Runnable<never, unknown>`, which is what sequences and maps of steps take.
  withFallbacks<S extends FallbackSteps<I, O>>(
    fallbacks: S,
    options: FallbackOptions = {},
  ): Runnable<I, O> {
    return required('fallbacks')(this, fallbacks, options);
  }
}

/**
 * The error a run rejects with: its own typed error, with the failure's code, message and
 * details, its cause (or the failure itself) as `cause`, and the output that had arrived. The
 * failure itself is never changed: several runs may share it.
 */
function withPartialOutput(error: unknown, total: unknown): RxRunnablesError {
  const typed = toRxRunnablesError(error);
  if (total === undefined || typed.details.partialOutput !== undefined) return typed;
  return new RxRunnablesError(typed.code, typed.message, {
    ...typed.details,
    partialOutput: total,
    cause: typed.details.cause ?? typed,
  });
}

/**
 * The options of a call, checked: unknown names are `INVALID_CONFIG` (naming the nearest known
 * one), LangChain's `timeout` is `timeoutMs`, and `version` is `'v2'` when given. Returns the
 * error rather than throwing it, so each surface delivers it its own way.
 */
function checkRunOptions(options: RunOptions): RunOptions | RxRunnablesError {
  try {
    checkOptionNames(options, RUN_OPTION_NAMES, 'run');
    if (options.callbacks !== undefined) handlersOf(options.callbacks);
    const { timeout, version, ...rest } = options as RunOptions & {
      timeout?: number;
      version?: unknown;
    };
    if (version !== undefined && version !== 'v2') {
      throw new RxRunnablesError(
        'INVALID_CONFIG',
        `Only streamEvents version 'v2' exists, got ${String(version)}`,
        {
          option: 'version',
        },
      );
    }
    if (timeout === undefined) return version === undefined ? options : rest;
    if (options.timeoutMs !== undefined && options.timeoutMs !== timeout) {
      throw new RxRunnablesError(
        'INVALID_CONFIG',
        'Give timeoutMs or its alias timeout, not both',
        {
          option: 'timeout',
        },
      );
    }
    return { ...rest, timeoutMs: timeout };
  } catch (error) {
    return toRxRunnablesError(error);
  }
}
