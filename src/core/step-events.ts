/**
 * Wraps one step's run in lifecycle events. Used only while somebody subscribes to events.
 * @module
 */
import { Observable } from 'rxjs';
import { concatChunks } from './concat';
import { toRxRunnablesError } from './errors';
import { deriveContext } from './run-context';
import type { EventKind, EventPhase, RunEvent, RunEventSink } from './run-events';
import type { RunContext } from './run-options';

/** Kinds whose chunks LangChain reports with `on_<kind>_stream` events. */
const STREAMING_KINDS: ReadonlySet<EventKind> = new Set(['chain', 'chat_model', 'llm', 'parser']);

/** How a step presents itself in events. @internal */
export interface StepIdentity<O> {
  name: string;
  kind: EventKind;
  /** Adds an output chunk to the output so far, in the step's chunk mode (`Runnable.addChunk`). */
  addChunk(total: O | undefined, chunk: O): O;
}

/**
 * Runs `run(input$, childCtx)` and reports to `sink`, under a fresh run id below the caller's:
 * `on_<kind>_start` when the first input chunk arrives, `…_stream` for each output chunk,
 * `…_end` with the whole input and output, and `…_error` when the step itself fails (an error
 * that came from upstream is reported there, not again here).
 * @internal
 */
export function runWithEvents<I, O>(
  input$: Observable<I>,
  ctx: RunContext,
  sink: RunEventSink,
  step: StepIdentity<O>,
  run: (input$: Observable<I>, ctx: RunContext) => Observable<O>,
): Observable<O> {
  return new Observable<O>((subscriber) => {
    const runId = globalThis.crypto.randomUUID();
    const parentIds = ctx.runId === undefined ? ctx.parentIds : [...ctx.parentIds, ctx.runId];
    const { runName, tags = [], metadata = {} } = ctx.options;
    const name = runName ?? step.name;
    const emit = (phase: EventPhase, data: RunEvent['data']): void =>
      sink({ event: `on_${step.kind}_${phase}`, name, runId, parentIds, tags, metadata, data });

    let input: I | undefined;
    let output: O | undefined;
    let started = false;
    let upstreamFailed = false;
    const start = (first: I | undefined): void => {
      if (started) return;
      started = true;
      emit('start', { input: first });
    };
    const tapped$ = new Observable<I>((inner) =>
      input$.subscribe({
        next(chunk) {
          start(chunk);
          input = input === undefined ? chunk : concatChunks(input, chunk);
          inner.next(chunk);
        },
        error(error: unknown) {
          upstreamFailed = true;
          inner.error(error);
        },
        complete() {
          start(undefined);
          inner.complete();
        },
      }),
    );
    const options = runName === undefined ? ctx.options : { ...ctx.options, runName: undefined };
    const childCtx = deriveContext(ctx, { runId, parentIds, options });
    const streams = STREAMING_KINDS.has(step.kind);
    return run(tapped$, childCtx).subscribe({
      next(chunk) {
        start(undefined);
        output = step.addChunk(output, chunk);
        if (streams) emit('stream', { chunk });
        subscriber.next(chunk);
      },
      error(error: unknown) {
        if (!upstreamFailed) {
          start(undefined);
          emit('error', {
            input,
            output,
            error: toRxRunnablesError(error, 'UNKNOWN', { step: name }),
          });
        }
        subscriber.error(error);
      },
      complete() {
        start(undefined);
        emit('end', { input, output });
        subscriber.complete();
      },
    });
  });
}
