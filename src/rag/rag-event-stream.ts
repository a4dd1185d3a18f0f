/**
 * The one implementation behind every StreamingRAG surface: retrieval, prompt, generation, and
 * the events, callbacks, timeouts and counters around them.
 * @module
 */
import { Observable, Subscription, filter, map, of, throwError, timeout } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { RxRunnablesError, TextBuffer, collect } from '../core';
import type { Runnable, RunContext } from '../core';
import { toDocuments } from './document';
import type { Document } from './document';
import { textOf } from './llm-adapter';
import type { RagStatsCounter } from './rag-stats';
import type { SimulatedGenerationInput } from './simulated-generation';
import { buildContext, formatPrompt, selectContextDocs } from './stream-config';
import type { ResolvedStreamConfig } from './stream-config';
import { EventType, createStreamEvent } from './stream-event';
import type { StreamEvent, StreamEventDataMap, StreamStage } from './stream-event';

/** Where generation comes from: a model fed the prompt, or the simulation fed the whole request. */
export type GenerationSource =
  | { kind: 'model'; model: Runnable<string, unknown> }
  | { kind: 'sim'; sim: Runnable<SimulatedGenerationInput, string> };

/** Everything one stream needs. @internal */
export interface RagRun {
  query: string;
  context: Record<string, unknown> | undefined;
  ctx: RunContext;
  config: ResolvedStreamConfig;
  retriever: Runnable<string, Document[]>;
  generation: GenerationSource;
  stats: RagStatsCounter;
  onChunk: ((text: string) => void) | undefined;
  onEvent: ((event: StreamEvent) => void) | undefined;
  /** The StreamingRAG's step name, for errors (default `StreamingRAG`). */
  step?: string;
  /**
   * `event`: a failure is an ERROR event, then the stream completes (the event surfaces).
   * `throw`: the ERROR event still goes to the callbacks, then the stream errors with a typed
   * error (the text surfaces, so pipes, retries and fallbacks see it). With `emitMetadata: false`
   * a failure always errors the stream, since no ERROR event is delivered.
   */
  failMode: 'event' | 'throw';
}

const STAGE_LABEL: Record<StreamStage, string> = {
  retrieval: 'Retrieval',
  generation: 'Generation',
};

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : String(error);
}

function now(): number {
  return performance.now();
}

/** A sliding deadline (`each`) or one for the first value (`first`); none for `Infinity`. */
function deadline<T>(
  kind: 'each' | 'first',
  ms: number,
  onTimeout: () => void,
  message: string,
): MonoTypeOperatorFunction<T> {
  if (ms === Infinity) return (source$) => source$;
  return timeout<T, Observable<never>>({
    [kind]: ms,
    with: () => {
      onTimeout();
      return throwError(() => new Error(message));
    },
  });
}

/** Codes a model reports that mean nothing more specific than "generation failed". */
const GENERIC_CODES: ReadonlySet<string> = new Set(['GENERATION', 'UNKNOWN']);

/** The stage an event belongs to, for a callback error. */
function stageOf(type: EventType, data: unknown): StreamStage {
  if (type === EventType.RETRIEVAL_START || type === EventType.RETRIEVAL_DONE) return 'retrieval';
  if (type === EventType.ERROR) return (data as { stage: StreamStage }).stage;
  return 'generation';
}

/**
 * The StreamEvent stream of one RAG run (cold: each subscription is one run).
 * @internal
 */
export function ragEvents$(run: RagRun): Observable<StreamEvent> {
  const { query, ctx, config, stats } = run;
  const step = run.step ?? 'StreamingRAG';
  return new Observable<StreamEvent>((subscriber) => {
    if (typeof query !== 'string') {
      // The same error as the text surfaces' (StreamingRAG.transform) for the event surfaces.
      subscriber.error(
        new RxRunnablesError('INVALID_INPUT', `${step} takes a query string`, { step }),
      );
      return undefined;
    }
    const startedAt = now();
    const elapsedS = (): number => (now() - startedAt) / 1000;
    const subscription = new Subscription();
    const answer = new TextBuffer();
    stats.streamStarted();

    /** Builds, counts, reports and delivers one event; false when the stream has ended. */
    const emit = <T extends EventType>(type: T, data: StreamEventDataMap[T]): boolean => {
      if (subscriber.closed) return false;
      const latency = type === EventType.RETRIEVAL_START ? 0 : elapsedS();
      if (type === EventType.CHUNK) stats.chunkEmitted();
      if (type === EventType.ERROR) stats.errorEmitted();
      if (!config.emitMetadata && type !== EventType.CHUNK) return true;
      const event = createStreamEvent(type, data, latency) as StreamEvent;
      let callback = 'onChunk';
      try {
        if (type === EventType.CHUNK) run.onChunk?.(data as string);
        callback = 'onEvent';
        run.onEvent?.(event);
      } catch (error) {
        // A callback error ends the stream on every surface, typed, the caller's error as cause.
        const details: Record<string, unknown> = {
          step,
          stage: stageOf(type, data),
          callback,
          event: type,
          cause: error,
        };
        if (!answer.isEmpty) details.partialOutput = answer.toString();
        subscriber.error(
          new RxRunnablesError(
            'CALLBACK',
            `StreamingRAG's ${callback} callback threw: ${messageOf(error)}`,
            details,
          ),
        );
        return false;
      }
      subscriber.next(event);
      // The partial answer is what was delivered: a chunk whose callback threw is not in it.
      if (type === EventType.CHUNK) answer.append(data as string);
      return !subscriber.closed;
    };

    const fail = (stage: StreamStage, error: unknown, timedOut: boolean): void => {
      const msg = timedOut ? `${STAGE_LABEL[stage]} timed out` : messageOf(error);
      if (!emit(EventType.ERROR, { msg, stage })) return;
      if (run.failMode === 'event' && config.emitMetadata) {
        subscriber.complete();
        return;
      }
      // A model's specific code (MODEL_HTTP with its status and retryAfterMs, TIMEOUT,
      // MODEL_INCOMPLETE…) stays visible, so `retryIf` and fallbacks can tell failures apart.
      const model =
        !timedOut &&
        stage === 'generation' &&
        RxRunnablesError.isInstance(error) &&
        !GENERIC_CODES.has(error.code)
          ? error
          : undefined;
      const code = timedOut
        ? 'TIMEOUT'
        : model !== undefined
          ? model.code
          : stage === 'retrieval'
            ? 'RETRIEVAL'
            : 'GENERATION';
      const { partialOutput: _modelPartial, ...modelDetails } = model?.details ?? {};
      const details: Record<string, unknown> = { ...modelDetails, step, stage, cause: error };
      if (model?.details.step !== undefined) details.modelStep = model.details.step;
      if (!answer.isEmpty) details.partialOutput = answer.toString();
      if (timedOut) {
        details.timeoutMs =
          stage === 'retrieval' ? config.retrievalTimeoutMs : config.generationTimeoutMs;
      }
      subscriber.error(new RxRunnablesError(code, msg, details));
    };

    const generate = (docs: Document[]): void => {
      const used = selectContextDocs(docs, config);
      if (!emit(EventType.RETRIEVAL_DONE, { numDocs: docs.length, docs: used })) return;
      const prompt = formatPrompt(config.promptTemplate, { context: buildContext(used), query });
      if (!emit(EventType.GENERATION_START, { promptChars: prompt.length })) return;
      const { generation } = run;
      let timedOut = false;
      const source$: Observable<unknown> =
        generation.kind === 'model'
          ? generation.model.runTransform(of(prompt), ctx)
          : generation.sim.runTransform(
              of({ query, context: run.context, docs: used, prompt }),
              ctx,
            );
      subscription.add(
        source$
          .pipe(
            // A sliding deadline: before the first token and between any two tokens.
            deadline(
              'each',
              config.generationTimeoutMs,
              () => (timedOut = true),
              'Generation timed out',
            ),
            map(textOf),
            filter((text) => text !== ''),
          )
          .subscribe({
            next: (text) => void emit(EventType.CHUNK, text),
            error: (error: unknown) => fail('generation', error, timedOut),
            complete: () => {
              const totalLatency = Math.round(elapsedS() * 10_000) / 10_000;
              stats.streamCompleted(totalLatency);
              if (emit(EventType.GENERATION_DONE, { totalLatency })) subscriber.complete();
            },
          }),
      );
    };

    if (!emit(EventType.RETRIEVAL_START, { query })) return subscription;
    let retrievalTimedOut = false;
    let docs: Document[] = [];
    subscription.add(
      collect(run.retriever.runTransform(of(query), ctx))
        .pipe(
          deadline(
            'first',
            config.retrievalTimeoutMs,
            () => (retrievalTimedOut = true),
            'Retrieval timed out',
          ),
        )
        .subscribe({
          next: (value) => {
            docs = toDocuments(value);
          },
          error: (error: unknown) => fail('retrieval', error, retrievalTimedOut),
          complete: () => generate(docs),
        }),
    );
    return subscription;
  });
}
