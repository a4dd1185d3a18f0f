/**
 * The `callbacks` run option: LangChain callback handlers (a `BaseCallbackHandler` or a plain
 * `{ handleChainStart, handleLLMNewToken, … }` object), called from the run's events with the
 * arguments LangChain passes. Duck-typed: nothing of LangChain is imported.
 * @module
 */
import { RxRunnablesError } from './errors';
import type { RunEvent, RunEventSink } from './run-events';
import type { RunOptions } from './run-options';
import {
  chatGeneration,
  coerceToDict,
  deferredStart,
  llmResult,
  promptText,
  queryOf,
  serialized,
  textOf,
} from './callback-args';

/** A handler method: LangChain's handlers take positional arguments and may return a promise. */
type HandlerMethod = (...args: never[]) => unknown;

/**
 * A LangChain callback handler, as `BaseCallbackHandler` instances and plain handler objects
 * are: any of its `handle…` methods, and the flags LangChain honours.
 */
export interface CallbackHandlerLike {
  name?: string;
  ignoreChain?: boolean;
  ignoreLLM?: boolean;
  ignoreRetriever?: boolean;
  /** LangChain's flag for tool callbacks. */
  ignoreAgent?: boolean;
  /** A handler that throws fails the run (otherwise the error is logged). */
  raiseError?: boolean;
  /** Accepted for LangChain's sake; handlers are called in order and never awaited here. */
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

/** What `callbacks` takes: a list of handlers, or an object holding them (`CallbackManager`). */
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

/** Both sinks (or the one given). @internal */
export function teeSinks(
  a: RunEventSink | undefined,
  b: RunEventSink | undefined,
): RunEventSink | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return (event) => {
    a(event);
    b(event);
  };
}

type Flag = 'ignoreChain' | 'ignoreLLM' | 'ignoreRetriever' | 'ignoreAgent';

const kindOf = (event: RunEvent): string => event.event.slice(3, event.event.lastIndexOf('_'));

const phaseOf = (event: RunEvent): string => event.event.slice(event.event.lastIndexOf('_') + 1);

/** Calls `method` of each handler not ignoring `flag`, as LangChain's manager does. */
function call(
  handlers: readonly CallbackHandlerLike[],
  flag: Flag,
  method: keyof CallbackHandlerLike,
  args: (handler: CallbackHandlerLike) => unknown[] | undefined,
): void {
  for (const handler of handlers) {
    if (handler[flag]) continue;
    const fn = handler[method];
    if (typeof fn !== 'function') continue;
    const list = args(handler);
    if (list === undefined) continue;
    const report = (error: unknown): void =>
      (handler.raiseError ? console.error : console.warn)(
        `Error in handler ${handler.constructor.name}, ${String(method)}: ${String(error)}`,
      );
    try {
      const result = (fn as (...a: unknown[]) => unknown).apply(handler, list);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
      if (handler.raiseError) {
        throw new RxRunnablesError('CALLBACK', `Callback ${String(method)} failed`, {
          cause: error,
        });
      }
    }
  }
}

/**
 * A sink that calls `handlers` for each event. `whole` when the run is read whole (`invoke`): as
 * LangChain's `invoke` runs each step on the whole output of the one before, a chain or parser
 * step is reported as starting when its input is complete (its first child starts, or it ends),
 * and chat models report no tokens.
 * @internal
 */
export function callbackSink(
  handlers: readonly CallbackHandlerLike[],
  whole: boolean,
): RunEventSink {
  const report = (event: RunEvent, input?: unknown): void =>
    dispatch(handlers, event, whole, input);
  if (!whole) return report;
  // Starts held back (run id → event), oldest first.
  const held = new Map<string, RunEvent>();
  const release = (ids: readonly string[]): void => {
    for (const id of ids) {
      const start = held.get(id);
      if (start === undefined) continue;
      held.delete(id);
      report(start);
    }
  };
  return (event) => {
    if (held.size > 0) release(event.parentIds);
    const kind = kindOf(event);
    const phase = phaseOf(event);
    const chainLike = kind === 'chain' || kind === 'parser';
    if (phase === 'start' && chainLike && event.parentIds.length > 0) {
      held.set(event.runId, event);
      return;
    }
    if (phase === 'stream') return;
    const start = held.get(event.runId);
    if (start !== undefined) {
      held.delete(event.runId);
      report(start, event.data.input);
    }
    report(event);
  };
}

/** One event, as LangChain's callback manager reports it. */
function dispatch(
  handlers: readonly CallbackHandlerLike[],
  event: RunEvent,
  whole: boolean,
  wholeInput?: unknown,
): void {
  const { runId, tags, metadata, name, data } = event;
  const parentRunId = event.parentIds[event.parentIds.length - 1];
  const kind = kindOf(event);
  const phase = phaseOf(event);
  const input = wholeInput ?? data.input;
  const sz = serialized(name);
  const tagList = [...tags];
  switch (kind) {
    case 'chain':
    case 'prompt':
    case 'parser': {
      const defers = !whole && deferredStart(kind, name);
      const runType = kind === 'chain' ? undefined : kind;
      const runName = name === 'RunnableSequence' ? undefined : name;
      if (phase === 'start') {
        const inputs = defers ? { input: '' } : coerceToDict(input, 'input');
        const extra = defers ? { lc_defers_inputs: true } : undefined;
        call(handlers, 'ignoreChain', 'handleChainStart', () => [
          sz,
          inputs,
          runId,
          parentRunId,
          tagList,
          metadata,
          runType,
          runName,
          extra,
        ]);
      } else if (phase === 'end') {
        const output = defers ? data.output : coerceToDict(data.output, 'output');
        const kwargs = defers ? { inputs: input } : undefined;
        call(handlers, 'ignoreChain', 'handleChainEnd', () => [
          output,
          runId,
          parentRunId,
          tagList,
          kwargs,
        ]);
      } else if (phase === 'error') {
        call(handlers, 'ignoreChain', 'handleChainError', () => [
          data.error,
          runId,
          parentRunId,
          tagList,
          undefined,
        ]);
      }
      return;
    }
    case 'chat_model':
    case 'llm': {
      const chat = kind === 'chat_model';
      if (phase === 'start') {
        const extraParams = { options: {}, invocation_params: {}, batch_size: 1 };
        const messages = chat ? ((input as { messages?: unknown[][] })?.messages ?? []) : [];
        const prompts = chat ? messages.map(promptText) : [textOf(input)];
        call(handlers, 'ignoreLLM', 'handleChatModelStart', () =>
          chat
            ? [sz, messages, runId, parentRunId, extraParams, tagList, metadata, undefined]
            : undefined,
        );
        call(handlers, 'ignoreLLM', 'handleLLMStart', (h) =>
          !chat || typeof h.handleChatModelStart !== 'function'
            ? [sz, prompts, runId, parentRunId, extraParams, tagList, metadata, undefined]
            : undefined,
        );
      } else if (phase === 'stream') {
        if (whole) return;
        const token = textOf(data.chunk);
        const chunk = chat ? chatGeneration(data.chunk) : { text: token };
        call(handlers, 'ignoreLLM', 'handleLLMNewToken', () => [
          token,
          { prompt: 0, completion: 0 },
          runId,
          parentRunId,
          tagList,
          { chunk },
        ]);
      } else if (phase === 'end') {
        call(handlers, 'ignoreLLM', 'handleLLMEnd', () => [
          llmResult(data.output, chat),
          runId,
          parentRunId,
          tagList,
          undefined,
        ]);
      } else if (phase === 'error') {
        call(handlers, 'ignoreLLM', 'handleLLMError', () => [
          data.error,
          runId,
          parentRunId,
          tagList,
          undefined,
        ]);
      }
      return;
    }
    case 'retriever': {
      if (phase === 'start') {
        const query = queryOf(input);
        call(handlers, 'ignoreRetriever', 'handleRetrieverStart', () => [
          sz,
          query,
          runId,
          parentRunId,
          tagList,
          metadata,
          name,
        ]);
      } else if (phase === 'end') {
        call(handlers, 'ignoreRetriever', 'handleRetrieverEnd', () => [
          data.output,
          runId,
          parentRunId,
          tagList,
        ]);
      } else if (phase === 'error') {
        call(handlers, 'ignoreRetriever', 'handleRetrieverError', () => [
          data.error,
          runId,
          parentRunId,
          tagList,
        ]);
      }
      return;
    }
    case 'tool': {
      if (phase === 'start') {
        const text = typeof input === 'string' ? input : JSON.stringify(input);
        call(handlers, 'ignoreAgent', 'handleToolStart', () => [
          sz,
          text,
          runId,
          parentRunId,
          tagList,
          metadata,
          name,
          undefined,
        ]);
      } else if (phase === 'end') {
        call(handlers, 'ignoreAgent', 'handleToolEnd', () => [
          data.output,
          runId,
          parentRunId,
          tagList,
        ]);
      } else if (phase === 'error') {
        call(handlers, 'ignoreAgent', 'handleToolError', () => [
          data.error,
          runId,
          parentRunId,
          tagList,
        ]);
      }
      return;
    }
    default:
      return;
  }
}

/**
 * The options of a run without `callbacks`, and its event sink: `events` with the callbacks'
 * sink added when there are any (`whole` for an `invoke`). Without callbacks, both as given.
 * @internal
 */
export function withCallbacks(
  options: RunOptions,
  events: RunEventSink | undefined,
  whole: boolean,
): [RunOptions, RunEventSink | undefined] {
  if (options.callbacks === undefined) return [options, events];
  const { callbacks, ...rest } = options;
  return [rest, teeSinks(events, callbackSink(handlersOf(callbacks), whole))];
}
