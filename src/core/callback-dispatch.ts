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

/** A kind of step's handler methods, as LangChain's callback manager calls them. */
interface Methods {
  readonly flag: Flag;
  readonly start: keyof CallbackHandlerLike;
  readonly end: keyof CallbackHandlerLike;
  readonly error: keyof CallbackHandlerLike;
  /** Whether the end and error methods get a fifth argument (LangChain's `kwargs`). */
  readonly kwargs: boolean;
}

const CHAIN: Methods = {
  flag: 'ignoreChain',
  start: 'handleChainStart',
  end: 'handleChainEnd',
  error: 'handleChainError',
  kwargs: true,
};
const LLM: Methods = {
  flag: 'ignoreLLM',
  start: 'handleLLMStart',
  end: 'handleLLMEnd',
  error: 'handleLLMError',
  kwargs: true,
};
const RETRIEVER: Methods = {
  flag: 'ignoreRetriever',
  start: 'handleRetrieverStart',
  end: 'handleRetrieverEnd',
  error: 'handleRetrieverError',
  kwargs: false,
};
const TOOL: Methods = {
  flag: 'ignoreAgent',
  start: 'handleToolStart',
  end: 'handleToolEnd',
  error: 'handleToolError',
  kwargs: false,
};

const METHODS: ReadonlyMap<string, Methods> = new Map([
  ['chain', CHAIN],
  ['prompt', CHAIN],
  ['parser', CHAIN],
  ['chat_model', LLM],
  ['llm', LLM],
  ['retriever', RETRIEVER],
  ['tool', TOOL],
]);

function report(
  handlers: readonly CallbackHandlerLike[],
  event: RunEvent,
  kind: string,
  whole: boolean,
): void {
  const methods = METHODS.get(kind);
  if (methods === undefined) return;
  const { runId, name, data } = event;
  const parentRunId = event.parentIds[event.parentIds.length - 1];
  const phase = phaseOf(event);
  // The run's own list, as LangChain passes its manager's.
  const tagList = event.tags as string[];
  if (phase === 'stream') {
    // Only models' chunks get here (see dispatch).
    const token = textOf(data.chunk);
    const chunk = kind === 'chat_model' ? chatGeneration(data.chunk) : { text: token };
    call(handlers, 'ignoreLLM', 'handleLLMNewToken', () => [
      token,
      { prompt: 0, completion: 0 },
      runId,
      parentRunId,
      tagList,
      { chunk },
    ]);
    return;
  }
  const defers = methods === CHAIN && !whole && deferredStart(kind, name);
  if (phase === 'start') {
    started(handlers, methods, event, kind, defers);
    return;
  }
  if (phase !== 'end' && phase !== 'error') return;
  // LangChain's (output or error, runId, parentRunId, tags[, kwargs]).
  let value: () => unknown = () => data.error;
  let kwargs: unknown;
  if (phase === 'end' && methods === LLM)
    value = () => llmResult(data.output, kind === 'chat_model');
  else if (phase === 'end' && methods === CHAIN) {
    const output = defers ? data.output : coerceToDict(data.output, 'output');
    kwargs = defers ? { inputs: coerceToDict(data.input, 'input') } : undefined;
    value = () => output;
  } else if (phase === 'end') value = () => data.output;
  call(handlers, methods.flag, phase === 'end' ? methods.end : methods.error, () =>
    methods.kwargs
      ? [value(), runId, parentRunId, tagList, kwargs]
      : [value(), runId, parentRunId, tagList],
  );
}

/** Calls the start methods of `event`'s step with LangChain's arguments. */
function started(
  handlers: readonly CallbackHandlerLike[],
  methods: Methods,
  event: RunEvent,
  kind: string,
  defers: boolean,
): void {
  const { runId, metadata, name } = event;
  const input = event.data.input;
  const parentRunId = event.parentIds[event.parentIds.length - 1];
  const tagList = event.tags as string[];
  const sz = serialized(name);
  const { flag, start } = methods;
  if (methods === CHAIN) {
    const inputs = defers ? { input: '' } : coerceToDict(input, 'input');
    const runType = kind === 'chain' ? undefined : kind;
    const runName = name === 'RunnableSequence' ? undefined : name;
    const extra = defers ? { lc_defers_inputs: true } : undefined;
    call(handlers, flag, start, () => [
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
  } else if (methods === LLM) {
    const chat = kind === 'chat_model';
    const extraParams = { options: {}, invocation_params: {}, batch_size: 1 };
    const messages = chat ? messageGroups(input) : [];
    const prompts = chat ? messages.map(promptText) : [textOf(input)];
    call(handlers, flag, 'handleChatModelStart', () =>
      chat
        ? [sz, messages, runId, parentRunId, extraParams, tagList, metadata, undefined]
        : undefined,
    );
    call(handlers, flag, start, (h) =>
      !chat || typeof h.handleChatModelStart !== 'function'
        ? [sz, prompts, runId, parentRunId, extraParams, tagList, metadata, undefined]
        : undefined,
    );
  } else {
    // A retriever's query, or a tool's input as text; a tool's start takes one more argument.
    const tool = methods === TOOL;
    const what = tool
      ? typeof input === 'string'
        ? input
        : JSON.stringify(input)
      : queryOf(input);
    call(handlers, flag, start, () =>
      tool
        ? [sz, what, runId, parentRunId, tagList, metadata, undefined, undefined]
        : [sz, what, runId, parentRunId, tagList, metadata, undefined],
    );
  }
}
