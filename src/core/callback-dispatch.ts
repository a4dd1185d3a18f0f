/**
 * Calling LangChain callback handlers for one run event, with the arguments LangChain passes.
 * @module
 */
import type { CallbackHandlerLike } from './callbacks';
import {
  chatGeneration,
  coerceToDict,
  deferredStart,
  llmResult,
  messageGroups,
  promptText,
  queryOf,
  serialized,
  textOf,
} from './callback-args';
import type { RunEvent } from './run-events';

/** Fails the run with a handler's error (`method` names the handler method). @internal */
export type Fail = ((error: unknown, method: string) => void) | undefined;

// The run to fail while one event is being reported (reporting is synchronous).
let failing: Fail;

type Flag = 'ignoreChain' | 'ignoreLLM' | 'ignoreRetriever' | 'ignoreAgent';

/** The kind of an event (`chain`, `chat_model`, …). @internal */
export const kindOf = (event: RunEvent): string =>
  event.event.slice(3, event.event.lastIndexOf('_'));

/** The phase of an event (`start`, `stream`, `end`, `error`). @internal */
export const phaseOf = (event: RunEvent): string =>
  event.event.slice(event.event.lastIndexOf('_') + 1);

/**
 * Logs a handler's error as LangChain does; as in LangChain, it fails the run only when the
 * handler both raises its errors and is awaited.
 */
function failed(handler: CallbackHandlerLike, method: string, error: unknown, fail: Fail): void {
  (handler.raiseError ? console.error : console.warn)(
    `Error in handler ${handler.constructor.name}, ${method}: ${String(error)}`,
  );
  if (handler.raiseError && handler.awaitHandlers) fail?.(error, method);
}

/** Calls `method` of each handler not ignoring `flag`, as LangChain's manager does. */
function call(
  handlers: readonly CallbackHandlerLike[],
  flag: Flag,
  method: keyof CallbackHandlerLike,
  args: (handler: CallbackHandlerLike) => unknown[] | undefined,
): void {
  const fail = failing;
  for (const handler of handlers) {
    if (handler[flag]) continue;
    const fn = handler[method];
    if (typeof fn !== 'function') continue;
    const list = args(handler);
    if (list === undefined) continue;
    // As in LangChain, a handler error fails the run only when the handler both raises its
    // errors and is awaited; otherwise it is logged.
    try {
      const result = (fn as (...a: unknown[]) => unknown).apply(handler, list);
      if (result instanceof Promise)
        result.catch((error: unknown) => failed(handler, method, error, fail));
    } catch (error) {
      failed(handler, method, error, fail);
    }
  }
}

/**
 * Reports one event to `handlers` as LangChain's callback manager would. A handler with
 * `raiseError` and `awaitHandlers` that throws (or rejects) calls `fail`, which fails the run;
 * other handler errors are logged.
 * @internal
 */
export function dispatch(
  handlers: readonly CallbackHandlerLike[],
  event: RunEvent,
  whole: boolean,
  fail: Fail,
): void {
  const kind = kindOf(event);
  // Only models' chunks are reported (as tokens): other steps' stream events cost nothing more.
  if (event.event.endsWith('_stream') && kind !== 'chat_model' && kind !== 'llm') return;
  failing = fail;
  try {
    report(handlers, event, kind, whole);
  } catch (error) {
    // A bug in building the arguments must not break the run: report it as LangChain does.
    console.warn(`Error in callbacks, ${event.event}: ${String(error)}`);
  } finally {
    failing = undefined;
  }
}

function report(
  handlers: readonly CallbackHandlerLike[],
  event: RunEvent,
  kind: string,
  whole: boolean,
): void {
  const { runId, metadata, name, data } = event;
  const parentRunId = event.parentIds[event.parentIds.length - 1];
  const phase = phaseOf(event);
  const input = data.input;
  const sz = phase === 'start' ? serialized(name) : undefined;
  // The run's own list, as LangChain passes its manager's.
  const tagList = event.tags as string[];
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
        const kwargs = defers ? { inputs: coerceToDict(input, 'input') } : undefined;
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
        const messages = chat ? messageGroups(input) : [];
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
          undefined,
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
          undefined,
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
