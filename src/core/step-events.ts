/**
 * Wraps one step's run in lifecycle events. Used only while somebody subscribes to events.
 * @module
 */
import { Observable } from 'rxjs';
import { addChunkInMode, chunkModeOf, tagChunkMode } from './chunk-mode';
import type { ChunkMode } from './chunk-mode';
import { toRxRunnablesError } from './errors';
import { deriveContext } from './run-context';
import { newRunId } from './run-id';
import type { EventKind, EventPhase, RunEvent, RunEventSink } from './run-events';
import type { RunContext } from './run-options';

/** Kinds whose chunks LangChain reports with `on_<kind>_stream` events. */
const STREAMING_KINDS: ReadonlySet<EventKind> = new Set(['chain', 'chat_model', 'llm', 'parser']);

/**
 * Kinds that run on their whole input: as in LangChain, they start (and report their whole input)
 * once it is complete, so a prompt's end comes before the model's start.
 */
const WHOLE_INPUT_KINDS: ReadonlySet<EventKind> = new Set([
  'prompt',
  'chat_model',
  'llm',
  'retriever',
  'tool',
]);

/**
 * What a step's start event reports when the step is not the run's root (the root reports the
 * caller's input, as LangChain does): its whole input once complete (`whole`, LangChain's steps
 * that collect their input: prompts, models, retrievers, sequences), its first input chunk
 * (`first`), or nothing (`none`, LangChain's steps that stream their input: lambdas, parallels,
 * passthroughs, parsers).
 */
export type StartInput = 'whole' | 'first' | 'none';

const startInputOf = (step: StepIdentity): StartInput =>
  step.startWith ??
  (WHOLE_INPUT_KINDS.has(step.kind) ? 'whole' : step.kind === 'parser' ? 'none' : 'first');

/** An `llm` step's text chunk as LangChain reports it (a GenerationChunk's fields). */
const llmChunk = (chunk: unknown): unknown => (typeof chunk === 'string' ? { text: chunk } : chunk);

/** An `llm` step's text output as LangChain reports it (an LLMResult's fields). */
const llmOutput = (output: unknown): unknown =>
  typeof output === 'string'
    ? { generations: [[{ text: output, generationInfo: {} }]], llmOutput: {} }
    : output;

/** Kinds whose stream event follows the chunk downstream, as LangChain orders them. */
const REPORT_AFTER_KINDS: ReadonlySet<EventKind> = new Set(['chat_model', 'llm']);

/** How a step presents itself in events. @internal */
export interface StepIdentity {
  name: string;
  kind: EventKind;
  /** How the step's input chunks add up. */
  inputMode: ChunkMode;
  /** How the step's output chunks add up. */
  mode: ChunkMode;
  /** The `data.input` of the start event of a step that runs on its whole input. */
  startInput?: (input: unknown) => unknown;
  /** What the start event reports below the root (default: from the kind, see {@link StartInput}). */
  startWith?: StartInput;
}

/**
 * The running total of a stream's chunks, shared by every step that would otherwise add up the
 * same chunks again: the next step's input, a sequence's output (its last step's), a
 * passthrough's output (its input). Attached to the streams that carry those chunks.
 */
interface StreamTotal {
  readonly value: unknown;
}

const TOTAL = Symbol.for('rx-runnables.stream-total');

type WithTotal = { [TOTAL]?: StreamTotal };

const totalOf = (source: Observable<unknown>): StreamTotal | undefined =>
  (source as WithTotal)[TOTAL];

function attach<T>(target: Observable<T>, total: StreamTotal, mode: ChunkMode): Observable<T> {
  Object.defineProperty(target, TOTAL, { value: total });
  return tagChunkMode(target, mode);
}

/**
 * Runs `run(input$, childCtx)` and reports to `sink`, under a fresh run id below the caller's:
 * `on_<kind>_start` when the first input chunk arrives (or, for a step on its whole input, when
 * it is complete), `…_stream` for each output chunk, `…_end` with the output and — below the
 * root — the input, and `…_error` when the step itself fails (an error that came from upstream is
 * reported there, not again here). The `data` follows LangChain's v2 events: the root's start
 * reports the caller's input and its end only the output; below it, see {@link StartInput}.
 *
 * Memory: a step adds up its input only when no step before it already does (the totals travel
 * with the streams), and its output only when its chunks are not the very chunks of its input
 * or of the step inside it, so chunks passed through several steps are added up once.
 * @internal
 */
export function runWithEvents<I, O>(
  input$: Observable<I>,
  ctx: RunContext,
  sink: RunEventSink,
  step: StepIdentity,
  run: (input$: Observable<I>, ctx: RunContext) => Observable<O>,
): Observable<O> {
  const sameMode = step.inputMode === step.mode;
  const upstreamTotal = totalOf(input$);
  // The total of the current subscription's output (a step's stream is subscribed once a run).
  let current: StreamTotal | undefined;
  const output$ = new Observable<O>((subscriber) => {
    const runId = newRunId();
    const parentIds = ctx.runId === undefined ? ctx.parentIds : [...ctx.parentIds, ctx.runId];
    const { runName, metadata = {} } = ctx.options;
    // LangChain's order: the step's own position tag, then the tags it inherits.
    const tags = ctx.stepTags
      ? [...ctx.stepTags, ...(ctx.options.tags ?? [])]
      : (ctx.options.tags ?? []);
    const root = ctx.runId === undefined && ctx.parentIds.length === 0;
    const startWith: StartInput = root ? 'first' : startInputOf(step);
    const name = runName ?? step.name;
    const emit = (phase: EventPhase, data: RunEvent['data']): void =>
      sink({ event: `on_${step.kind}_${phase}`, name, runId, parentIds, tags, metadata, data });

    // The input total: the upstream's, or our own.
    let ownInput: I | undefined;
    const inputTotal: StreamTotal = upstreamTotal ?? {
      get value() {
        return ownInput;
      },
    };
    // The output total: while every output chunk is the input chunk just received (an echo),
    // it is the input total; once not, our own.
    let echo = sameMode;
    let inCount = 0;
    let outCount = 0;
    let lastIn: I | undefined;
    // The input total before and after the last input chunk.
    let totalBeforeLast: unknown;
    let totalAfterLast: unknown;
    let ownOutput: unknown;
    let innerTotal: StreamTotal | undefined;
    const outputTotal: StreamTotal = {
      get value() {
        if (innerTotal) return innerTotal.value;
        if (!echo) return ownOutput;
        return outCount === inCount ? totalAfterLast : totalBeforeLast;
      },
    };
    current = outputTotal;
    const stopEcho = (): void => {
      ownOutput = outputTotal.value;
      echo = false;
    };

    let started = false;
    let upstreamFailed = false;
    const wholeInput = WHOLE_INPUT_KINDS.has(step.kind) || step.startWith === 'whole';
    // The whole input as the start event reported it (a step on its whole input).
    let reported: { input: unknown } | undefined;
    const start = (first: I | undefined): void => {
      if (started) return;
      started = true;
      emit('start', startWith === 'none' ? {} : { input: first });
    };
    const endInput = (): unknown => (reported ? reported.input : inputTotal.value);
    const tapped$ = new Observable<I>((inner) =>
      input$.subscribe({
        next(chunk) {
          if (!wholeInput) start(chunk);
          if (echo && outCount !== inCount) stopEcho();
          if (!upstreamTotal) ownInput = addChunkInMode(step.inputMode, ownInput, chunk);
          totalBeforeLast = totalAfterLast;
          totalAfterLast = inputTotal.value;
          inCount++;
          lastIn = chunk;
          inner.next(chunk);
        },
        error(error: unknown) {
          upstreamFailed = true;
          inner.error(error);
        },
        complete() {
          if (wholeInput && !started) {
            const input = inputTotal.value;
            started = true;
            reported = {
              input: startWith === 'whole' && step.startInput ? step.startInput(input) : input,
            };
            emit('start', startWith === 'none' ? {} : reported);
          }
          start(undefined);
          inner.complete();
        },
      }),
    );
    attach(tapped$, inputTotal, step.inputMode);
    const options = runName === undefined ? ctx.options : { ...ctx.options, runName: undefined };
    const childCtx = deriveContext(ctx, { runId, parentIds, options, stepTags: undefined });
    const streams = STREAMING_KINDS.has(step.kind);
    const reportAfter = REPORT_AFTER_KINDS.has(step.kind);
    const llm = step.kind === 'llm';
    const inner$ = run(tapped$, childCtx);
    const shared = totalOf(inner$);
    // The inner stream's own total (a sequence's last step, a passthrough's input) is ours.
    if (shared && shared !== inputTotal && chunkModeOf(inner$) === step.mode) {
      innerTotal = shared;
      echo = false;
    }
    // A step that does not stream (a prompt, a retriever, a tool) ends before its output moves
    // on, as in LangChain, where it is invoked: its output waits for its end event.
    const held: O[] | undefined = streams ? undefined : [];
    const flush = (): void => {
      if (!held) return;
      for (const chunk of held.splice(0)) subscriber.next(chunk);
    };
    return inner$.subscribe({
      next(chunk) {
        start(undefined);
        if (!innerTotal) {
          if (echo && outCount === inCount - 1 && (chunk as unknown) === lastIn) outCount++;
          else {
            if (echo) stopEcho();
            ownOutput = addChunkInMode(step.mode, ownOutput, chunk);
          }
        }
        if (held) held.push(chunk);
        else {
          if (streams && !reportAfter) emit('stream', { chunk });
          subscriber.next(chunk);
          if (streams && reportAfter) emit('stream', { chunk: llm ? llmChunk(chunk) : chunk });
        }
      },
      error(error: unknown) {
        flush();
        const typed = toRxRunnablesError(error, 'UNKNOWN', { step: name });
        if (!upstreamFailed) {
          start(undefined);
          emit('error', { input: endInput(), output: outputTotal.value, error: typed });
        }
        subscriber.error(typed);
      },
      complete() {
        start(undefined);
        // LangChain's key order (the SSE encoding keeps it); the root's end has no input.
        const output = llm ? llmOutput(outputTotal.value) : outputTotal.value;
        emit('end', root ? { output } : { output, input: endInput() });
        flush();
        subscriber.complete();
      },
    });
  });
  return attach(
    output$,
    {
      get value() {
        return current?.value;
      },
    },
    step.mode,
  );
}
