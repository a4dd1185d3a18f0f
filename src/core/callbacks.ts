/**
 * The `callbacks` run option: LangChain callback handlers (a `BaseCallbackHandler` or a plain
 * `{ handleChainStart, handleLLMNewToken, … }` object), called from the run's events with the
 * arguments LangChain passes. Duck-typed: nothing of LangChain is imported.
 * @module
 */
import { Observable } from 'rxjs';
import type { Subscriber } from 'rxjs';
import { dispatch, phaseOf } from './callback-dispatch';
import { holdWhole, teeSinks, wholeView, withWholeView } from './whole-view';
import { RxRunnablesError } from './errors';
import type { RunEventSink } from './run-events';
import type { RunOptions } from './run-options';

/** A handler method: LangChain's handlers take positional arguments and may return a promise. */
export type HandlerMethod = (...args: never[]) => unknown;

/**
 * A LangChain callback handler, as `BaseCallbackHandler` instances and plain handler objects
 * are: any of its `handle…` methods, and the flags LangChain honours.
 *
 * @example
 * ```ts
 * const handler: CallbackHandlerLike = { handleLLMNewToken: (token) => process.stdout.write(token) };
 * ```
 */
export interface CallbackHandlerLike {
  name?: string;
  ignoreChain?: boolean;
  ignoreLLM?: boolean;
  ignoreRetriever?: boolean;
  /** LangChain's flag for tool callbacks. */
  ignoreAgent?: boolean;
  /** LangChain's flag: chat models report tokens to every handler in `invoke` too. */
  lc_prefer_streaming?: boolean;
  /** With `awaitHandlers`, a handler method that throws or rejects fails the run (`CALLBACK`). */
  raiseError?: boolean;
  /**
   * Handlers are called in order as the run goes and never block it; with `raiseError`, this
   * makes their errors fail the run, as LangChain's awaited handlers do.
   */
  awaitHandlers?: boolean;
  handleChainStart?: HandlerMethod;
  handleChainEnd?: HandlerMethod;
  handleChainError?: HandlerMethod;
  handleChatModelStart?: HandlerMethod;
  handleLLMStart?: HandlerMethod;
  handleLLMNewToken?: HandlerMethod;
  handleLLMEnd?: HandlerMethod;
  handleLLMError?: HandlerMethod;
  handleRetrieverStart?: HandlerMethod;
  handleRetrieverEnd?: HandlerMethod;
  handleRetrieverError?: HandlerMethod;
  handleToolStart?: HandlerMethod;
  handleToolEnd?: HandlerMethod;
  handleToolError?: HandlerMethod;
}

/**
 * What `callbacks` takes: a list of handlers, or an object holding them (a LangChain
 * `CallbackManager`).
 *
 * @example
 * ```ts
 * const callbacks: Callbacks = [{ handleChainEnd: (outputs) => console.log(outputs) }];
 * ```
 */
export type Callbacks =
  readonly CallbackHandlerLike[] | { readonly handlers: readonly CallbackHandlerLike[] };

/** The handlers `callbacks` names; anything else is `INVALID_CONFIG`. @internal */
export function handlersOf(callbacks: unknown): readonly CallbackHandlerLike[] {
  const list = Array.isArray(callbacks)
    ? (callbacks as unknown[])
    : typeof callbacks === 'object' && callbacks !== null && 'handlers' in callbacks
      ? (callbacks as { handlers: unknown }).handlers
      : undefined;
  if (Array.isArray(list) && list.every((h) => typeof h === 'object' && h !== null))
    return list as CallbackHandlerLike[];
  throw new RxRunnablesError(
    'INVALID_CONFIG',
    'callbacks must be a list of callback handlers (or a CallbackManager holding them)',
    { option: 'callbacks' },
  );
}

/**
 * Where a handler's error (with `raiseError`) goes: the run it fails, once subscribed. An
 * Observable operator: `failure.guard(run$)`.
 */
class Failure {
  private subscriber: Subscriber<unknown> | undefined;
  private error: RxRunnablesError | undefined;

  readonly fail = (cause: unknown, method: string): void => {
    if (this.error !== undefined) return;
    const message = cause instanceof Error ? cause.message : String(cause);
    this.error = new RxRunnablesError('CALLBACK', message, { cause, stage: method });
    this.subscriber?.error(this.error);
  };

  guard<T>(source$: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      this.subscriber = subscriber as Subscriber<unknown>;
      const subscription = source$.subscribe(subscriber);
      if (this.error !== undefined) subscriber.error(this.error);
      return () => {
        subscription.unsubscribe();
        this.subscriber = undefined;
      };
    });
  }
}

/**
 * A sink that calls `handlers` for each event, with LangChain's arguments for a streamed run;
 * its whole view (for `invoke`) gives them as LangChain's `invoke` does, without tokens unless a
 * handler prefers streaming.
 */
function callbackSink(handlers: readonly CallbackHandlerLike[], failure: Failure): RunEventSink {
  // The root's end event carries no input (LangChain's v2 events): its start's is kept.
  let rootInput: unknown;
  const streamed: RunEventSink = (event) => {
    if (event.parentIds.length === 0) {
      const phase = phaseOf(event);
      if (phase === 'start') rootInput = event.data.input;
      else if (phase !== 'stream' && event.data.input === undefined)
        event = { ...event, data: { ...event.data, input: rootInput } };
    }
    dispatch(handlers, event, false, failure.fail);
  };
  const whole: RunEventSink = (event) => dispatch(handlers, event, true, failure.fail);
  // As LangChain's chat models stream inside invoke for a handler that prefers streaming.
  const tokens = handlers.some((h) => h.lc_prefer_streaming === true);
  return withWholeView(streamed, holdWhole(whole, tokens));
}

/** A run with callbacks: its options without them, its event sink, and its guard. @internal */
export interface CallbackRun {
  readonly options: RunOptions;
  readonly events: RunEventSink | undefined;
  /** The run's output, failed by a handler with `raiseError` that throws. */
  guard<T>(source$: Observable<T>): Observable<T>;
}

const same = <T>(source$: Observable<T>): Observable<T> => source$;

/**
 * The run of `options` reporting to `events` and, when `options.callbacks` names handlers, to
 * them too (`whole` for an `invoke`). Without callbacks, the options and sink as given.
 * @internal
 */
export function withCallbacks(
  options: RunOptions,
  events: RunEventSink | undefined,
  whole: boolean,
): CallbackRun {
  if (options.callbacks === undefined) return { options, events, guard: same };
  const { callbacks, ...rest } = options;
  const handlers = handlersOf(callbacks);
  // No handlers: nothing to report, so the run costs what it costs without callbacks.
  if (handlers.length === 0) return { options: rest, events, guard: same };
  const failure = new Failure();
  const sink = callbackSink(handlers, failure);
  const own = whole ? wholeView(sink) : sink;
  return { options: rest, events: teeSinks(events, own), guard: (s$) => failure.guard(s$) };
}
